// Offline after the first visit: the service worker stores the whole site (page, scripts, DuckDB's wasm, the
// demos), so with the network cut a reload still opens Ciclo and DuckDB still reads the demo. A new deploy
// waits for the user's Reload.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { launchChromium, openRecorded } from './browser';
import { openSite, readSummary, waitForRows } from './app';
import { demoExpected } from './oracles';
import { serveStatic } from './static-server';

const DIST = process.env.CICLO_DIST ?? 'dist';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Waits until a service worker controls the page and the top bar says "Works offline". */
async function waitForOfflineReady(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', undefined, { timeout: 90_000 });
  await page.getByTestId('offline-ready').waitFor({ state: 'visible', timeout: 30_000 });
}

describe('offline after the first visit', () => {
  it('reloads with the network cut and opens the demo with DuckDB started from the stored copy', async () => {
    const expected = demoExpected('public/demo/ciclo-demo.csv');
    const session = await openRecorded(browser, inject('siteOrigin'), { serviceWorkers: 'allow' });
    const { page, context } = session;
    await openSite(page, inject('siteUrl'));
    await waitForOfflineReady(page);
    expect(await page.getByTestId('offline-ready').textContent()).toContain('Works offline');

    await context.setOffline(true);
    const responses: Response[] = [];
    context.on('response', (response) => responses.push(response));
    await page.reload();
    await page.getByTestId('file-input').waitFor({ state: 'attached' });
    await page.getByTestId('demo-ciclo').click();
    await waitForRows(page, expected.rows);
    const summary = await readSummary(page);
    expect(summary.customers).toBe(expected.customers);
    expect(summary.rejected).toBe(expected.bad);

    // The page, the demo and the wasm (fetched by DuckDB's own worker) came from the service worker's cache.
    const fromCache = (suffix: string) => responses.filter((r) => new URL(r.url()).pathname.endsWith(suffix)).map((r) => r.fromServiceWorker());
    expect(fromCache('/ciclo/')).toEqual([true]);
    expect(fromCache('/demo/ciclo-demo.csv')).toEqual([true]);
    expect(fromCache('.wasm')).toContain(true);
    expect(fromCache('.wasm')).not.toContain(false);
    expect(session.pageErrors).toEqual([]);

    // The network really is cut: a file of the site that is not in the stored copy cannot be fetched.
    const readme = await page.evaluate(async () => {
      try {
        return (await fetch(new URL('demo/README.md', document.baseURI))).status;
      } catch {
        return 'failed';
      }
    });
    expect(readme).toBe('failed');
    expect(session.foreignRequests()).toEqual([]);
    expect(session.cspViolations).toEqual([]);
    await context.close();
  });

  it('offers a new deploy with a Reload banner and switches to it only when the user reloads', async () => {
    // A private copy of the build, served on its own port, so the deploy can change under the open page.
    const folder = mkdtempSync(join(tmpdir(), 'ciclo-offline-'));
    cpSync(DIST, folder, { recursive: true });
    const site = await serveStatic(folder, '/ciclo/');
    try {
      const session = await openRecorded(browser, site.origin, { serviceWorkers: 'allow' });
      const { page, context } = session;
      await openSite(page, site.url);
      await waitForOfflineReady(page);
      expect(await page.getByTestId('offline-update').count()).toBe(0);

      // The next deploy: a changed page, listed in the service worker with its new revision (Workbox's MD5).
      const html = readFileSync(join(folder, 'index.html'), 'utf8').replace('</head>', '<meta name="ciclo-deploy" content="2" />\n  </head>');
      const sw = readFileSync(join(folder, 'sw.js'), 'utf8');
      const revision = /\{url:"index\.html",revision:"([0-9a-f]{32})"\}/.exec(sw)?.[1];
      expect(revision).toBeDefined();
      writeFileSync(join(folder, 'index.html'), html);
      writeFileSync(join(folder, 'sw.js'), sw.replace(revision ?? '', createHash('md5').update(html).digest('hex')));

      // A visit after the deploy finds the new version; it waits, and the page still runs the old one.
      await page.reload();
      await page.getByTestId('offline-update').waitFor({ state: 'visible', timeout: 90_000 });
      expect(await page.locator('meta[name="ciclo-deploy"]').count()).toBe(0);
      await page.getByTestId('offline-reload').click();
      await page.waitForFunction(() => document.querySelector('meta[name="ciclo-deploy"]') !== null, undefined, { timeout: 60_000 });
      await page.getByTestId('file-input').waitFor({ state: 'attached' });
      expect(await page.getByTestId('offline-update').count()).toBe(0);
      expect(session.foreignRequests()).toEqual([]);
      expect(session.pageErrors).toEqual([]);
      await context.close();
    } finally {
      await site.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
