// A consultant downloads the notebook with its data and a colleague opens it on another browser that holds
// other data: the colleague gets the same sales (the same rows and customers as counted from the CSV), the
// cells run again on them, and the settings and cells are the ones written.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openRecorded } from './browser';
import { importFiles, openSite, readSummary, waitForRows } from './app';
import { cdnowExpected } from './oracles';

const expected = cdnowExpected('public/demo/cdnow_sample.csv');
const SQL = 'SELECT count(*)::INTEGER AS n, count(DISTINCT customer_id)::INTEGER AS customers FROM sales';
const folder = mkdtempSync(join(tmpdir(), 'ciclo-notebook-data-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function runCell(page: Page, sql: string) {
  await page.getByTestId('add-sql').click();
  const cell = page.getByTestId('cell').last();
  await cell.locator('.cm-content').click();
  await page.keyboard.type(sql);
  await page.keyboard.press('Control+Enter');
  await cell.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 60_000 });
  return cell;
}

describe('a notebook downloaded with its data', () => {
  let path = '';

  it('carries the sales file it was used with', async () => {
    const { page } = await openRecorded(browser, inject('siteOrigin'));
    await openSite(page, inject('siteUrl'));
    await page.getByTestId('demo-cdnow').click();
    await waitForRows(page, expected.rows);
    await page.getByTestId('tab-notebook').click();
    await runCell(page, SQL);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notebook-download-data').click()]);
    expect(download.suggestedFilename()).toBe('ciclo-notebook-with-data.json');
    path = join(folder, download.suggestedFilename());
    await download.saveAs(path);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { cells: { sql?: string }[]; data: { files: { fileTag: string; base64: string }[] } };
    expect(file.cells.map((c) => c.sql)).toContain(SQL);
    expect(file.data.files.map((f) => f.fileTag)).toEqual(['cdnow_sample.csv']);
    // The bytes are the demo file's own.
    expect(Buffer.from(file.data.files[0]!.base64, 'base64').equals(readFileSync('public/demo/cdnow_sample.csv'))).toBe(true);
    await page.context().close();
  });

  it('replaces the data of the browser that opens it, and runs its cells on the data it carried', async () => {
    const { page, pageErrors } = await openRecorded(browser, inject('siteOrigin'));
    await openSite(page, inject('siteUrl'));
    // The colleague has other data loaded: 300 lines of another file.
    const other = readFileSync('tests/fixtures/import/cdnow_sample_head300.csv');
    await importFiles(page, [{ name: 'other.csv', buffer: other }]);
    await waitForRows(page, other.toString('utf8').trim().split('\n').length - 1);
    await page.getByTestId('tab-notebook').click();

    await page.getByTestId('notebook-open').setInputFiles(path);
    await waitForRows(page, expected.rows);
    const summary = await readSummary(page);
    expect(summary.customers).toBe(expected.customers);
    // Only the carried file is loaded now, and the notebook tab is where the user opened the file.
    expect(await page.getByTestId('file-chip').evaluateAll((chips) => chips.map((c) => c.getAttribute('data-file')))).toEqual(['cdnow_sample.csv']);
    const cell = page.getByTestId('cell').last();
    await cell.locator('[role="gridcell"][data-column="n"][data-value]').waitFor({ timeout: 60_000 });
    expect(await cell.locator('[role="gridcell"][data-column="n"]').getAttribute('data-value')).toBe(String(expected.rows));
    expect(await cell.locator('[role="gridcell"][data-column="customers"]').getAttribute('data-value')).toBe(String(expected.customers));
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('opens from the first screen like a sales file, with nothing loaded yet', async () => {
    const { page, pageErrors } = await openRecorded(browser, inject('siteOrigin'));
    await openSite(page, inject('siteUrl'));
    await page.getByTestId('file-input').setInputFiles(path);
    await waitForRows(page, expected.rows);
    expect((await readSummary(page)).customers).toBe(expected.customers);
    // No import wizard: the notebook is on screen, its cells run on the data it carried.
    expect(await page.getByTestId('import-wizard').count()).toBe(0);
    expect(await page.getByTestId('tab-notebook').getAttribute('aria-selected')).toBe('true');
    const cell = page.getByTestId('cell').last();
    await cell.locator('[role="gridcell"][data-column="n"][data-value]').waitFor({ timeout: 60_000 });
    expect(await cell.locator('[role="gridcell"][data-column="n"]').getAttribute('data-value')).toBe(String(expected.rows));
    expect(pageErrors).toEqual([]);
  });
});
