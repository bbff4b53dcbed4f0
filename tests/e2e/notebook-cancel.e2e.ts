// A consultant writes a query far too slow for the browser (a cross join of two big ranges), runs it,
// cancels it, and goes on working: the cell says it was cancelled and kept no result, and the next query
// answers at once with the right figure. Then a chart of a small result shows its figures as a table.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, openRecorded, type RecordedSession } from './browser';
import { openSite, waitForRows } from './app';
import { axeViolations, WCAG_TAGS } from './axe';
import { demoExpected } from './oracles';

const expected = demoExpected('public/demo/ciclo-demo.csv');

/**
 * 300 000 × 300 000 = 9·10^10 pairs, each multiplied and summed: many minutes for single-threaded
 * DuckDB-WASM. Were Cancel only to stop waiting, the quick query after it would queue behind this one and
 * the waits below would run out.
 */
const SLOW_SQL = 'SELECT count(*) AS pairs, sum(a.i * b.i) AS total FROM range(300000) a(i), range(300000) b(i)';

/** 1 + 2 + … + 1000 = 1000 · 1001 / 2 = 500 500; the leftover counts result tables named after the slow cell. */
const QUICK_SQL =
  "SELECT sum(i)::INTEGER AS total, (SELECT count(*) FROM information_schema.tables WHERE table_name = 'slow')::INTEGER AS leftover, (SELECT count(*) FROM sales)::INTEGER AS sales_rows FROM range(1, 1001) t(i)";

/** Five steps of 1 250.5: step 4 is 5 002. */
const STEPS_SQL = 'SELECT i::INTEGER AS step, i * 1250.5 AS amount FROM range(1, 6) t(i) ORDER BY step';

let browser: Browser;
let session: RecordedSession;
let page: Page;

async function addSqlCell(name: string, sql: string): Promise<Locator> {
  await page.getByTestId('add-sql').click();
  const cell = page.getByTestId('cell').last();
  const nameField = cell.getByTestId('cell-name');
  await nameField.fill(name);
  await nameField.press('Enter');
  await page.waitForSelector(`[data-testid="cell"][data-name="${name}"]`);
  const named = page.locator(`[data-testid="cell"][data-name="${name}"]`);
  await named.locator('.cm-content').click();
  await page.keyboard.type(sql);
  await page.keyboard.press('Escape'); // closes the completion list, if one opened
  return named;
}

async function gridValue(cell: Locator, column: string): Promise<string | null> {
  const value = cell.locator(`[role="gridcell"][data-column="${column}"][data-value]`).first();
  await value.waitFor();
  return value.getAttribute('data-value');
}

beforeAll(async () => {
  browser = await launchChromium();
  session = await openRecorded(browser, inject('siteOrigin'));
  page = session.page;
  await openSite(page, inject('siteUrl'));
  await page.getByTestId('demo-ciclo').click();
  await waitForRows(page, expected.rows);
  const keep = page.getByTestId('keep-rows');
  if (await keep.isVisible()) await keep.click();
  await page.getByTestId('tab-notebook').click();
  await page.waitForSelector('[data-testid="notebook"][data-restored="true"]');
});

afterAll(async () => {
  await browser?.close();
});

describe('cancelling a notebook query', () => {
  it('interrupts a slow query, keeps no result of it, and answers the next query', async () => {
    const slow = await addSqlCell('slow', SLOW_SQL);
    await slow.getByTestId('cell-run').click();
    await slow.locator('[data-testid="cell-status"][data-status="running"]').waitFor();
    // The seconds count up while it runs.
    await slow.locator('[data-testid="cell-elapsed"]:not([data-seconds="0"])').waitFor({ timeout: 20_000 });

    await slow.getByTestId('cell-cancel').click();
    await slow.getByTestId('cell-cancelled').waitFor({ timeout: 15_000 });
    expect(await slow.getByTestId('cell-status').getAttribute('data-status')).toBe('idle');
    expect(await slow.getByTestId('cell-result').count()).toBe(0);
    // Cancel hands the focus back to Run.
    expect(await slow.getByTestId('cell-run').evaluate((button) => button === document.activeElement)).toBe(true);

    const quick = await addSqlCell('quick', QUICK_SQL);
    await quick.getByTestId('cell-run').click();
    await quick.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    expect(await gridValue(quick, 'total')).toBe('500500');
    expect(await gridValue(quick, 'leftover')).toBe('0');
    expect(Number(await gridValue(quick, 'sales_rows'))).toBe(expected.rows);
  });

  it('runs the cancelled cell again once its query is made small', async () => {
    const slow = page.locator('[data-testid="cell"][data-name="slow"]');
    await slow.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT count(*)::INTEGER AS pairs FROM range(300) a(i), range(300) b(i)');
    await page.keyboard.press('Escape');
    await slow.getByTestId('cell-run').click();
    await slow.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    expect(await gridValue(slow, 'pairs')).toBe(String(300 * 300));
  });
});

describe('a chart cell shown as a table', () => {
  it('names the chart by its mark, axes and points, and lists its figures in a table', async () => {
    const steps = await addSqlCell('steps', STEPS_SQL);
    await steps.getByTestId('cell-run').click();
    await steps.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 30_000 });

    await page.getByTestId('add-chart').click();
    const chart = page.getByTestId('cell').last();
    await chart.getByTestId('chart-source').selectOption('steps');
    await chart.getByTestId('chart-mark').selectOption('bar');
    await chart.getByTestId('chart-x').selectOption('step');
    await chart.getByTestId('chart-y').selectOption('amount');
    await chart.locator('[data-testid="chart-plot"] [role="img"]').waitFor({ timeout: 30_000 });

    const language = await page.evaluate(() => document.documentElement.lang || navigator.language);
    const figure = chart.locator('[data-testid="chart-plot"] figure[aria-labelledby]').first();
    const titleId = (await figure.getAttribute('aria-labelledby')) ?? '';
    const name = (await chart.locator(`[id="${titleId}"]`).textContent()) ?? '';
    expect(name).toContain('amount');
    expect(name).toContain('step');
    if (language.startsWith('en')) expect(name).toBe('Bars chart of amount by step, 5 points');

    await figure.locator('summary').click();
    const table = chart.getByTestId('chart-table');
    await table.waitFor();
    expect(await table.locator('caption').textContent()).toContain('steps');
    expect(await table.locator('thead th[scope="col"]').allTextContents()).toEqual(['step', 'amount']);
    const row = table.locator('tbody tr').nth(3);
    const number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
    expect(await row.locator('th[scope="row"]').textContent()).toBe(number.format(4));
    expect(await row.locator('td').textContent()).toBe(number.format(4 * 1250.5));
    expect(await table.locator('tbody tr').count()).toBe(5);
  });

  it('has no serious or critical accessibility problems in the chart cell with its table open (axe-core)', async () => {
    expect(await axeViolations(page, '[data-testid="cell"][data-kind="chart"]', { tags: WCAG_TAGS })).toEqual([]);
  });

  it('raised no page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
