// Static site build: relative asset URLs so the same dist/ works at / and under a GitHub Pages subpath.
// The service worker (vite-plugin-pwa, Workbox generateSW) keeps a copy of every file the app needs, DuckDB's
// wasm and the demos included, so Ciclo opens offline after the first visit. src/offline/register.ts registers it.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { selectPrecache } from './src/offline/precache-list.ts';

export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    VitePWA({
      strategies: 'generateSW',
      // A new deploy waits until the user chooses to reload (src/ui/common/OfflineStatus.svelte): reloading
      // on its own could interrupt an import in progress.
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      includeManifestIcons: false,
      workbox: {
        // Every built file is offered; selectPrecache keeps the ones the app loads and fails the build if the
        // page or the DuckDB wasm would be missing.
        globPatterns: ['**/*'],
        manifestTransforms: [(entries) => ({ manifest: selectPrecache(entries).manifest, warnings: [] })],
        // The DuckDB wasm is ~34 MB; Workbox's default limit is 2 MiB.
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        // Only precached URLs are answered: no fallback page for other navigations, no runtime caching.
        navigateFallback: null,
        runtimeCaching: [],
        // On the first visit the new worker takes over the open page at once (nothing older to replace),
        // so the status can say "Works offline" without a reload. Later versions wait for the user.
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
        sourcemap: false,
      },
    }),
  ],
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
