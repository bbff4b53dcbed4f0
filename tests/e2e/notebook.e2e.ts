// A consultant opens the Ciclo demo, writes a SQL cell in the Notebook (lines and revenue per month),
// checks it against the file itself, charts it, adds a note, reloads the page and finds the cells again,
// and opens a hostile notebook file, which is refused at its line while the notebook and the data stay. Then
// they open the built-in analyses, read the SQL behind the customer facts, copy it, add it as a cell and query
// its result by name, checking the figures against the file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openRecorded, type RecordedSession } from './browser';
import { openSite, waitForRows } from './app';
import { demoExpected } from './oracles';
import { builtinAnalysis } from '../../src/notebook/builtin';

const DEMO = 'public/demo/ciclo-demo.csv';
const expected = demoExpected(DEMO);

/**
 * Sales lines per calendar month read straight from the demo file with plain code: `;`-separated, dates
 * dd/mm/yyyy, amounts with a decimal comma; rows without a customer, a real date or an amount are the
 * ones the import rejects. (The demo has no quoted semicolons in the columns read here.)
 */
function linesPerMonth(path: string): Map<string, number> {
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line !== '');
  const header = lines[0]!.split(';');
  const iDate = header.indexOf('Data');
  const iCustomer = header.indexOf('Cliente');
  const iAmount = header.indexOf('Valor Total');
  const months = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const cells = line.split(';').map((cell) => cell.replace(/^"|"$/g, '').trim());
    const date = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cells[iDate] ?? '');
    const amount = Number((cells[iAmount] ?? '').replaceAll('.', '').replace(',', '.'));
    if (!date || !cells[iCustomer] || cells[iAmount] === '' || Number.isNaN(amount)) continue;
    const [day, month, year] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const real = new Date(Date.UTC(year, month - 1, day));
    if (real.getUTCMonth() !== month - 1 || real.getUTCDate() !== day) continue;
    const key = `${date[3]}-${date[2]}`;
    months.set(key, (months.get(key) ?? 0) + 1);
  }
  return months;
}

const MONTHLY_SQL = "SELECT strftime(order_date, '%Y-%m') AS month, count(*)::INTEGER AS lines, sum(amount) AS revenue FROM sales GROUP BY ALL ORDER BY month";

let browser: Browser;
let session: RecordedSession;
let page: Page;

async function openDemoNotebook(): Promise<void> {
  await openSite(page, inject('siteUrl'));
  // After a reload the kept demo comes back by itself (saved data); on a first visit it is opened.
  const demo = page.getByTestId('demo-ciclo');
  if (await demo.isVisible()) await demo.click();
  await waitForRows(page, expected.rows);
  const keep = page.getByTestId('keep-rows');
  if (await keep.isVisible()) await keep.click();
  await page.getByTestId('tab-notebook').click();
  await page.getByTestId('notebook').waitFor();
  await page.waitForSelector('[data-testid="notebook"][data-restored="true"]');
}

/** Reads every loaded row of a cell's result grid as records of raw values. */
async function resultRows(cell: ReturnType<Page['locator']>): Promise<Record<string, string>[]> {
  return cell.locator('[data-testid="cell-result"] [role="row"][aria-rowindex]').evaluateAll((rows) =>
    rows
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((row) => Object.fromEntries([...row.querySelectorAll('[role="gridcell"]')].map((c) => [c.getAttribute('data-column'), c.getAttribute('data-value') ?? '']))),
  );
}

beforeAll(async () => {
  browser = await launchChromium();
  session = await openRecorded(browser, inject('siteOrigin'));
  page = session.page;
  await openDemoNotebook();
});

afterAll(async () => {
  await browser?.close();
});

