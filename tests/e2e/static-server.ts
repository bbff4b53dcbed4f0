// A tiny static server for the built site, mounted under a subpath the way GitHub Pages serves a
// project site (https://user.github.io/ciclo/). Used by end-to-end tests and the benchmark.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticSite {
  /** Base URL of the site, ending in `/` (e.g. `http://127.0.0.1:41234/ciclo/`). */
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** Serves `root` (default `dist/`) at `http://127.0.0.1:<free port><subpath>`. */
export async function serveStatic(root = 'dist', subpath = '/ciclo/'): Promise<StaticSite> {
  const base = resolve(root);
  const server: Server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (!path.startsWith(subpath)) {
        res.writeHead(404).end('not found');
        return;
      }
      let file = normalize(join(base, path.slice(subpath.length)));
      if (!file.startsWith(base)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server has no port');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}${subpath}`,
    origin,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
