// The offline copy's file list: what the service worker stores out of a build, and the build failing when the
// page or DuckDB's wasm would be missing from it.
import { describe, expect, it } from 'vitest';
import { isPrecached, selectPrecache, type PrecacheEntry } from '../../../src/offline/precache-list.ts';

// The files of a real Ciclo build (names as Vite writes them), with their sizes in bytes.
const BUILD: PrecacheEntry[] = [
  { url: 'index.html', size: 969, revision: 'a' },
  { url: 'favicon.svg', size: 311, revision: 'b' },
  { url: 'demo/ciclo-demo.csv', size: 8_547_123, revision: 'c' },
  { url: 'demo/cdnow_sample.csv', size: 163_000, revision: 'd' },
  { url: 'demo/README.md', size: 2_100, revision: 'e' },
  { url: 'assets/index-bgK8VShe.js', size: 1_740_230, revision: null },
  { url: 'assets/index-bgK8VShe.js.map', size: 5_000_000, revision: null },
  { url: 'assets/index-CHRp6HCq.css', size: 70_940, revision: null },
  { url: 'assets/duckdb-eh-9ubY-jlA.wasm', size: 34_242_586, revision: null },
  { url: 'assets/duckdb-browser-eh.worker-hQa-dcAV.js', size: 772_759, revision: null },
  { url: 'sw.js', size: 1_537, revision: 'f' },
  { url: 'workbox-0bb07689.js', size: 14_703, revision: 'g' },
];

describe('isPrecached', () => {
  it('keeps the page, scripts, styles, the wasm, the icon and the demo CSVs', () => {
    for (const url of ['index.html', 'assets/a-1.js', 'assets/w.mjs', 'assets/a.CSS', 'assets/duckdb-eh-x.wasm', 'favicon.svg', 'demo/ciclo-demo.csv', './index.html']) {
      expect(isPrecached(url), url).toBe(true);
    }
  });

  it('leaves out source maps, documents, the service worker and its runtime, and names without a type', () => {
    for (const url of ['assets/a.js.map', 'demo/README.md', 'sw.js', './sw.js', 'workbox-0bb07689.js', 'LICENSE', '.nojekyll', 'manifest.webmanifest']) {
      expect(isPrecached(url), url).toBe(false);
    }
  });

  it('keeps a script that only looks like the service worker when it sits in a folder', () => {
    expect(isPrecached('assets/sw.js')).toBe(true);
  });

  it('rejects an empty URL with a message saying what came', () => {
    expect(() => isPrecached('')).toThrow('url must be a non-empty string, got ""');
  });
});

describe('selectPrecache', () => {
  it('keeps eight of the twelve built files and adds up their bytes', () => {
    const { manifest, leftOut, totalBytes } = selectPrecache(BUILD);
    expect(manifest.map((e) => e.url)).toEqual([
      'index.html',
      'favicon.svg',
      'demo/ciclo-demo.csv',
      'demo/cdnow_sample.csv',
      'assets/index-bgK8VShe.js',
      'assets/index-CHRp6HCq.css',
      'assets/duckdb-eh-9ubY-jlA.wasm',
      'assets/duckdb-browser-eh.worker-hQa-dcAV.js',
    ]);
    expect(leftOut).toEqual(['demo/README.md', 'assets/index-bgK8VShe.js.map', 'sw.js', 'workbox-0bb07689.js']);
    // 969 + 311 + 8,547,123 + 163,000 + 1,740,230 + 70,940 + 34,242,586 + 772,759
    expect(totalBytes).toBe(45_537_918);
  });

  it('keeps the entries as they came (revision included), so Workbox can cache-bust the unhashed ones', () => {
    const { manifest } = selectPrecache(BUILD);
    expect(manifest[0]).toBe(BUILD[0]);
  });

  it('fails the build when the DuckDB wasm is missing, since the site could not start offline', () => {
    const withoutWasm = BUILD.filter((e) => !e.url.endsWith('.wasm'));
    expect(() => selectPrecache(withoutWasm)).toThrow('the offline copy lacks the DuckDB .wasm');
  });

  it('fails the build when the page is missing, and names both gaps when both are', () => {
    expect(() => selectPrecache([])).toThrow('the offline copy lacks index.html and the DuckDB .wasm; the built files were: none');
  });

  it('fails when the copy would be larger than maxTotalBytes', () => {
    expect(() => selectPrecache(BUILD, { maxTotalBytes: 45_537_917 })).toThrow('would hold 45537918 bytes, more than maxTotalBytes 45537917');
    expect(selectPrecache(BUILD, { maxTotalBytes: 45_537_918 }).totalBytes).toBe(45_537_918);
  });

  it('rejects a maxTotalBytes that is not a positive number', () => {
    expect(() => selectPrecache(BUILD, { maxTotalBytes: 0 })).toThrow('maxTotalBytes must be a positive number of bytes, got 0');
    expect(() => selectPrecache(BUILD, { maxTotalBytes: Number.NaN })).toThrow('got NaN');
  });
});
