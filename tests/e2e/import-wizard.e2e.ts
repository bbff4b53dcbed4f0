// A small-business owner drops a real Portuguese-format export (windows-1252, `;`, title line,
// decimal comma, dd/mm/yyyy, typos in dates) and browses it: detection, rejects, grid.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openRecorded } from './browser';
import { importFiles, openSite, readSummary, waitForRows } from './app';
import { ceapsExpected } from './oracles';

const CEAPS = 'tests/fixtures/import/despesa_ceaps_2022.csv';
const expected = ceapsExpected(CEAPS);

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  ({ page } = await openRecorded(browser, inject('siteOrigin')));
  await openSite(page, inject('siteUrl'));
});
afterAll(async () => {
  await browser?.close();
});

describe('importing a Brazilian ERP-style export', () => {
  it('detects windows-1252, semicolons, the header below the title line, decimal comma and day-first dates', async () => {
    await importFiles(page, [{ name: 'despesa_ceaps_2022.csv', buffer: readFileSync(CEAPS) }], { confirm: false });
    const wizard = page.getByTestId('import-wizard');
    await wizard.waitFor({ state: 'visible', timeout: 60_000 });
    await expect.poll(() => page.getByTestId('setting-encoding').inputValue()).toBe('windows-1252');
    expect(await page.getByTestId('setting-delimiter').inputValue()).toBe(';');
    expect(await page.getByTestId('setting-header-line').inputValue()).toBe('2');
    expect(await page.getByTestId('setting-decimal').inputValue()).toBe(',');
    expect(await page.getByTestId('setting-date-order').inputValue()).toBe('dmy');
    expect(await page.getByTestId('role-customer_id').inputValue()).not.toBe('');
    // The preview shows an accented name decoded correctly.
    await expect.poll(() => wizard.textContent()).toMatch(/ã|ç|é/);
  });

  it('imports the good rows and lists the implausible 2002 dates with their line numbers', async () => {
    await page.getByTestId('import-button').click();
    await waitForRows(page, expected.rows);
    const summary = await readSummary(page);
    expect(summary.rows + summary.rejected).toBe(expected.records);
    expect(summary.rejected).toBe(expected.implausible.length);
    expect(summary.customers).toBe(expected.customers);
    expect(summary.firstDate).toBe(expected.firstDate);
    expect(summary.lastDate).toBe(expected.lastDate);
    expect(summary.revenue).toBeCloseTo(expected.revenue, 2);
    expect(summary.revenue).toBeCloseTo(expected.total - expected.implausible.reduce((s, r) => s + r.amount, 0), 2);
    const rejected = (await page.getByTestId('rejected-list').textContent()) ?? '';
    for (const row of expected.implausible) {
      expect(rejected).toContain(String(row.line));
      expect(rejected).toContain(row.raw);
    }
  });

  it('filters and sorts the grid in DuckDB', async () => {
    await page.getByTestId('tab-sales').click();
    const grid = page.getByTestId('grid');
    await expect.poll(() => grid.getAttribute('aria-rowcount'), { timeout: 30_000 }).toBe(String(expected.rows));
    await page.getByTestId('grid-filter').fill('ACIR GURGACZ');
    const acir = readFileSync(CEAPS, 'latin1').split('\r\n').filter((l) => l.includes('"ACIR GURGACZ"') && !/\/2002"/.test(l)).length;
    await expect.poll(() => grid.getAttribute('aria-rowcount'), { timeout: 20_000 }).toBe(String(acir));
    await page.getByTestId('grid-filter').fill('');
    await expect.poll(() => grid.getAttribute('aria-rowcount'), { timeout: 20_000 }).toBe(String(expected.rows));

    // Sorting by amount, descending, brings the largest reimbursement to the first row.
    const amountColumn = Number(await page.locator('[role="columnheader"][data-column="amount"]').getAttribute('aria-colindex'));
    await page.getByTestId('sort-amount').click();
    await page.getByTestId('sort-amount').click();
    await expect.poll(() => page.locator('[data-column="amount"]').getAttribute('aria-sort'), { timeout: 30_000 }).toBe('descending');
    const largest = Math.max(...readFileSync(CEAPS, 'latin1').split('\r\n').slice(2).filter((l) => l && !/\/2002"/.test(l)).map((l) => Number((l.slice(1, -1).split('";"')[9] ?? '').replace(',', '.'))));
    const firstAmount = () => page.locator(`[role="row"][aria-rowindex="1"] [role="gridcell"][aria-colindex="${amountColumn}"]`).textContent();
    await expect.poll(async () => Number(((await firstAmount()) ?? '').replace(/[^\d.-]/g, '')), { timeout: 20_000 }).toBeCloseTo(largest, 2);
  });
});

describe('a file whose dates fit both day-first and month-first', () => {
  it('asks instead of guessing, and reads the dates the way the user answers', async () => {
    const keep = page.getByTestId('keep-rows');
    if (await keep.isVisible()) await keep.click();
    const text = 'cliente;data;valor\nA;01/02/2024;10,00\nB;03/04/2024;20,00\nC;05/06/2024;30,00\n';
    await importFiles(page, [{ name: 'ambiguas.csv', buffer: Buffer.from(text) }], { confirm: false });
    await page.getByTestId('date-question').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.getByTestId('import-button').isDisabled()).toBe(true);
    await page.getByTestId('date-order-dmy').check();
    // Added to one's own data by default; this file is to replace it.
    expect(await page.getByTestId('mode-append').isChecked()).toBe(true);
    await page.getByTestId('mode-replace').check();
    await expect.poll(() => page.getByTestId('import-button').isEnabled(), { timeout: 20_000 }).toBe(true);
    await page.getByTestId('import-button').click();
    await waitForRows(page, 3);
    const summary = await readSummary(page);
    expect([summary.firstDate, summary.lastDate]).toEqual(['2024-02-01', '2024-06-05']);
    expect(summary.revenue).toBeCloseTo(60, 2);
  });
});
