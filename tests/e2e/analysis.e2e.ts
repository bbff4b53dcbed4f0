// A consultant opens the Ciclo demo and reads the customer analysis: the overview's counts add up to the
// customers in the summary, the charts describe themselves, a click on a chart lists those customers, a
// customer's page explains its label, and the language and the analysis date can change without losing data.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TREND_LABELS, STAGES } from '../../src/analytics/types';
import { launchChromium, openRecorded, type RecordedSession } from './browser';
import { openSite, readSummary, waitForRows } from './app';
import { demoExpected } from './oracles';

let browser: Browser;
let session: RecordedSession;
let page: Page;

const expected = demoExpected('public/demo/ciclo-demo.csv');

async function counts(prefix: 'trend-count' | 'stage-count', keys: readonly string[]): Promise<Record<string, number>> {
  const entries = await Promise.all(
    keys.map(async (key) => [key, Number(await page.getByTestId(`${prefix}-${key}`).getAttribute('data-value'))] as const),
  );
  return Object.fromEntries(entries);
}

const sum = (record: Record<string, number>) => Object.values(record).reduce((total, value) => total + value, 0);

/** Waits until the analysis for `asOf` (any date when omitted) has finished and the overview shows it. */
async function waitForAnalysis(asOf?: string): Promise<void> {
  await page.waitForFunction(
    (date) => {
      const status = document.querySelector('[data-testid="analysis-status"]');
      return status?.getAttribute('data-status') === 'done' && (!date || status.getAttribute('data-as-of') === date);
    },
    asOf ?? null,
    { timeout: 90_000 },
  );
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
});

afterAll(async () => {
  await browser?.close();
});

