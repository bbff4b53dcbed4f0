// A file beyond the in-browser database's memory: Ciclo stops early and says how big, what limit and what
// to do; the tab stays alive, the data loaded before stays, and the next import is stored correctly. A
// notebook query beyond the limit says so too, and the next query on the same database is right.
// The limit is set low through the page address (`?memory=`), the knob meant for machines with little memory.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, openRecorded } from './browser';
import { openSite, readSummary, waitForRows } from './app';
import { cdnowExpected } from './oracles';
import { planSalesHistory, salesCsv } from '../fixtures/sales-generator';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LIMIT_MIB = 40;
const BIG_LINES = 400_000;
const expected = cdnowExpected('public/demo/cdnow_sample.csv');
let browser: Browser;
let page: Page;
let pageErrors: string[];
const folder = mkdtempSync(join(tmpdir(), 'ciclo-memory-'));

beforeAll(async () => {
  browser = await launchChromium();
  ({ page, pageErrors } = await openRecorded(browser, inject('siteOrigin')));
  await openSite(page, `${inject('siteUrl')}?memory=${LIMIT_MIB}MiB`);
  await page.getByTestId('demo-cdnow').click();
  await waitForRows(page, expected.rows);
});
/** Adds a SQL cell named `name` holding `sql` (typed in its editor) and returns it. */
async function addSqlCell(name: string, sql: string): Promise<Locator> {
  await page.getByTestId('add-sql').click();
  const nameField = page.getByTestId('cell').last().getByTestId('cell-name');
  await nameField.fill(name);
  await nameField.press('Enter');
  const named = page.locator(`[data-testid="cell"][data-name="${name}"]`);
  await named.waitFor();
  await named.locator('.cm-content').click();
  await page.keyboard.type(sql);
  await page.keyboard.press('Escape');
  return named;
}

afterAll(async () => {
  await browser?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('a file beyond the memory limit', () => {
  it('stops the import with how far it got, the limit and what to do, and keeps the earlier data', { timeout: 300_000 }, async () => {
    // Over Playwright's 50 MB limit for in-memory files: handed over as a file on disk, as a user would.
    const { text } = salesCsv(planSalesHistory({ seed: 11, lines: BIG_LINES }), 'br');
    // The browser reads the picked file lazily, from disk: it stays until the tests end.
    const path = join(folder, 'tres-anos.csv');
    writeFileSync(path, text, 'utf8');
    await page.getByTestId('file-input').setInputFiles(path);
    const button = page.getByTestId('import-button');
    await button.waitFor({ state: 'visible', timeout: 60_000 });
    await button.click();
    const error = page.locator('[data-testid="error"][data-code="IMPORT_OUT_OF_MEMORY"]');
    await error.waitFor({ state: 'visible', timeout: 120_000 });
    const message = (await error.textContent()) ?? '';
    expect(message).toContain(`${LIMIT_MIB} MB`);
    expect(message).toContain('npx ciclo analyze');
    expect(message).toContain('tres-anos.csv');
    // How far it got: a number of lines below the file's, and the file's size.
    const rows = Number(/after ([\d,.]+) lines/.exec(message)?.[1]?.replace(/[,.]/g, ''));
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(BIG_LINES);

    // The tab is alive and nothing of the big file stayed.
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    const summary = await readSummary(page);
    expect(summary.rows).toBe(expected.rows);
    expect(summary.customers).toBe(expected.customers);
    expect(pageErrors).toEqual([]);
  });

  it('imports the next file correctly after the stop', async () => {
    await page.getByTestId('wizard-cancel').click();
    await page.getByTestId('file-input').setInputFiles({ name: 'cdnow-again.csv', mimeType: 'text/csv', buffer: readFileSync('public/demo/cdnow_sample.csv') });
    await page.getByTestId('mode-append').check({ timeout: 60_000 });
    await page.getByTestId('import-button').click();
    await waitForRows(page, expected.rows * 2);
    const summary = await readSummary(page);
    expect(summary.customers).toBe(expected.customers);
  });

  it('says when a notebook query goes beyond the limit, and answers the next query correctly', { timeout: 120_000 }, async () => {
    const loaded = await readSummary(page);
    await page.getByTestId('tab-notebook').click();
    await page.waitForSelector('[data-testid="notebook"][data-restored="true"]');
    // 20 million rows of two BIGINTs: about 320 MB for a result table, eight times the limit.
    const big = await addSqlCell('too_big', 'SELECT i, i * 2 AS twice FROM range(20000000) t(i)');
    await big.getByTestId('cell-run').click();
    const error = big.locator('[data-testid="cell-error"][data-code="MEMORY_LIMIT_REACHED"]');
    await error.waitFor({ timeout: 90_000 });
    expect((await error.textContent()) ?? '').toContain('npx ciclo analyze');
    expect(await big.getByTestId('cell-result').count()).toBe(0);

    // The next query runs on the same database, with the sales rows intact.
    const next = await addSqlCell('after_it', 'SELECT count(*)::INTEGER AS n, round(sum(amount), 2) AS revenue, (SELECT sum(i)::BIGINT FROM range(1, 1001) t(i)) AS check_sum FROM sales');
    await next.getByTestId('cell-run').click();
    await next.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    const value = (column: string) => next.locator(`[role="gridcell"][data-column="${column}"][data-value]`).first().getAttribute('data-value');
    expect(Number(await value('n'))).toBe(loaded.rows);
    expect(Number(await value('revenue'))).toBeCloseTo(loaded.revenue, 2);
    expect(await value('check_sum')).toBe('500500');
    expect(pageErrors).toEqual([]);
  });
});
