// Every view of Ciclo passes axe-core's WCAG 2.0 A/AA and 2.1 AA rules with no serious or critical problem: the
// first screen, the import wizard (mapping, then the day/month question), the rejected rows, the error after a
// bad file, the kept-data notice, the sales lines, the analysis (overview, value, customers, one customer), the
// actions (list, export menu, key accounts, one account's plan), the notebook tab, and the same views again in
// Portuguese, whose longer texts must still fit their controls.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openRecorded, type RecordedSession } from './browser';
import { importFiles, openSite, waitForRows } from './app';
import { axeViolations, WCAG_TAGS } from './axe';
import { demoExpected } from './oracles';

const check = (page: Page, selector = 'body') => axeViolations(page, selector, { tags: WCAG_TAGS });
const fixture = (name: string) => ({ name, buffer: readFileSync(`tests/fixtures/malformed/${name}`) });
const expected = demoExpected('public/demo/ciclo-demo.csv');

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('importing files', () => {
  let session: RecordedSession;
  let page: Page;
  beforeAll(async () => {
    session = await openRecorded(browser, inject('siteOrigin'));
    page = session.page;
    await openSite(page, inject('siteUrl'));
  });
  afterAll(async () => {
    await session?.context.close();
  });

  it('has an accessible first screen', async () => {
    await page.getByTestId('demo-ciclo').waitFor();
    await page.locator('.engine .dot:not(.busy)').waitFor({ timeout: 60_000 });
    expect(await check(page)).toEqual([]);
  });

  it('has an accessible import wizard with the column mapping shown', async () => {
    await importFiles(page, [fixture('bad-numbers.csv')], { confirm: false });
    await page.getByTestId('import-wizard').waitFor({ timeout: 60_000 });
    await page.getByTestId('preview').waitFor();
    await expect.poll(() => page.getByTestId('role-customer_id').inputValue()).not.toBe('');
    expect(await check(page)).toEqual([]);
  });

  it('has an accessible review of the rejected rows', async () => {
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-review').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('rejected-row').count()).toBeGreaterThan(0);
    expect(await check(page)).toEqual([]);
    await page.getByTestId('keep-rows').click();
    await page.getByTestId('import-review').waitFor({ state: 'detached' });
    await page.waitForSelector('[data-testid="summary-files"][data-value="1"]');
  });

  it('has an accessible day/month question', async () => {
    await importFiles(page, [fixture('ambiguous-dates.csv')], { confirm: false });
    await page.getByTestId('date-question').waitFor({ timeout: 60_000 });
    expect(await check(page)).toEqual([]);
    await page.getByTestId('date-order-dmy').check();
    await expect.poll(() => page.getByTestId('import-button').isEnabled(), { timeout: 20_000 }).toBe(true);
    await page.getByTestId('import-button').click();
    // One file replaces the data loaded before it (the wizard's default). Files picked before the import
    // dialog has closed would be ignored.
    await waitForRows(page, 12);
    await page.locator('dialog.import-dialog').waitFor({ state: 'detached', timeout: 60_000 });
  });

  it('has an accessible error panel after a spreadsheet renamed .csv', async () => {
    await importFiles(page, [fixture('xlsx-renamed.csv')], { confirm: false });
    await page.getByTestId('error').waitFor({ timeout: 30_000 });
    expect(await check(page)).toEqual([]);
  });

  it('has an accessible wizard and error panel in Portuguese', async () => {
    await page.getByTestId('language').selectOption('pt-BR');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('pt-BR');
    expect(await check(page)).toEqual([]);
    await importFiles(page, [fixture('ambiguous-dates.csv')], { confirm: false });
    await page.getByTestId('date-question').waitFor({ timeout: 60_000 });
    expect(await check(page)).toEqual([]);
    await page.getByTestId('wizard-cancel').click();
  });

  it('raised no page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});

describe('the analysis of the Ciclo demo', () => {
  let session: RecordedSession;
  let page: Page;

  async function openTab(tab: string) {
    await page.getByTestId(`tab-${tab}`).click();
    await page.waitForSelector(`[data-testid="tab-${tab}"][aria-selected="true"]`);
  }
  async function waitForAnalysis() {
    await page.waitForSelector('[data-testid="analysis-status"][data-status="done"]', { timeout: 120_000 });
  }

  beforeAll(async () => {
    session = await openRecorded(browser, inject('siteOrigin'));
    page = session.page;
    await openSite(page, inject('siteUrl'));
    await page.getByTestId('demo-ciclo').click();
    await waitForRows(page, expected.rows);
  });
  afterAll(async () => {
    await session?.context.close();
  });

  it('has an accessible review of the demo rows Ciclo rejects', async () => {
    await page.getByTestId('import-review').waitFor({ timeout: 60_000 });
    expect(await check(page)).toEqual([]);
    await page.getByTestId('keep-rows').click();
  });

  it('has an accessible overview with the predicted value', async () => {
    await waitForAnalysis();
    await page.getByTestId('overview').waitFor();
    await page.waitForSelector('[data-testid="value-section"][data-status="done"] [data-testid="value-method"]', { timeout: 120_000 });
    await page.getByTestId('value-parameters').locator('summary').click();
    expect(await check(page)).toEqual([]);
  });

  it('has accessible settings help and a model validation with its charts', async () => {
    for (const summary of await page.locator('details.about > summary').all()) await summary.click();
    await page.getByTestId('validation-panel').locator('summary').click();
    await page.waitForSelector('[data-testid="validation-panel"]:is([data-status="done"], [data-status="unfit"], [data-status="failed"])', { timeout: 120_000 });
    expect(await check(page)).toEqual([]);
    const open = page.locator('details.about[open] > summary, [data-testid="validation-panel"][open] > summary');
    while ((await open.count()) > 0) await open.first().click();
  });

  it('has an accessible panel to load another file and share the settings', async () => {
    await page.getByTestId('load-another').click();
    await page.locator('.load-panel:not([hidden]) [data-testid="drop-zone"]').waitFor();
    await page.getByTestId('share-settings').click();
    await page.getByTestId('share-settings-panel').waitFor();
    expect(await check(page)).toEqual([]);
    await page.getByTestId('share-settings').click();
    await page.getByTestId('load-another').click();
  });

  it('has an accessible grid of sales lines', async () => {
    await openTab('sales');
    await page.waitForSelector('[data-testid="grid"] [role="gridcell"]', { timeout: 60_000 });
    expect(await check(page)).toEqual([]);
  });

  it('has an accessible customer table', async () => {
    await openTab('customers');
    await page.getByTestId('customer-row').first().waitFor();
    expect(await check(page)).toEqual([]);
  });

  it("has an accessible customer's page", async () => {
    await page.getByTestId('customer-row').first().click();
    await page.getByTestId('customer-page').waitFor();
    await page.getByTestId('evidence').waitFor();
    expect(await check(page)).toEqual([]);
    await page.getByTestId('customer-back').click();
  });

  it('has an accessible action list and export menu', async () => {
    await openTab('actions');
    await page.waitForSelector('[data-testid="actions-panel"][data-status="done"] [data-testid="action-row"]', { timeout: 180_000 });
    expect(await check(page)).toEqual([]);
    await page.getByTestId('action-export').click();
    await page.getByTestId('export-standard').waitFor();
    expect(await check(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('action-export').click();
  });

  it('has an accessible decision dialog', async () => {
    await page.locator('[data-testid="action-row"][data-index="0"]').getByTestId('action-done').click();
    await page.getByTestId('action-note').waitFor();
    expect(await check(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('action-decision').waitFor({ state: 'hidden' });
  });

  it("has accessible key accounts and an account's plan", async () => {
    await page.getByTestId('actions-view-keyAccounts').click();
    await page.getByTestId('key-account-row').first().waitFor();
    expect(await check(page)).toEqual([]);
    await page.getByTestId('key-account-open').first().click();
    await page.getByTestId('account-plan').waitFor();
    expect(await check(page)).toEqual([]);
    const account = await page.getByTestId('account-plan').getAttribute('data-customer');
    await page.getByTestId('account-back').click();
    // The plan is gone with the focus in it: the focus returns to the account's row.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="key-account-row"]')?.getAttribute('data-customer') ?? null))
      .toBe(account);
    await page.getByTestId('actions-view-list').click();
  });

  it('has an accessible notebook tab (its bar and the view around it)', async () => {
    await openTab('notebook');
    await page.getByTestId('add-sql').waitFor();
    expect(await check(page)).toEqual([]);
  });

  it('has accessible views in Portuguese, whose texts are longer', async () => {
    await page.getByTestId('language').selectOption('pt-BR');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('pt-BR');
    const found: string[] = [];
    for (const tab of ['overview', 'customers', 'actions', 'sales', 'notebook']) {
      await openTab(tab);
      if (tab === 'actions') await page.waitForSelector('[data-testid="actions-panel"][data-status="done"] [data-testid="action-row"]', { timeout: 180_000 });
      if (tab === 'customers') await page.getByTestId('customer-row').first().waitFor();
      if (tab === 'sales') await page.waitForSelector('[data-testid="grid"] [role="gridcell"]', { timeout: 60_000 });
      if (tab === 'notebook') await page.getByTestId('add-sql').waitFor();
      found.push(...(await check(page)).map((line) => `${tab}: ${line}`));
    }
    await openTab('customers');
    await page.getByTestId('customer-row').first().click();
    await page.getByTestId('customer-page').waitFor();
    found.push(...(await check(page)).map((line) => `customer: ${line}`));
    await page.getByTestId('customer-back').click();
    expect(found).toEqual([]);
  });

  it('has an accessible notice when the browser removed the kept data', async () => {
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('ciclo-data');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const transaction = open.result.transaction('files', 'readwrite');
            transaction.objectStore('files').clear();
            transaction.oncomplete = () => (open.result.close(), resolve());
            transaction.onerror = () => reject(transaction.error);
          };
        }),
    );
    await page.reload();
    await page.locator('[data-testid="storage-notice"][data-kind="evicted"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('demo-ciclo').waitFor();
    expect(await check(page)).toEqual([]);
  });

  it('raised no page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
