// Nothing leaves the machine: every request made by the page and its workers during a whole
// session goes to the site's own origin. A canary proves the recorder would catch one that doesn't.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openRecorded } from './browser';
import { importFiles, openSite, waitForRows } from './app';
import { cdnowExpected, ceapsExpected, demoExpected } from './oracles';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('zero egress', () => {
  it('requests nothing but the site itself while loading demos, importing a file and browsing', async () => {
    const session = await openRecorded(browser, inject('siteOrigin'), { serviceWorkers: 'allow' });
    const { page } = session;
    await openSite(page, inject('siteUrl'));
    await page.getByTestId('demo-ciclo').click();
    await waitForRows(page, demoExpected('public/demo/ciclo-demo.csv').rows);

    const ceaps = 'tests/fixtures/import/despesa_ceaps_2022.csv';
    const before = demoExpected('public/demo/ciclo-demo.csv').rows;
    await importFiles(page, [{ name: 'despesa_ceaps_2022.csv', buffer: readFileSync(ceaps) }]);
    await waitForRows(page, before + ceapsExpected(ceaps).rows);
    await page.getByTestId('tab-sales').click();
    await page.getByTestId('grid-filter').fill('Café');
    await page.getByTestId('sort-amount').click();
    await page.getByTestId('language').selectOption('pt-BR');
    await page.getByTestId('grid').press('End');
    await page.getByTestId('grid-filter').fill('');
    await page.waitForTimeout(1000);

    // The DuckDB wasm is fetched by DuckDB's own worker: seeing it proves worker requests are recorded.
    expect(session.requests.some((url) => url.endsWith('.wasm'))).toBe(true);
    expect(session.requests.length).toBeGreaterThan(3);
    expect(session.foreignRequests()).toEqual([]);
    expect(session.cspViolations).toEqual([]);
    expect(cdnowExpected('public/demo/cdnow_sample.csv').rows).toBe(6919);
    await session.context.close();
  });

  it('catches a canary request to another origin from the page and from a worker', async () => {
    // The site's CSP would block the canary before any request exists, so this context bypasses
    // CSP: the point is to prove the recorder, not the CSP.
    const session = await openRecorded(browser, inject('siteOrigin'), { bypassCSP: true, serviceWorkers: 'allow' });
    const { page } = session;
    await openSite(page, inject('siteUrl'));
    expect(session.foreignRequests()).toEqual([]);
    await page.evaluate(async () => {
      await fetch('http://canary.invalid/from-page').catch(() => undefined);
      const source = "fetch('http://canary.invalid/from-worker').catch(() => 0).then(() => postMessage('done'))";
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      await new Promise((resolve) => worker.addEventListener('message', resolve, { once: true }));
    });
    expect(session.foreignRequests()).toEqual(['http://canary.invalid/from-page', 'http://canary.invalid/from-worker']);
    await session.context.close();
  });

  it('the page’s Content-Security-Policy allows only its own origin', async () => {
    const html = readFileSync('dist/index.html', 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
  });
});