describe('the notebook', () => {
  it('runs a SQL cell typed in the editor with Ctrl+Enter and shows lines per month that match the file', async () => {
    await page.getByTestId('add-sql').click();
    const cell = page.getByTestId('cell').last();
    await cell.locator('.cm-content').click();
    await page.keyboard.type(MONTHLY_SQL);
    await page.keyboard.press('Control+Enter');
    await cell.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 60_000 });

    const oracle = linesPerMonth(DEMO);
    expect([...oracle.values()].reduce((a, b) => a + b, 0)).toBe(expected.rows);
    const grid = cell.getByTestId('cell-result');
    expect(Number(await grid.getAttribute('data-rows'))).toBe(oracle.size);
    await cell.locator('[data-testid="cell-result"] [role="gridcell"][data-value]').first().waitFor();
    const rows = await resultRows(cell);
    expect(rows.length).toBe(Math.min(oracle.size, rows.length));
    for (const row of rows) expect(Number(row.lines)).toBe(oracle.get(row.month!));
    const revenue = rows.reduce((sum, row) => sum + Number(row.revenue), 0);
    if (rows.length === oracle.size) expect(revenue).toBeCloseTo(expected.revenue, 1);
  });

  it('gives the result a name that a later cell can query', async () => {
    const first = page.getByTestId('cell').first();
    const name = first.getByTestId('cell-name');
    await name.fill('per_month');
    await name.press('Enter');
    await page.waitForSelector('[data-testid="cell"][data-name="per_month"]');
    await page.getByTestId('add-sql').click();
    const second = page.getByTestId('cell').last();
    await second.locator('.cm-content').click();
    await page.keyboard.type('SELECT sum(lines)::INTEGER AS total FROM per_month');
    await second.getByTestId('cell-run').click();
    await second.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    await second.locator('[role="gridcell"][data-column="total"][data-value]').waitFor();
    expect(await second.locator('[role="gridcell"][data-column="total"]').getAttribute('data-value')).toBe(String(expected.rows));
  });

  it('shows a mistake in the cell with its line, and keeps the other cells', async () => {
    const second = page.getByTestId('cell').nth(1);
    await second.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT month,');
    await page.keyboard.press('Escape'); // closes the completion list, so Enter makes a new line
    await page.keyboard.press('Enter');
    await page.keyboard.type('  lines FROM per_month WHERE nope > 1');
    await second.getByTestId('cell-run').click();
    const error = second.getByTestId('cell-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.getAttribute('data-code')).toBe('NOTEBOOK_SQL_FAILED');
    expect(await error.getAttribute('data-line')).toBe('2');
    expect(await error.textContent()).toContain('nope');
    // The first cell's result is still there.
    expect(await page.getByTestId('cell').first().locator('[data-testid="cell-status"]').getAttribute('data-status')).toBe('done');
  });

  it('refuses a statement that would change the data', async () => {
    const second = page.getByTestId('cell').nth(1);
    await second.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT 1; DELETE FROM sales');
    await second.getByTestId('cell-run').click();
    await second.locator('[data-testid="cell-error"][data-code="NOTEBOOK_NOT_A_QUERY"]').waitFor();
    expect(Number(await page.getByTestId('summary-rows').getAttribute('data-value'))).toBe(expected.rows);
  });

  it('charts the monthly result as bars with a text alternative', async () => {
    await page.getByTestId('add-chart').click();
    const chart = page.getByTestId('cell').last();
    await chart.getByTestId('chart-source').selectOption('per_month');
    await chart.getByTestId('chart-mark').selectOption('bar');
    await chart.getByTestId('chart-x').selectOption('month');
    await chart.getByTestId('chart-y').selectOption('revenue');
    const image = chart.locator('[data-testid="chart-plot"] [role="img"]');
    await image.waitFor({ timeout: 30_000 });
    expect(await image.getAttribute('aria-label')).toBe('revenue by month');
    const description = (await image.getAttribute('aria-description')) ?? '';
    expect(description).toContain(`${linesPerMonth(DEMO).size} rows`);
    expect(await chart.locator('[data-testid="chart-plot"] svg rect').count()).toBeGreaterThanOrEqual(linesPerMonth(DEMO).size);
  });

  it('adds a Markdown note', async () => {
    await page.getByTestId('add-note').click();
    const note = page.getByTestId('cell').last();
    await note.getByTestId('note-editor').fill('# Monthly revenue\n\nThe **demo** grows.');
    await note.getByTestId('note-toggle').click();
    expect(await note.locator('[data-testid="note-view"] h1').textContent()).toBe('Monthly revenue');
  });

  it('finds every cell again after a reload', async () => {
    await page.waitForSelector('[data-testid="notebook-save-state"][data-state="saved"]');
    await page.reload();
    await openDemoNotebook();
    await page.waitForSelector('[data-testid="notebook"][data-cells="4"]');
    const names = await page.getByTestId('cell').evaluateAll((cells) => cells.map((c) => `${c.getAttribute('data-kind')}:${c.getAttribute('data-name')}`));
    expect(names).toEqual(['sql:per_month', 'sql:query1', 'chart:chart1', 'note:note1']);
    expect(await page.getByTestId('notebook-notice').textContent()).toBeTruthy();
    // The data was imported again, so the first cell runs again on it.
    const first = page.getByTestId('cell').first();
    await first.getByTestId('cell-run').click();
    await first.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    expect(Number(await first.getByTestId('cell-result').getAttribute('data-rows'))).toBe(linesPerMonth(DEMO).size);
    await page.getByTestId('cell').nth(2).locator('[data-testid="chart-plot"] [role="img"]').waitFor({ timeout: 30_000 });
  });

  it('refuses a hostile notebook file with the line of the problem, keeping the notebook and the data', async () => {
    const hostile = ['{', '  "format": "ciclo-notebook",', '  "version": 1,', '  "cells": [],', '  "__proto__": { "isAdmin": true }', '}'].join('\n');
    await page.getByTestId('notebook-open').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(hostile) });
    const error = page.getByTestId('notebook-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('NOTEBOOK_FILE_FORBIDDEN_KEY');
    expect(await error.getAttribute('data-line')).toBe('5');
    expect(await error.textContent()).toContain('hostile.json');
    expect(await page.getByTestId('cell').count()).toBe(4);
    expect(Number(await page.getByTestId('summary-rows').getAttribute('data-value'))).toBe(expected.rows);
    expect(await page.evaluate(() => ({} as Record<string, unknown>).isAdmin)).toBeUndefined();
  });

  it('downloads the notebook and opens it again', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notebook-download').click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    const file = JSON.parse(text) as { cells: { name: string }[] };
    expect(file.cells.map((c) => c.name)).toEqual(['per_month', 'query1', 'chart1', 'note1']);
    expect(text).not.toContain('C00019'); // cells and settings only, never the data
    await page.getByTestId('notebook-open').setInputFiles({ name: 'again.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.getByTestId('notebook-notice').filter({ hasText: 'again.json' }).waitFor();
    expect(await page.getByTestId('cell').count()).toBe(4);
  });

  it('opens a built-in analysis with the keyboard and shows its SQL highlighted and read only', async () => {
    const panel = page.getByTestId('builtin-analyses');
    await panel.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await panel.getAttribute('open')).not.toBeNull();
    const facts = panel.locator('[data-testid="builtin-analysis"][data-id="customer-facts"]');
    const show = facts.getByTestId('builtin-show');
    await show.focus();
    await page.keyboard.press('Enter');
    expect(await show.getAttribute('aria-expanded')).toBe('true');
    const sql = facts.getByTestId('builtin-sql');
    await sql.waitFor();
    expect(await sql.getAttribute('aria-readonly')).toBe('true');
    const firstLine = () => sql.locator('.cm-line').first().textContent();
    expect(await firstLine()).toContain("Ciclo's built-in analysis customer-facts.sql");
    const head = (await sql.locator('.cm-line').allTextContents()).slice(0, 6);
    expect(head.join('\n')).toContain('customer-facts.sql: one row per customer');
    // The keyboard reaches the end of a long query (only the lines in view are drawn).
    await sql.focus();
    await page.keyboard.press('Control+End');
    await sql.locator('.cm-line', { hasText: 'ORDER BY f.customer_id' }).waitFor();
    // Highlighted: the keywords and comments sit in spans of their own (CodeMirror parses a long text in idle
    // time, so the spans of a freshly scrolled part may come a moment later).
    await expect.poll(() => sql.locator('.cm-line span').count()).toBeGreaterThan(10);
    // Read only: typing changes nothing.
    await sql.click();
    await page.keyboard.type('DROP ');
    await page.keyboard.press('Control+Home');
    expect(await firstLine()).toContain("Ciclo's built-in analysis customer-facts.sql");
    expect((await sql.locator('.cm-line').allTextContents()).slice(0, 6)).toEqual(head);
  });

  it('copies the SQL, and offers it selected when the browser refuses the clipboard', async () => {
    const expectedSql = builtinAnalysis('customer-facts')!.runnableSql({ asOf: null, unit: 'month', customerId: null });
    const facts = page.locator('[data-testid="builtin-analysis"][data-id="customer-facts"]');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: inject('siteOrigin') });
    await facts.getByTestId('builtin-copy').click();
    await facts.getByTestId('builtin-copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expectedSql);

    // A browser that refuses (no permission): the text is shown selected, for Ctrl+C.
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    await facts.getByTestId('builtin-copy').click();
    await facts.getByTestId('builtin-copy-failed').waitFor();
    const fallback = facts.getByTestId('builtin-fallback');
    expect(await fallback.inputValue()).toBe(expectedSql);
    await page.waitForFunction(() => {
      const field = document.activeElement as HTMLTextAreaElement | null;
      return field?.dataset.testid === 'builtin-fallback' && field.selectionStart === 0 && field.selectionEnd === field.value.length;
    });
  });

  it('adds the customer facts as a cell whose result a later cell queries by name, matching the file', async () => {
    const cellsBefore = await page.getByTestId('cell').count();
    await page.locator('[data-testid="builtin-analysis"][data-id="customer-facts"]').getByTestId('builtin-add').click();
    const facts = page.locator('[data-testid="cell"][data-name="customer_facts"]');
    await facts.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('cell').count()).toBe(cellsBefore + 1);
    // The demo ends on 2025-10-31, a month-end, so the default analysis date keeps every customer of the file.
    expect(expected.lastDate).toBe('2025-10-31');
    const customers = Number(await page.getByTestId('summary-customers').getAttribute('data-value'));
    expect(customers).toBe(expected.customers);
    expect(Number(await facts.getByTestId('cell-result').getAttribute('data-rows'))).toBe(customers);
    await facts.locator('[data-testid="cell-result"] [role="gridcell"][data-column="customer_id"][data-value]').first().waitFor();

    await page.getByTestId('add-sql').click();
    const query = page.getByTestId('cell').last();
    await query.locator('.cm-content').click();
    await page.keyboard.type('SELECT count(*)::INTEGER AS customers, round(sum(revenue), 2) AS revenue FROM customer_facts');
    await page.keyboard.press('Escape');
    await query.getByTestId('cell-run').click();
    await query.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    await query.locator('[role="gridcell"][data-column="customers"][data-value]').waitFor();
    expect(Number(await query.locator('[role="gridcell"][data-column="customers"]').getAttribute('data-value'))).toBe(expected.customers);
    expect(Number(await query.locator('[role="gridcell"][data-column="revenue"]').getAttribute('data-value'))).toBeCloseTo(expected.revenue, 1);
  });

  it('gives a built-in analysis added twice a free name, and its result matches the file', async () => {
    const add = page.locator('[data-testid="builtin-analysis"][data-id="default-as-of"]').getByTestId('builtin-add');
    await add.click();
    await add.click();
    for (const name of ['default_as_of', 'default_as_of_2']) {
      const cell = page.locator(`[data-testid="cell"][data-name="${name}"]`);
      await cell.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 60_000 });
      await cell.locator('[role="gridcell"][data-column="as_of"][data-value]').waitFor();
      expect(await cell.locator('[role="gridcell"][data-column="as_of"]').getAttribute('data-value')).toBe(expected.lastDate);
    }
  });

  it('has no serious or critical accessibility problems in the notebook (axe-core)', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axeSource);
    await page.mouse.move(0, 0); // a hovered button would be checked in its hover colours
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run({ include: [['[data-testid="notebook"]']] }, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ") + " " + ((n as unknown as { failureSummary?: string }).failureSummary ?? "").slice(0, 300)).join(" | ")}`);
    });
    expect(violations).toEqual([]);
  });

  it('raised no page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
