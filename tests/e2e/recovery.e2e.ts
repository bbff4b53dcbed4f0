// A consultant's data survives: the Ciclo demo and a second file come back after a reload without the
// wizard, a removed file stays removed, and when the in-browser database dies the app restarts it, loads
// the files again and re-runs the notebook by itself.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openRecorded, type RecordedSession } from './browser';
import { openSite, readSummary, waitForRows } from './app';
import { demoExpected } from './oracles';

const expected = demoExpected('public/demo/ciclo-demo.csv');

// A second small file in another layout, with customers the demo does not have.
const EXTRA_NAME = 'march-extra.csv';
const EXTRA_ROWS = [
  ['X9001', '2024-03-01', 100.0],
  ['X9002', '2024-03-02', 50.5],
  ['X9001', '2024-03-05', 25.25],
] as const;
const EXTRA_CSV = ['customer_id,order_date,amount', ...EXTRA_ROWS.map((r) => r.join(','))].join('\n') + '\n';
const EXTRA_REVENUE = EXTRA_ROWS.reduce((sum, r) => sum + r[2], 0);
const EXTRA_CUSTOMERS = new Set(EXTRA_ROWS.map((r) => r[0])).size;

let browser: Browser;
let session: RecordedSession;
let page: Page;

/** The file tags kept in the browser's IndexedDB, in their saved order, read with the plain IndexedDB API. */
async function keptFiles(): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('ciclo-data');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('files')) {
            db.close();
            resolve([]);
            return;
          }
          const request = db.transaction('files', 'readonly').objectStore('files').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            db.close();
            const records = request.result as { fileTag: string; order: number; bytes: Blob }[];
            resolve(records.filter((r) => r.bytes instanceof Blob).sort((a, b) => a.order - b.order).map((r) => r.fileTag));
          };
        };
      }),
  );
}

async function waitForKept(tags: string[]): Promise<void> {
  await expect.poll(keptFiles, { timeout: 30_000, interval: 200 }).toEqual(tags);
}

async function fileChips(): Promise<string[]> {
  return page.getByTestId('file-chip').evaluateAll((chips) => chips.map((c) => c.getAttribute('data-file') ?? ''));
}

beforeAll(async () => {
  browser = await launchChromium();
  session = await openRecorded(browser, inject('siteOrigin'));
  page = session.page;
});

afterAll(async () => {
  await browser?.close();
});