describe('the customer analysis of the Ciclo demo', () => {
  it('shows an overview whose trend and stage counts each add up to the customers of the summary', async () => {
    await page.getByTestId('overview').waitFor({ timeout: 90_000 });
    await waitForAnalysis();
    const summary = await readSummary(page);
    expect(summary.customers).toBe(1500);
    const trends = await counts('trend-count', TREND_LABELS);
    const stages = await counts('stage-count', STAGES);
    expect(sum(trends)).toBe(summary.customers);
    expect(sum(stages)).toBe(summary.customers);
    expect(Number(await page.getByTestId('overview').getAttribute('data-customers'))).toBe(summary.customers);
    // The planted movers of the demo exist on both sides.
    expect(trends.uptrader).toBeGreaterThan(0);
    expect(trends.downtrader).toBeGreaterThan(0);
  });

  it('gives every chart a text alternative that states its figures', async () => {
    for (const name of ['trend', 'slope', 'stages', 'pareto', 'cohorts']) {
      const chart = page.locator(`[data-testid="chart-${name}"] [role="img"]`).first();
      await chart.waitFor({ timeout: 30_000 });
      expect(await chart.getAttribute('aria-label')).toBeTruthy();
      expect(await chart.getAttribute('aria-description')).toMatch(/\d/);
    }
    const trends = await counts('trend-count', TREND_LABELS);
    const description = (await page.locator('[data-testid="chart-trend"] [role="img"]').getAttribute('aria-description')) ?? '';
    expect(description).toContain('1,500 customers');
    expect(description).toContain(`Downtrader: ${trends.downtrader!.toLocaleString('en')}`);
  });

  it('lists exactly the downtraders after a click on their bar', async () => {
    const downtraders = (await counts('trend-count', ['downtrader'])).downtrader!;
    // Bars follow the label order: uptrader, downtrader, …
    await page.locator('[data-testid="chart-trend"] .ciclo-selectable rect').nth(1).click();
    await page.getByTestId('customer-table').waitFor();
    expect(await page.getByTestId('tab-customers').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('chart-filter').getAttribute('data-kind')).toBe('trend');
    await expect.poll(() => page.getByTestId('customer-count').getAttribute('data-value')).toBe(String(downtraders));
    const labels = await page.$$eval('[data-testid="customer-row"]', (rows) => rows.map((row) => row.getAttribute('data-trend')));
    expect(labels.length).toBeGreaterThan(0);
    expect(new Set(labels)).toEqual(new Set(['downtrader']));
  });

  it('opens a customer’s page with the evidence behind the label, and comes back to the list', async () => {
    const row = page.getByTestId('customer-row').first();
    const id = await row.getAttribute('data-customer');
    await row.click();
    const customerPage = page.getByTestId('customer-page');
    await customerPage.waitFor();
    expect(await customerPage.getAttribute('data-customer')).toBe(id);
    const evidence = (await page.getByTestId('evidence').textContent()) ?? '';
    expect(evidence).toMatch(/^[−+][\d,.]+\/month vs its own 12-month baseline, −[\d.]+ %\/month, p = 0\.\d+$/);
    await page.locator('[data-testid="chart-series"] [role="img"]').waitFor();
    await page.locator('[data-testid="chart-orders"] [role="img"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('customer-back').click();
    await page.getByTestId('customer-table').waitFor();
    expect(await page.getByTestId('chart-filter').getAttribute('data-kind')).toBe('trend');
  });

  it('switches the labels to Portuguese', async () => {
    await page.getByTestId('language').selectOption('pt-BR');
    await expect.poll(() => page.getByTestId('tab-overview').textContent()).toContain('Visão geral');
    await page.getByTestId('tab-overview').click();
    await expect.poll(() => page.getByTestId('trend-count-downtrader').textContent()).toContain('Em queda');
    const description = (await page.locator('[data-testid="chart-trend"] [role="img"]').getAttribute('aria-description')) ?? '';
    expect(description).toContain('1.500 clientes');
    await page.getByTestId('language').selectOption('en');
  });

  it('re-runs the analysis for an earlier date and keeps the data', async () => {
    const before = await readSummary(page);
    await page.getByTestId('as-of').fill('2025-04-30');
    await waitForAnalysis('2025-04-30');
    const customers = Number(await page.getByTestId('overview').getAttribute('data-customers'));
    // Customers whose first order came after the date are not in the book yet.
    expect(customers).toBeGreaterThan(0);
    expect(customers).toBeLessThan(1500);
    expect(sum(await counts('trend-count', TREND_LABELS))).toBe(customers);
    expect(sum(await counts('stage-count', STAGES))).toBe(customers);
    expect(await readSummary(page)).toEqual(before);
    // Back to the default date.
    await page.getByTestId('as-of-default').click();
    await waitForAnalysis('2025-10-31');
    expect(sum(await counts('trend-count', TREND_LABELS))).toBe(1500);
    expect(session.pageErrors).toEqual([]);
  });

  it('counts who moved between stages and between RFM segments since a date the user picks', async () => {
    await page.getByTestId('tab-overview').click();
    await waitForAnalysis('2025-10-31');
    const cellsTotal = () =>
      page.$$eval('[data-testid="migration-table"] td[data-value]', (cells) => cells.reduce((total, cell) => total + Number(cell.getAttribute('data-value')), 0));
    // Every customer of the analysis date sits in exactly one cell: where they stood before (or "not yet a customer") × now.
    await expect.poll(() => page.getByTestId('migration-title').getAttribute('data-before'), { timeout: 90_000 }).toBe('2025-07-31');
    expect(await cellsTotal()).toBe(1500);
    await page.getByTestId('migration-kind').selectOption('segment');
    expect(await cellsTotal()).toBe(1500);
    await page.getByTestId('migration-months').selectOption('12');
    await expect.poll(() => page.getByTestId('migration-title').getAttribute('data-before'), { timeout: 90_000 }).toBe('2024-10-31');
    expect(await cellsTotal()).toBe(1500);
    const moved = Number(await page.getByTestId('migration-moved').getAttribute('data-value'));
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(1500);
  });
});
