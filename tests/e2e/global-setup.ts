// Serves the built site (run `vite build` first; `npm test` does) under a GitHub-Pages-like subpath.
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { serveStatic } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    siteOrigin: string;
  }
}

export default async function setup(project: TestProject) {
  // CICLO_DIST serves another build folder (e.g. `vite build --outDir /tmp/site`), so several builds can be
  // tested side by side.
  const dist = process.env.CICLO_DIST ?? 'dist';
  if (!existsSync(`${dist}/index.html`)) throw new Error(`${dist}/ is missing: run \`npx vite build\` before the end-to-end tests`);
  const site = await serveStatic(dist, '/ciclo/');
  project.provide('siteUrl', site.url);
  project.provide('siteOrigin', site.origin);
  return () => site.close();
}
