// End-to-end tests: the built site in headless Debian Chromium, driven like a user would.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A page under load (a busy CI machine) can take longer than expect.poll's default second to settle.
    expect: { poll: { timeout: 20_000 } },
  },
});
