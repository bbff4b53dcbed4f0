// A consultant opens the site and the built-in demos: the summary shows the right numbers.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openRecorded } from './browser';
import { openSite, readSummary, waitForRows } from './app';
import { cdnowExpected, demoExpected } from './oracles';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('built-in demo datasets', () => {
  it('opens the Ciclo demo store and shows its rows, customers, dates and revenue', async () => {
    const expected = demoExpected('public/demo/ciclo-demo.csv');
    const { page, pageErrors, context } = await openRecorded(browser, inject('siteOrigin'));
    await openSite(page, inject('siteUrl'));
    await page.getByTestId('demo-ciclo').click();
    await waitForRows(page, expected.rows);
    const summary = await readSummary(page);
    expect(summary.customers).toBe(expected.customers);
    expect(summary.firstDate).toBe(expected.firstDate);
    expect(summary.lastDate).toBe(expected.lastDate);
    expect(summary.revenue).toBeCloseTo(expected.revenue, 2);
    expect(summary.rejected).toBe(expected.bad);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('opens the CDNOW demo with the 6,919 purchases of its 2,357 customers', async () => {
    const expected = cdnowExpected('public/demo/cdnow_sample.csv');
    expect(expected.rows).toBe(6919); // the published size of the sample (shared data README)
    const { page, context } = await openRecorded(browser, inject('siteOrigin'));
    await openSite(page, inject('siteUrl'));
    await page.getByTestId('demo-cdnow').click();
    await waitForRows(page, 6919);
    const summary = await readSummary(page);
    expect(summary.customers).toBe(2357);
    expect(summary.firstDate).toBe('1997-01-01');
    expect(summary.lastDate).toBe('1998-06-30');
    expect(summary.revenue).toBeCloseTo(244091.94, 2);
    expect(summary.rejected).toBe(0);
    await context.close();
  });
});
