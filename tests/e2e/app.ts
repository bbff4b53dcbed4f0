// How a user drives Ciclo in the end-to-end tests: the steps, by the hooks the UI exposes.
import type { Page } from 'playwright-core';

export const SUMMARY_FIELDS = ['rows', 'customers', 'first-date', 'last-date', 'revenue', 'rejected', 'files'] as const;
export type SummaryField = (typeof SUMMARY_FIELDS)[number];

export async function openSite(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('file-input').waitFor({ state: 'attached' });
}

/** Reads the raw value behind a summary figure (number or ISO date). */
export async function summaryValue(page: Page, field: SummaryField): Promise<string> {
  return (await page.getByTestId(`summary-${field}`).getAttribute('data-value')) ?? '';
}

/** Waits until the summary shows `rows` rows (the import has finished and the table is queried). */
export async function waitForRows(page: Page, rows: number, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid="summary-rows"]')?.getAttribute('data-value') === String(expected),
    rows,
    { timeout },
  );
}

/** Picks files through the file input, then confirms the import wizard for each. */
export async function importFiles(page: Page, files: Array<{ name: string; buffer: Buffer; mimeType?: string }>, { confirm = true } = {}): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(files.map((f) => ({ mimeType: 'text/csv', ...f })));
  if (!confirm) return;
  for (let i = 0; i < files.length; i++) {
    const button = page.getByTestId('import-button');
    await button.waitFor({ state: 'visible', timeout: 60_000 });
    await button.click();
  }
}

export async function readSummary(page: Page) {
  const [rows, customers, firstDate, lastDate, revenue, rejected] = await Promise.all(
    (['rows', 'customers', 'first-date', 'last-date', 'revenue', 'rejected'] as const).map((f) => summaryValue(page, f)),
  );
  return {
    rows: Number(rows),
    customers: Number(customers),
    firstDate,
    lastDate,
    revenue: Number(revenue),
    rejected: Number(rejected),
  };
}

/** The text of the visible grid rows (gridcells joined by tabs), top to bottom. */
export async function visibleGridRows(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="grid"] [role="row"][aria-rowindex]', (rows) =>
    rows
      .map((r) => ({ i: Number(r.getAttribute('aria-rowindex')), cells: Array.from(r.querySelectorAll('[role="gridcell"]')).map((c) => c.textContent?.trim() ?? '') }))
      .filter((r) => r.cells.length > 0)
      .sort((a, b) => a.i - b.i)
      .map((r) => r.cells.join('\t')),
  );
}
