// Which files of the built site Ciclo's service worker keeps for offline use. The build (vite.config.ts)
// hands every file it wrote to `selectPrecache`, which keeps what the app needs to start without a network:
// the page, its scripts, styles and workers, the DuckDB wasm, the icon and the demo CSVs.

/** One built file as the service-worker generator lists it; `url` is relative to the site's folder. */
export interface PrecacheEntry {
  url: string;
  /** Bytes on disk. */
  size: number;
  revision?: string | null;
}

/** File types the app loads at run time; anything else (source maps, the demo README) stays online-only. */
export const PRECACHED_EXTENSIONS: readonly string[] = ['html', 'js', 'mjs', 'css', 'wasm', 'svg', 'csv'];

/** The service worker itself and its runtime are installed by the browser, never precached. */
const SERVICE_WORKER_FILE = /^(sw\.js|workbox-[\w-]+\.js)$/;

/** True when a built file at `url` (relative to the site's folder) belongs in the offline copy. */
export function isPrecached(url: string): boolean {
  if (typeof url !== 'string' || url === '') throw new Error(`url must be a non-empty string, got ${JSON.stringify(url)}`);
  const path = url.replace(/^\.?\//, '').replace(/[?#].*$/, '');
  if (SERVICE_WORKER_FILE.test(path)) return false;
  const name = path.split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false;
  return PRECACHED_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

export interface PrecacheSelection<T extends PrecacheEntry> {
  manifest: T[];
  /** URLs of the built files that stay online-only. */
  leftOut: string[];
  /** Sum of the kept files' sizes. */
  totalBytes: number;
}

/**
 * Keeps the entries `isPrecached` accepts and checks that the offline copy can start the app: it must hold
 * `index.html` and a `.wasm` file (DuckDB), otherwise the build fails rather than shipping a service worker that
 * claims "Works offline" and cannot. `maxTotalBytes` guards against precaching something huge by accident.
 */
export function selectPrecache<T extends PrecacheEntry>(
  entries: readonly T[],
  { maxTotalBytes = 96 * 1024 * 1024 }: { maxTotalBytes?: number } = {},
): PrecacheSelection<T> {
  if (!Array.isArray(entries)) throw new Error(`entries must be an array, got ${typeof entries}`);
  if (!Number.isFinite(maxTotalBytes) || maxTotalBytes <= 0) {
    throw new Error(`maxTotalBytes must be a positive number of bytes, got ${maxTotalBytes}`);
  }
  const manifest = entries.filter((entry) => isPrecached(entry.url));
  const urls = manifest.map((entry) => entry.url.replace(/^\.?\//, ''));
  const missing: string[] = [];
  if (!urls.includes('index.html')) missing.push('index.html');
  if (!urls.some((url) => url.endsWith('.wasm'))) missing.push('the DuckDB .wasm');
  if (missing.length > 0) {
    throw new Error(`the offline copy lacks ${missing.join(' and ')}; the built files were: ${entries.map((e) => e.url).join(', ') || 'none'}`);
  }
  const totalBytes = manifest.reduce((sum, entry) => sum + entry.size, 0);
  if (totalBytes > maxTotalBytes) {
    throw new Error(`the offline copy would hold ${totalBytes} bytes, more than maxTotalBytes ${maxTotalBytes}`);
  }
  const leftOut = entries.filter((entry) => !isPrecached(entry.url)).map((entry) => entry.url);
  return { manifest, leftOut, totalBytes };
}
