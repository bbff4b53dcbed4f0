// Builds the `ciclo` command-line tool for Node from the same sources as the site
// (so `?raw` SQL imports and the import module behave exactly as in the browser).
import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';

export default defineConfig({
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), /^@duckdb\//, 'papaparse'],
      output: { entryFileNames: 'ciclo.mjs', format: 'es' },
    },
  },
});
