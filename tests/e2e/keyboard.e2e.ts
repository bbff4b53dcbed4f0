// A sales manager who works without a mouse goes the whole way with the keyboard only (Tab, Shift+Tab, Enter,
// Space, arrows): opens the Ciclo demo from the first screen, keeps the rows it read, goes to the customers,
// opens one, goes on to the actions, narrows them to one kind, and exports them as a CSV whose rows are the
// ones on screen. Every control on the way shows where the focus is.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ACTION_TYPES } from '../../src/analytics/actions';
import { en } from '../../src/i18n/en';
import { launchChromium, openRecorded, type RecordedSession } from './browser';
import { openSite, waitForRows } from './app';
import { demoExpected } from './oracles';

/** What a test can see of the element that has the keyboard focus. */
interface Focused {
  testId: string | null;
  tag: string;
  role: string | null;
  id: string;
  text: string;
  isSelected: boolean;
  /** An outline or a shadow is drawn on it (or on the label around it, for inputs styled by :focus-within). */
  hasRing: boolean;
}

const expected = demoExpected('public/demo/ciclo-demo.csv');

let browser: Browser;
let session: RecordedSession;
let page: Page;
/** Every element the focus stopped on, for the focus-ring check. */
const visited: Focused[] = [];

function focused(target: Page): Promise<Focused> {
  return target.evaluate(() => {
    const element = document.activeElement ?? document.body;
    const drawsRing = (e: Element | null) => {
      if (!e) return false;
      const style = getComputedStyle(e);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    };
    return {
      testId: element.getAttribute('data-testid'),
      tag: element.tagName.toLowerCase(),
      role: element.getAttribute('role'),
      id: element.id,
      text: (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50),
      isSelected: element.getAttribute('aria-selected') === 'true',
      hasRing: element !== document.body && (drawsRing(element) || drawsRing(element.parentElement)),
    };
  });
}

const describeFocus = (f: Focused) => `${f.tag}${f.testId ? `[${f.testId}]` : ''}${f.role ? `(${f.role})` : ''} "${f.text}"`;

/**
 * Presses Tab (Shift+Tab when `isBackward`) until the focused element matches `predicate`, at most `maxTabs`
 * times. Each element passed on the way is recorded for the focus-ring check. Fails with the path taken.
 */
async function tabTo(target: Page, predicate: (f: Focused) => boolean, maxTabs: number, { isBackward = false } = {}): Promise<Focused> {
  const path: string[] = [];
  for (let i = 0; i < maxTabs; i++) {
    await target.keyboard.press(isBackward ? 'Shift+Tab' : 'Tab');
    const now = await focused(target);
    visited.push(now);
    path.push(describeFocus(now));
    if (predicate(now)) return now;
  }
  throw new Error(`no match within ${maxTabs} presses of ${isBackward ? 'Shift+Tab' : 'Tab'}; the focus went: ${path.join(' → ')}`);
}

/** Fields of a CSV text (RFC 4180: quoted fields may hold the delimiter, doubled quotes and line breaks). */
function csvRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let isQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (isQuoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') isQuoted = false;
      else field += c;
    } else if (c === '"') isQuoted = true;
    else if (c === delimiter) fields.push(field), (field = '');
    else if (c === '\n') fields.push(field), rows.push(fields), (fields = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field !== '' || fields.length > 0) rows.push([...fields, field]);
  return rows;
}

beforeAll(async () => {
  browser = await launchChromium();
  session = await openRecorded(browser, inject('siteOrigin'));
  page = session.page;
  await openSite(page, inject('siteUrl'));
  await page.getByTestId('demo-ciclo').waitFor();
});

afterAll(async () => {
  await browser?.close();
});

