// A key-account manager opens the CDNOW demo as of 1997-09-30 with weekly periods, the setting of Fader, Hardie
// & Lee (2005): the overview names BG/NBD with the paper's parameters, the customer table shows a P(alive) for
// every customer (one-time buyers marked as approximate), a customer's page says the prediction in one sentence,
// and "How accurate is it?" compares the forecast with a count of the holdout purchases made straight from the
// CSV. The fits run in a worker, so the page never fails or blocks while they run.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openRecorded, type RecordedSession } from './browser';
import { openSite, waitForRows } from './app';
import { settingsFileText } from '../../src/settings-share/settings.ts';

const CSV = 'public/demo/cdnow_sample.csv';
const AS_OF = '1997-09-30';

/** BG/NBD on CDNOW in weeks, calibration to 1997-09-30 (Fader, Hardie & Lee 2005, section 4). */
const PAPER = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };

let browser: Browser;
let session: RecordedSession;
let page: Page;

/**
 * Repeat purchases in (calibrationEnd, holdoutEnd] by the customers first seen on or before calibrationEnd,
 * counted as distinct (customer, day) pairs straight from the CSV (ISO dates compare as text).
 */
function holdoutPurchases(calibrationEnd: string, holdoutEnd: string): number {
  const rows = readFileSync(CSV, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','))
    .map(([customer = '', date = '']) => ({ customer, date }));
  const firstDate = new Map<string, string>();
  for (const { customer, date } of rows) {
    const first = firstDate.get(customer);
    if (first === undefined || date < first) firstDate.set(customer, date);
  }
  const days = new Set<string>();
  for (const { customer, date } of rows) {
    if (date > calibrationEnd && date <= holdoutEnd && firstDate.get(customer)! <= calibrationEnd) days.add(`${customer}|${date}`);
  }
  return days.size;
}

async function waitForAnalysis(asOf: string): Promise<void> {
  await page.waitForFunction(
    (date) => {
      const status = document.querySelector('[data-testid="analysis-status"]');
      return status?.getAttribute('data-status') === 'done' && status.getAttribute('data-as-of') === date;
    },
    asOf,
    { timeout: 90_000 },
  );
}

/** Waits until the overview shows the predictions for `asOf` in `unit`, finished. */
async function waitForPredictions(asOf: string, unit: string): Promise<void> {
  await page.waitForFunction(
    ([date, wanted]) => {
      const section = document.querySelector('[data-testid="value-section"]');
      return section?.getAttribute('data-status') === 'done' && section.getAttribute('data-as-of') === date && section.getAttribute('data-unit') === wanted;
    },
    [asOf, unit] as const,
    { timeout: 90_000 },
  );
}

async function parameter(id: string): Promise<number> {
  return Number(await page.getByTestId(`param-${id}`).getAttribute('data-value'));
}

beforeAll(async () => {
  browser = await launchChromium();
  session = await openRecorded(browser, inject('siteOrigin'));
  page = session.page;
  await openSite(page, inject('siteUrl'));
  await page.getByTestId('demo-cdnow').click();
  await waitForRows(page, 6919);
  const keep = page.getByTestId('keep-rows');
  if (await keep.isVisible()) await keep.click();
  await page.getByTestId('overview').waitFor({ timeout: 90_000 });
  await page.getByTestId('as-of').fill(AS_OF);
  await waitForAnalysis(AS_OF);
  await page.getByTestId('model-unit').selectOption('week');
  await waitForPredictions(AS_OF, 'week');
});

afterAll(async () => {
  await browser?.close();
});

