// Static site build: relative asset URLs so the same dist/ works at / and under a GitHub Pages subpath.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  base: './',
  plugins: [svelte()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // The DuckDB wasm (~34 MB) is an asset, not a chunk; keep the warning for real chunks.
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0,
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
