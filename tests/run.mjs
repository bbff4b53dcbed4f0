#!/usr/bin/env node
// `npm test`: type check, unit tests (real DuckDB, real files), production build, then end-to-end
// tests in headless Chromium against that build. Prints one closing line `N passed, N failed`
// and exits non-zero when anything failed.
//   npm test              everything
//   npm test -- unit      type check + unit tests only
//   npm test -- e2e       build + end-to-end tests only
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const only = process.argv[2];
const env = { ...process.env, TZ: 'UTC', FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR };
const out = '.test-results';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
let broken = false;

function step(title, args) {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  return result.status === 0;
}

function vitest(title, config, jsonFile) {
  const ok = step(title, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--config',
    config,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${jsonFile}`,
  ]);
  if (existsSync(jsonFile)) {
    const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    if (report.numTotalTests === 0) broken = true;
  } else {
    broken = true;
  }
  if (!ok) broken = true;
}

if (only !== 'e2e') {
  if (!step('type check (svelte-check)', ['node_modules/svelte-check/bin/svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings=false', '--output', 'human'])) broken = true;
  vitest('unit tests', 'vitest.config.ts', `${out}/unit.json`);
}
if (only !== 'unit') {
  if (step('production build', ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])) {
    vitest('end-to-end tests (headless Chromium)', 'vitest.e2e.config.ts', `${out}/e2e.json`);
  } else {
    broken = true;
  }
}

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || broken ? 1 : 0);