describe('predicted value on the CDNOW demo as of 1997-09-30, in weeks', () => {
  it('names BG/NBD + Gamma-Gamma and shows the paper’s parameters', async () => {
    const method = page.getByTestId('value-method');
    expect(await method.getAttribute('data-value')).toBe('bgnbd_gamma_gamma');
    expect(await method.getAttribute('data-reason')).toBe('ok');
    expect(await method.textContent()).toContain('BG/NBD + Gamma-Gamma');
    for (const [id, published] of Object.entries(PAPER)) {
      const fitted = await parameter(id);
      expect(Math.abs(fitted - published) / published, `${id} = ${fitted}`).toBeLessThan(0.005);
    }
  });

  it('draws the P(alive) heatmap and the CLV distribution and Pareto with text alternatives', async () => {
    for (const name of ['p-alive', 'clv-distribution', 'clv-pareto']) {
      const chart = page.locator(`[data-testid="chart-${name}"] [role="img"]`).first();
      await chart.waitFor({ timeout: 30_000 });
      expect(await chart.getAttribute('aria-description')).toMatch(/2,357 customers/);
    }
  });

  it('lists a P(alive) between 0 and 1 on every row shown, one-time buyers marked ≈', async () => {
    await page.getByTestId('tab-customers').click();
    await page.getByTestId('customer-table').waitFor();
    await page.getByTestId('cell-p-alive').first().waitFor({ timeout: 30_000 });
    const cells = await page.$$eval('[data-testid="customer-row"]', (rows) =>
      rows.map((row) => {
        const cell = row.querySelector('[data-testid="cell-p-alive"]');
        return {
          value: cell?.getAttribute('data-value') ?? null,
          method: cell?.getAttribute('data-method') ?? null,
          isMarked: (cell?.querySelector('.approx') ?? null) !== null,
        };
      }),
    );
    expect(cells.length).toBeGreaterThan(5);
    for (const cell of cells) {
      expect(cell.value).not.toBeNull();
      const pAlive = Number(cell.value);
      expect(pAlive).toBeGreaterThanOrEqual(0);
      expect(pAlive).toBeLessThanOrEqual(1);
      // A one-time buyer is never shown as certainly alive: the value is the modified BG/NBD's, marked ≈.
      expect(cell.isMarked).toBe(cell.method !== 'bgnbd');
      if (cell.method === 'one_time_heuristic') expect(pAlive).toBeLessThan(1);
    }
    expect(cells.some((cell) => cell.method === 'one_time_heuristic')).toBe(true);
    expect(cells.some((cell) => cell.method === 'bgnbd')).toBe(true);
  });

  it('says a customer’s prediction in one sentence on their page', async () => {
    // Customer 1 is the paper's worked example (x = 2, tₓ = 30.43, T = 38.86 weeks).
    await page.getByTestId('customer-search').fill('1');
    await page.locator('[data-testid="customer-row"][data-customer="1"]').click();
    const sentence = page.getByTestId('prediction-sentence');
    await sentence.waitFor({ timeout: 30_000 });
    expect(await sentence.textContent()).toMatch(
      /^About \d+(\.\d)? more orders? in the next 12 months, worth about [\d,.]+ discounted at 1%\/month; \d+% likely still active\.$/,
    );
    await page.getByTestId('customer-back').click();
    await page.getByTestId('customer-search').fill('');
  });

  it('forecasts the paper’s 1.226 orders for customer 1 over 39 weeks once the horizon is 9 months', async () => {
    await page.getByTestId('tab-overview').click();
    await page.getByTestId('model-horizon').fill('9');
    await page.getByTestId('model-horizon').press('Enter');
    await page.getByTestId('model-horizon').blur();
    await page.waitForFunction(() => document.querySelector('[data-testid="value-total"]')?.textContent?.includes('next 9 months'), null, { timeout: 90_000 });
    await waitForPredictions(AS_OF, 'week');
    await page.getByTestId('tab-customers').click();
    await page.getByTestId('customer-search').fill('1');
    await page.locator('[data-testid="customer-row"][data-customer="1"]').click();
    const purchases = page.getByTestId('prediction-purchases');
    await purchases.waitFor({ timeout: 30_000 });
    // 9 months are 273.94 days = 39.13 weeks; E[Y(39) | 2, 30.43, 38.86] = 1.226 (FHL 2005) and E[Y(t)] grows
    // by less than 0.01 over the extra 0.13 week.
    const expected = Number(await purchases.getAttribute('data-value'));
    expect(expected).toBeGreaterThanOrEqual(1.225);
    expect(expected).toBeLessThan(1.236);
    expect(await page.getByTestId('prediction-sentence').textContent()).toMatch(/^About 1\.2 more orders in the next 9 months, worth about [\d,.]+ discounted at 1%\/month; \d+% likely still active\.$/);
    await page.getByTestId('customer-back').click();
    await page.getByTestId('customer-search').fill('');
  });

  it('checks the forecast against the holdout purchases counted from the CSV when “How accurate is it?” is opened', async () => {
    await page.getByTestId('tab-overview').click();
    const panel = page.getByTestId('validation-panel');
    expect(await panel.getAttribute('data-status')).toBe('idle');
    await panel.locator('summary').click();
    const sentence = page.getByTestId('validation-sentence');
    await sentence.waitFor({ timeout: 90_000 });
    const calibrationEnd = (await sentence.getAttribute('data-calibration-end'))!;
    const holdoutEnd = (await sentence.getAttribute('data-holdout-end'))!;
    expect(holdoutEnd).toBe(AS_OF);
    expect(calibrationEnd < holdoutEnd).toBe(true);
    const actual = Number(await sentence.getAttribute('data-actual'));
    const predicted = Number(await sentence.getAttribute('data-predicted'));
    expect(actual).toBe(holdoutPurchases(calibrationEnd, holdoutEnd));
    expect(actual).toBeGreaterThan(100);
    expect(predicted).toBeGreaterThan(0);
    const text = (await sentence.textContent())!.trim();
    expect(text).toMatch(/^The model predicted [\d,]+ repeat purchases in the last \d+ weeks; there were [\d,]+ \([−+]?\d+ %\)\.$/);
    expect(text).toContain(`there were ${actual.toLocaleString('en')} (`);
    expect(text).toContain(`predicted ${Math.round(predicted).toLocaleString('en')} repeat`);
    for (const name of ['tracking', 'frequency-bars']) {
      await page.locator(`[data-testid="chart-${name}"] [role="img"]`).first().waitFor({ timeout: 30_000 });
    }
  });

  it('checks again when the user moves the end of the fit, still matching the count from the CSV', async () => {
    await page.getByTestId('calibration-end').fill('1997-06-30');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="validation-sentence"]')?.getAttribute('data-calibration-end') === '1997-06-30',
      null,
      { timeout: 90_000 },
    );
    const sentence = page.getByTestId('validation-sentence');
    expect(Number(await sentence.getAttribute('data-actual'))).toBe(holdoutPurchases('1997-06-30', AS_OF));
    expect(await sentence.textContent()).toContain('in the last 13 weeks');
  });

  it('shows the horizon and discount of a settings file opened while the fields are on screen', async () => {
    await page.getByTestId('tab-overview').click();
    await page.getByTestId('model-horizon').waitFor();
    const file = settingsFileText({ model: { horizonMonths: 6, monthlyDiscount: 0.02 } });
    await page.getByTestId('share-settings').click();
    await page.getByTestId('share-settings-open').setInputFiles({ name: 'ciclo-settings.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.waitForFunction(() => (document.querySelector('[data-testid="model-horizon"]') as HTMLInputElement | null)?.value === '6', null, { timeout: 30_000 });
    expect(await page.getByTestId('model-discount').inputValue()).toBe('2');
    await page.waitForFunction(() => document.querySelector('[data-testid="value-total"]')?.textContent?.includes('next 6 months'), null, { timeout: 90_000 });
  });

  it('never raised an error on the page', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