describe('saved data and recovery', () => {
  it('brings the kept demo back after a reload, with the same summary, without opening it again', async () => {
    await openSite(page, inject('siteUrl'));
    await page.getByTestId('demo-ciclo').click();
    await waitForRows(page, expected.rows);
    await page.getByTestId('keep-rows').click(); // the demo has rows Ciclo rejects: the user keeps the others
    await waitForKept(['ciclo-demo.csv']);
    const before = await readSummary(page);

    await page.reload();
    await waitForRows(page, expected.rows);
    const after = await readSummary(page);
    expect(after).toEqual(before);
    expect(after.customers).toBe(expected.customers);
    expect(after.firstDate).toBe(expected.firstDate);
    expect(after.lastDate).toBe(expected.lastDate);
    expect(after.revenue).toBeCloseTo(expected.revenue, 2);
    expect(after.rejected).toBe(expected.bad);
    expect(await fileChips()).toEqual(['ciclo-demo.csv']);
    expect(await page.getByTestId('import-review').count()).toBe(0);
  });

  it('brings both files back after a second file was added', async () => {
    await page.getByTestId('load-another').click();
    await page.getByTestId('file-input').setInputFiles({ name: EXTRA_NAME, mimeType: 'text/csv', buffer: Buffer.from(EXTRA_CSV) });
    await page.getByTestId('mode-append').check();
    await page.getByTestId('import-button').click();
    await waitForRows(page, expected.rows + EXTRA_ROWS.length);
    await waitForKept(['ciclo-demo.csv', EXTRA_NAME]);

    await page.reload();
    await waitForRows(page, expected.rows + EXTRA_ROWS.length);
    const summary = await readSummary(page);
    expect(summary.customers).toBe(expected.customers + EXTRA_CUSTOMERS);
    expect(summary.revenue).toBeCloseTo(expected.revenue + EXTRA_REVENUE, 2);
    expect(summary.firstDate).toBe([expected.firstDate, '2024-03-01'].sort()[0]);
    expect(summary.lastDate).toBe([expected.lastDate, '2024-03-05'].sort()[1]);
    expect((await fileChips()).sort()).toEqual(['ciclo-demo.csv', EXTRA_NAME].sort());
  });

  it('keeps a removed file removed after a reload', async () => {
    await page.locator(`[data-testid="file-chip"][data-file="${EXTRA_NAME}"] [data-testid="remove-file"]`).click();
    await waitForRows(page, expected.rows);
    await waitForKept(['ciclo-demo.csv']);

    await page.reload();
    await waitForRows(page, expected.rows);
    expect(await fileChips()).toEqual(['ciclo-demo.csv']);
    expect((await readSummary(page)).customers).toBe(expected.customers);
  });

  it('brings back a file whose rejected rows were still under review when the page reloaded', async () => {
    const name = 'review-pending.csv';
    const good = Array.from({ length: 12 }, (_, i) => `R${9100 + i},2024-04-${String(i + 1).padStart(2, '0')},10`);
    const csv = ['customer_id,order_date,amount', ...good, 'R9200,2024-02-31,10'].join('\n') + '\n';
    await page.getByTestId('load-another').click();
    await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('mode-append').check();
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-review').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('rejected-count').getAttribute('data-value')).toBe('1');
    await waitForKept(['ciclo-demo.csv', name]);

    // The user reloads before choosing: the good rows come back with the file, nothing is lost.
    await page.reload();
    await waitForRows(page, expected.rows + good.length);
    expect((await fileChips()).sort()).toEqual(['ciclo-demo.csv', name].sort());
    expect((await readSummary(page)).customers).toBe(expected.customers + good.length);

    await page.locator(`[data-testid="file-chip"][data-file="${name}"] [data-testid="remove-file"]`).click();
    await waitForRows(page, expected.rows);
    await waitForKept(['ciclo-demo.csv']);
  });

  it('restarts a database that died, loads the data again and re-runs the notebook, keeping what was typed', async () => {
    await page.getByTestId('tab-notebook').click();
    await page.waitForSelector('[data-testid="notebook"][data-restored="true"]');
    await page.getByTestId('add-sql').click();
    const cell = page.getByTestId('cell').last();
    await cell.locator('.cm-content').click();
    const sql = 'SELECT count(*)::INTEGER AS n, count(DISTINCT customer_id)::INTEGER AS customers FROM sales';
    await page.keyboard.type(sql);
    await page.keyboard.press('Control+Enter');
    await cell.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    await cell.locator('[role="gridcell"][data-column="n"][data-value]').waitFor();
    const cellCount = await page.getByTestId('cell').count();

    // The database's worker dies the way it does when WebAssembly runs out of memory: an error nobody
    // catches, thrown inside the worker.
    const duckdb = page.workers().find((worker) => worker.url().includes('duckdb-browser-eh.worker'));
    expect(duckdb, `workers: ${page.workers().map((w) => w.url()).join(', ')}`).toBeDefined();
    await duckdb!.evaluate(() => {
      setTimeout(() => {
        throw new Error('Ciclo e2e: the database ran out of memory');
      });
    });

    const notice = page.locator('[data-testid="storage-notice"][data-kind="recovered"]');
    await notice.waitFor({ timeout: 90_000 });
    expect(await notice.textContent()).toContain('restarted');
    expect(await page.locator('[data-testid="error"][data-code="ENGINE_CRASHED"]').count()).toBe(0);
    // A new database worker runs, and the old one is gone.
    await expect.poll(() => page.workers().filter((w) => w.url().includes('duckdb-browser-eh.worker')).length, { timeout: 10_000 }).toBe(1);
    expect(page.workers().includes(duckdb!)).toBe(false);

    // The cell ran again on the data loaded again, and its text is as typed.
    expect(await page.getByTestId('cell').count()).toBe(cellCount);
    await cell.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    await cell.locator('[role="gridcell"][data-column="n"][data-value]').waitFor();
    expect(await cell.locator('[role="gridcell"][data-column="n"]').getAttribute('data-value')).toBe(String(expected.rows));
    expect(await cell.locator('[role="gridcell"][data-column="customers"]').getAttribute('data-value')).toBe(String(expected.customers));
    expect(await cell.locator('.cm-content').textContent()).toBe(sql);
    expect(Number(await page.getByTestId('summary-rows').getAttribute('data-value'))).toBe(expected.rows);

    // The next cell runs on the restarted database.
    await page.getByTestId('add-sql').click();
    const next = page.getByTestId('cell').last();
    await next.locator('.cm-content').click();
    await page.keyboard.type('SELECT round(sum(amount), 2) AS revenue FROM sales');
    await page.keyboard.press('Control+Enter');
    await next.locator('[data-testid="cell-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    await next.locator('[role="gridcell"][data-column="revenue"][data-value]').waitFor();
    expect(Number(await next.locator('[role="gridcell"][data-column="revenue"]').getAttribute('data-value'))).toBeCloseTo(expected.revenue, 2);
  });

  it('tells the user when the browser has removed the kept data, and keeps the notebook', async () => {
    const cells = await page.getByTestId('cell').count();
    await page.waitForSelector('[data-testid="notebook-save-state"][data-state="saved"]');
    // What an eviction leaves behind: the kept files are gone, the marker that they were kept is not.
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
    const notice = page.locator('[data-testid="storage-notice"][data-kind="evicted"]');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('removed');
    // The first screen is back, ready for the files to be imported again.
    await page.getByTestId('demo-ciclo').waitFor();
    expect(await page.getByTestId('summary-rows').count()).toBe(0);
    // The notebook was kept apart and comes back with the data.
    await page.getByTestId('demo-ciclo').click();
    await waitForRows(page, expected.rows);
    await page.getByTestId('keep-rows').click();
    await page.getByTestId('tab-notebook').click();
    await page.waitForSelector(`[data-testid="notebook"][data-cells="${cells}"]`);
  });

  it('raised no page errors', () => {
    expect(session.pageErrors.filter((error) => !error.includes('Ciclo e2e'))).toEqual([]);
  });
});
