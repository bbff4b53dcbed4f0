// A file too big for a tab is analysed with `ciclo analyze`; its result files are then opened in the site. The
// CLI runs here on the demo export, the user picks customers.csv and actions.csv through the file input, and the
// results view (not the import wizard) shows counts that match the files, filters the action list by type and
// exports the same number of rows it lists. The files are read back by a small parser of this test.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { main } from '../../src/cli/main';
import { launchChromium, openRecorded, type RecordedSession } from './browser';
import { openSite } from './app';
import { axeViolations, WCAG_TAGS } from './axe';

const out = join(mkdtempSync(join(tmpdir(), 'ciclo-results-e2e-')), 'out');
let browser: Browser;
let session: RecordedSession;
let page: Page;

/** RFC 4180 rows as records keyed by the header (quotes doubled, delimiters and line ends inside quotes). */
function parseCsv(text: string, delimiter = ','): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header!.map((name, i) => [name.replace(/^\uFEFF/, ''), cells[i] ?? ''])));
}

const read = (file: string) => parseCsv(readFileSync(join(out, file), 'utf8'));
const value = async (testId: string, attribute = 'data-value') => Number(await page.getByTestId(testId).getAttribute(attribute));
const countOf = (rows: Record<string, string>[], key: string, value: string) => rows.filter((r) => r[key] === value).length;

beforeAll(async () => {
  const silent = { stdout: () => {}, stderr: () => {} };
  expect(await main(['analyze', 'public/demo/ciclo-demo.csv', '--out', out], silent)).toBe(0);
  browser = await launchChromium();
  session = await openRecorded(browser, inject('siteOrigin'));
  page = session.page;
  await openSite(page, inject('siteUrl'));
  await page.getByTestId('file-input').setInputFiles(
    ['customers.csv', 'actions.csv'].map((name) => ({ name, mimeType: 'text/csv', buffer: readFileSync(join(out, name)) })),
  );
  await page.waitForSelector('[data-testid="results-view"] [data-testid="results-shown"]', { timeout: 90_000 });
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

describe('opening the results of ciclo analyze', () => {
  it('opens the results view instead of the import wizard', async () => {
    expect(await page.getByTestId('import-button').count()).toBe(0);
    await page.getByTestId('results-file-customers').waitFor();
    await page.getByTestId('results-file-actions').waitFor();
    // The view replaced the first screen: the keyboard focus is on its title, not lost on the page.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results-title');
  });

  it('passes axe-core\'s WCAG 2.1 AA rules with no serious or critical problem', async () => {
    expect(await axeViolations(page, '[data-testid="results-view"]', { tags: WCAG_TAGS })).toEqual([]);
  });

  it('shows as many customers per trend label and per stage as customers.csv holds', async () => {
    const customers = read('customers.csv');
    expect(await value('results-customers')).toBe(customers.length);
    for (const label of ['uptrader', 'downtrader', 'stable', 'new', 'insufficient_data', 'inactive']) {
      expect(await value(`results-trend-${label}`), label).toBe(countOf(customers, 'trend', label));
    }
    for (const stage of ['new', 'active', 'at_risk', 'lapsed', 'lost', 'reactivated']) {
      expect(await value(`results-stage-${stage}`), stage).toBe(countOf(customers, 'stage', stage));
    }
    await page.locator('[data-testid="chart-results-trend"] svg').first().waitFor();
    await page.locator('[data-testid="chart-results-stage"] svg').first().waitFor();
  });

  it('counts the actions and the revenue at stake of actions.csv', async () => {
    const actions = read('actions.csv');
    expect(await value('results-actions')).toBe(actions.length);
    const atStake = actions.reduce((sum, r) => sum + Number(r.value_at_stake), 0);
    expect(await value('results-value-at-stake')).toBeCloseTo(atStake, 2);
    expect(await value('results-shown', 'data-total')).toBe(actions.length);
  });

  it('filters the list by action type, and exports as many rows as the filter lets through', async () => {
    const actions = read('actions.csv');
    const types = [...new Set(actions.map((r) => r.action!))];
    const type = types.sort((a, b) => countOf(actions, 'action', b) - countOf(actions, 'action', a))[0]!;
    const expected = actions.filter((r) => r.action === type);
    await page.getByTestId(`results-filter-${type}`).click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="results-shown"]')?.getAttribute('data-total') === String(n), expected.length);
    const shownTypes = await page.locator('[data-testid="results-action-table"] tbody tr').evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-action')))]);
    expect(shownTypes).toEqual([type]);

    await page.getByTestId('results-export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-export-standard').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const exported = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(exported).toHaveLength(expected.length);
    expect(exported.map((r) => [r.customer_id, r.action, r.value_at_stake])).toEqual(expected.map((r) => [r.customer_id, r.action, r.value_at_stake]));
  });
});
