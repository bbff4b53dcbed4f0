// DuckDB's own CSV reader in the built site: a large clean export is stored by it, with the same figures and
// the same grid as the careful line-by-line import (`?import=careful`) gives in another tab; an export with
// one bad line is left to the careful import, which locates the line.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openRecorded } from './browser';
import { importFiles, openSite, readSummary, visibleGridRows, waitForRows } from './app';
import { planSalesHistory, salesCsv } from '../fixtures/sales-generator';

// About 3.4 MB: above the size from which the engine import is tried.
const clean = planSalesHistory({ seed: 23, lines: 25_000, returns: 30, badDates: 0, emptyCustomers: 0 });
const cleanFile = { name: 'vendas-limpas.csv', buffer: Buffer.from(salesCsv(clean, 'br').text, 'utf8') };
const damaged = planSalesHistory({ seed: 29, lines: 25_000, badDates: 1, emptyCustomers: 0 });
const damagedFile = { name: 'vendas-com-erro.csv', buffer: Buffer.from(salesCsv(damaged, 'br').text, 'utf8') };

let browser: Browser;
const tabs: Array<{ page: Page; pageErrors: string[]; foreignRequests: () => string[] }> = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function importInTab(search: string) {
  const tab = await openRecorded(browser, inject('siteOrigin'));
  tabs.push(tab);
  await openSite(tab.page, `${inject('siteUrl')}${search}`);
  await importFiles(tab.page, [cleanFile]);
  await waitForRows(tab.page, clean.facts.goodRows);
  return tab.page;
}

/** The grid's visible rows at the top, and after Ctrl+End at the bottom. */
async function gridEnds(page: Page): Promise<{ first: string[]; last: string[] }> {
  await page.getByTestId('tab-sales').click();
  const grid = page.getByTestId('grid');
  await expect.poll(() => grid.getAttribute('aria-rowcount'), { timeout: 30_000 }).toBe(String(clean.facts.goodRows));
  await page.waitForSelector('[data-testid="grid"] [role="gridcell"]', { timeout: 60_000 });
  const first = await visibleGridRows(page);
  await grid.press('Control+End');
  await expect.poll(async () => (await visibleGridRows(page)).join('\n'), { timeout: 30_000 }).toContain(String(clean.facts.dataLines + 1));
  return { first, last: await visibleGridRows(page) };
}

describe('the engine import in the browser', () => {
  it('stores a large clean export with DuckDB’s reader, with the careful import’s figures and grid', { timeout: 240_000 }, async () => {
    expect(cleanFile.buffer.length).toBeGreaterThan(2 * 1024 * 1024);
    const quick = await importInTab('');
    const careful = await importInTab('?import=careful');
    const chip = (page: Page) => page.locator(`[data-testid="file-chip"][data-file="${cleanFile.name}"]`);
    expect(await chip(quick).getAttribute('data-reader')).toBe('duckdb');
    expect(await chip(careful).getAttribute('data-reader')).toBe('careful');

    const summary = await readSummary(quick);
    expect(summary).toEqual(await readSummary(careful));
    expect(summary).toMatchObject({ rows: clean.facts.goodRows, customers: clean.facts.customers, firstDate: clean.facts.firstDate, lastDate: clean.facts.lastDate, rejected: 0 });
    // The grid shows the same first and last lines, line numbers included.
    const [quickRows, carefulRows] = await Promise.all([gridEnds(quick), gridEnds(careful)]);
    expect(quickRows.first.length).toBeGreaterThan(5);
    expect(quickRows.last.length).toBeGreaterThan(5);
    expect(quickRows).toEqual(carefulRows);
    expect(quickRows.last.join('\n')).toContain(String(clean.facts.dataLines + 1));
    for (const tab of tabs) {
      expect(tab.pageErrors).toEqual([]);
      expect(tab.foreignRequests()).toEqual([]);
    }
  });

  it('leaves an export with one bad date to the careful import, which names its line', { timeout: 240_000 }, async () => {
    const { page, pageErrors } = tabs[0]!;
    await page.getByTestId('file-input').setInputFiles({ mimeType: 'text/csv', ...damagedFile });
    await page.getByTestId('mode-append').check({ timeout: 60_000 });
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-review').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('imported-count').getAttribute('data-value')).toBe(String(damaged.facts.goodRows));
    const rejected = page.getByTestId('rejected-row');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.getAttribute('data-line')).toBe(String(damaged.facts.badDateLines[0]));
    expect(await rejected.getAttribute('data-code')).toBe('IMPORT_BAD_DATE');
    expect(pageErrors).toEqual([]);
  });
});