describe('importing a file by keyboard only', () => {
  let fileSession: RecordedSession;
  let filePage: Page;
  beforeAll(async () => {
    fileSession = await openRecorded(browser, inject('siteOrigin'));
    filePage = fileSession.page;
    await openSite(filePage, inject('siteUrl'));
    await filePage.getByTestId('demo-ciclo').waitFor();
  });
  afterAll(async () => {
    await fileSession?.context.close();
  });

  it('picks a file from the drop zone, answers the day/month question with Space and imports with Enter', async () => {
    await tabTo(filePage, (f) => f.testId === 'drop-zone', 10);
    // Enter would open the system's file dialog, which is outside the page: the test picks the file in its place.
    await filePage.getByTestId('file-input').setInputFiles({ name: 'ambiguous-dates.csv', mimeType: 'text/csv', buffer: readFileSync('tests/fixtures/malformed/ambiguous-dates.csv') });
    await filePage.getByTestId('date-question').waitFor({ timeout: 60_000 });
    // The wizard is a modal dialog: the focus is inside it.
    expect(await filePage.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await tabTo(filePage, (f) => f.testId === 'date-order-dmy', 40);
    await filePage.keyboard.press('Space');
    expect(await filePage.getByTestId('date-order-dmy').isChecked()).toBe(true);
    await expect.poll(() => filePage.getByTestId('import-button').isEnabled(), { timeout: 20_000 }).toBe(true);
    await tabTo(filePage, (f) => f.testId === 'import-button', 40); // past the column mapping
    await filePage.keyboard.press('Enter');
    await waitForRows(filePage, 12);
    // The dialog has closed: the focus moves on to the analysis tabs instead of the top of the page.
    await expect.poll(async () => (await focused(filePage)).testId).toBe('tab-overview');
    expect(fileSession.pageErrors).toEqual([]);
  });
});

describe('the way from the first screen to an exported call list, by keyboard only', () => {
  it('opens the demo from the first screen with Tab and Enter', async () => {
    await tabTo(page, (f) => f.testId === 'demo-ciclo', 15);
    await page.keyboard.press('Enter');
    await waitForRows(page, expected.rows);
  });

  it('keeps the rows read: the review takes the focus, Tab reaches the choice', async () => {
    await page.getByTestId('import-review').waitFor({ timeout: 60_000 });
    expect((await focused(page)).id).toBe('wizard-title');
    await tabTo(page, (f) => f.testId === 'keep-rows', 10);
    await page.keyboard.press('Enter');
    await page.getByTestId('import-review').waitFor({ state: 'detached' });
    // The focus is not lost with the review: it lands on the analysis tabs.
    await expect.poll(async () => (await focused(page)).role).toBe('tab');
  });

  it('goes to the customers with the arrow keys of the tabs and opens one with the arrows and Enter', async () => {
    await page.waitForSelector('[data-testid="analysis-status"][data-status="done"]', { timeout: 120_000 });
    const tab = await focused(page);
    expect(tab.testId).toBe('tab-overview');
    await page.keyboard.press('ArrowRight');
    const customersTab = await focused(page);
    expect([customersTab.testId, customersTab.isSelected]).toEqual(['tab-customers', true]);
    await page.getByTestId('customer-row').first().waitFor();
    await tabTo(page, (f) => f.testId === 'customer-row', 80);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const third = await page.evaluate(() => document.activeElement?.getAttribute('data-customer') ?? null);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('2');
    expect(third).toBeTruthy();
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="customer-page"][data-customer="${third}"]`).waitFor();
    // The customer's page takes the focus on its heading.
    expect((await focused(page)).id).toBe('customer-heading');
  });

  it('comes back from the customer to the row that opened it', async () => {
    const customer = await page.getByTestId('customer-page').getAttribute('data-customer');
    await tabTo(page, (f) => f.testId === 'customer-back', 3, { isBackward: true });
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-page').waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-customer') ?? null)).toBe(customer);
  });

  it('goes back to the tabs with Shift+Tab and on to the actions', async () => {
    // Back past the table's headers and filters and the analysis settings (a date field takes one press per
    // day, month and year).
    await tabTo(page, (f) => f.testId === 'tab-customers', 120, { isBackward: true });
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ testId: 'tab-actions', isSelected: true });
    await page.waitForSelector('[data-testid="actions-panel"][data-status="done"] [data-testid="action-row"]', { timeout: 180_000 });
  });

  it('narrows the list to one kind of action with Space and exports it as a CSV with as many rows as on screen', async () => {
    const total = Number(await page.getByTestId('action-count').getAttribute('data-value'));
    const counts = await Promise.all(ACTION_TYPES.map(async (type) => Number(await page.getByTestId(`chip-action-${type}`).getAttribute('data-count'))));
    const chosen = ACTION_TYPES.find((_, i) => counts[i]! > 0 && counts[i]! < total)!;
    expect(chosen).toBeDefined();
    await tabTo(page, (f) => f.testId === `chip-action-${chosen}`, 60);
    await page.keyboard.press('Space');
    await page.waitForFunction((n) => document.querySelector('[data-testid="action-count"]')?.getAttribute('data-value') === String(n), counts[ACTION_TYPES.indexOf(chosen)]);
    expect(await page.getByTestId(`chip-action-${chosen}`).getAttribute('aria-pressed')).toBe('true');
    const shown = Number(await page.getByTestId('action-count').getAttribute('data-value'));

    // The export menu comes before the chips: back with Shift+Tab, open it with Enter, pick standard CSV.
    await tabTo(page, (f) => f.testId === 'action-export', 20, { isBackward: true });
    await page.keyboard.press('Enter');
    await tabTo(page, (f) => f.testId === 'export-standard', 4);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const rows = csvRows(readFileSync((await download.path())!, 'utf8'), ',').filter((row) => row.some((field) => field !== ''));
    const header = rows[0]!;
    expect(header).toContain(en.actions.columns.customerId);
    expect(rows.length - 1).toBe(shown);
    const actionColumn = header.indexOf(en.actions.columns.action);
    expect(new Set(rows.slice(1).map((row) => row[actionColumn]))).toEqual(new Set([en.actions.types[chosen]]));
  });

  it('shows a focus ring on every control the focus stopped on', () => {
    const missing = visited.filter((f) => !f.hasRing).map(describeFocus);
    expect(missing).toEqual([]);
    expect(visited.length).toBeGreaterThan(10);
  });

  it('raised no page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
