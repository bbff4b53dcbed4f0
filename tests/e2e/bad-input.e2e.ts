// Bad input gets a clear, located error in the user's language, and the data already loaded stays.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openRecorded } from './browser';
import { importFiles, openSite, readSummary, waitForRows } from './app';
import { cdnowExpected } from './oracles';

const expected = cdnowExpected('public/demo/cdnow_sample.csv');
let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  ({ page } = await openRecorded(browser, inject('siteOrigin')));
  await openSite(page, inject('siteUrl'));
  await page.getByTestId('demo-cdnow').click();
  await waitForRows(page, expected.rows);
});
afterAll(async () => {
  await browser?.close();
});

const summaryRowsShown = () => page.getByTestId('summary-rows').getAttribute('data-value');

async function expectDataKept() {
  const summary = await readSummary(page);
  expect(summary.rows).toBe(expected.rows);
  expect(summary.customers).toBe(expected.customers);
}

describe('bad input keeps earlier data', () => {
  it('refuses a spreadsheet renamed .csv with a translated message, and keeps the loaded data', async () => {
    await page.getByTestId('language').selectOption('pt-BR');
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(200, 7)]);
    await importFiles(page, [{ name: 'vendas.csv', buffer: zip }], { confirm: false });
    const error = page.getByTestId('error');
    await error.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await error.getAttribute('data-code')).toBe('IMPORT_SPREADSHEET_FILE');
    expect(await error.textContent()).toContain('vendas.csv');
    expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
    await expectDataKept();
  });

  it('says before keeping that a file with rejected rows replaces the demo, and Undo keeps the demo', async () => {
    const text = 'cliente;data;valor\nA;13/02/2024;10,00\nB;31/04/2024;20,00\nC;25/02/2024;30,00\n';
    await importFiles(page, [{ name: 'minhas-vendas.csv', buffer: Buffer.from(text) }]);
    await page.getByTestId('import-review').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('review-replaces').textContent()).toContain('cdnow_sample.csv');
    await page.getByTestId('undo-file').click();
    await page.getByTestId('wizard-cancel').click();
    await expect.poll(() => summaryRowsShown()).toBe(String(expected.rows));
    await expectDataKept();
  });

  it('reports an unterminated quote with its line and keeps the loaded data', async () => {
    const text = 'cliente;data;valor\nA;01/02/2024;10,00\nB;02/02/2024;"20,00\nC;03/02/2024;30,00\n';
    await importFiles(page, [{ name: 'aspas.csv', buffer: Buffer.from(text) }], { confirm: false });
    const error = page.locator('[data-testid="error"][data-code="IMPORT_UNTERMINATED_QUOTE"]');
    const button = page.getByTestId('import-button');
    // Depending on the file, the problem is found while sniffing or while importing.
    await Promise.race([error.waitFor({ timeout: 30_000 }), button.waitFor({ timeout: 30_000 }).then(() => button.click())]);
    await error.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await error.textContent()).toContain('3');
    await expectDataKept();
  });
});
