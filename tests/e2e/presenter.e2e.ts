// A consultant teaches a room with Ciclo: opens the Ciclo demo, presents the standard story slide by slide with
// the keyboard, leaves with Escape, presents again in Portuguese, and opens a colleague's link that carries the
// settings (analysis date and significance level) but no data. The presenter also runs on the CDNOW demo.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { encodeSettings } from '../../src/settings-share/settings';
import { launchChromium, openRecorded, type RecordedSession } from './browser';
import { openSite, waitForRows } from './app';
import { axeViolations } from './axe';
import { demoExpected } from './oracles';

let browser: Browser;
let session: RecordedSession;
let page: Page;

const expected = demoExpected('public/demo/ciclo-demo.csv');

const TITLES_EN = [
  'The customer book at a glance',
  'Uptraders: who is growing',
  'Downtraders: who is fading',
  'Key accounts at risk',
  'The ten most valuable actions',
];
const TITLES_PT = ['A carteira de clientes em resumo', 'Em alta: quem está crescendo'];

/** Waits until the analysis for `asOf` (any date when omitted) has finished. */
async function waitForAnalysis(target: Page, asOf?: string): Promise<void> {
  await target.waitForFunction(
    (date) => {
      const status = document.querySelector('[data-testid="analysis-status"]');
      return status?.getAttribute('data-status') === 'done' && (!date || status.getAttribute('data-as-of') === date);
    },
    asOf ?? null,
    { timeout: 90_000 },
  );
}

async function openDemo(target: Page, demo: 'ciclo' | 'cdnow', rows: number): Promise<void> {
  await target.getByTestId(`demo-${demo}`).click();
  await waitForRows(target, rows);
  const keep = target.getByTestId('keep-rows');
  if (await keep.isVisible()) await keep.click();
  await waitForAnalysis(target);
}

/** What the slide on screen shows: its title, its counter, and its chart's or table's text alternative. */
async function readSlide(target: Page, { hasFigure = true } = {}) {
  // Slides 4 and 5 wait for the action list.
  await target.getByTestId('presenter-loading').waitFor({ state: 'detached', timeout: 90_000 });
  const slide = target.getByTestId('presenter-slide');
  await slide.locator('.said p').first().waitFor({ timeout: 30_000 });
  if (hasFigure) await slide.locator('[role="img"][aria-description], table caption').first().waitFor({ timeout: 30_000 });
  return slide.evaluate((element) => {
    const chart = element.querySelector('[role="img"][aria-description]');
    const caption = element.querySelector('table caption');
    return {
      title: element.querySelector('h2')?.textContent?.trim() ?? '',
      counter: document.querySelector('[data-testid="presenter-counter"]')?.textContent?.trim() ?? '',
      chartLabel: chart?.getAttribute('aria-label') ?? null,
      chartDescription: chart?.getAttribute('aria-description') ?? null,
      caption: caption?.textContent?.trim() ?? null,
      tableRows: element.querySelectorAll('table tbody tr').length,
      quietTags: element.querySelectorAll('tbody .tag').length,
      sentences: [...element.querySelectorAll('.said p')].map((p) => p.textContent?.trim() ?? ''),
      isFocused: element === document.activeElement || element.contains(document.activeElement),
      announced: document.querySelector('[data-testid="presenter-announce"]')?.textContent?.trim() ?? '',
    };
  });
}

beforeAll(async () => {
  browser = await launchChromium();
  session = await openRecorded(browser, inject('siteOrigin'));
  page = session.page;
  await openSite(page, inject('siteUrl'));
  await openDemo(page, 'ciclo', expected.rows);
});

afterAll(async () => {
  await browser?.close();
});

describe('the presenter view on the Ciclo demo', () => {
  it('steps through the five slides of the story with the arrow key, each with a chart or a table described in words', async () => {
    const quiet = Number(await page.getByTestId('quiet-count').getAttribute('data-value'));
    await page.getByTestId('present').click();
    await page.getByTestId('presenter').waitFor();
    for (const [i, title] of TITLES_EN.entries()) {
      const slide = await readSlide(page);
      expect(slide.title).toBe(title);
      expect(slide.counter).toBe(`${i + 1} / 5`);
      expect(slide.isFocused).toBe(true);
      expect(slide.announced).toBe(`Slide ${i + 1} of 5: ${title}`);
      if (i < 2) {
        expect(slide.chartLabel).toBeTruthy();
        expect(slide.chartDescription).toMatch(/\d/);
      } else {
        expect(slide.caption).toBeTruthy();
        expect(slide.tableRows).toBeGreaterThan(0);
      }
      // Every slide says its key numbers in one to three sentences.
      expect(slide.sentences.length).toBeGreaterThanOrEqual(1);
      expect(slide.sentences.length).toBeLessThanOrEqual(3);
      expect(slide.sentences.join(' ')).toMatch(/\d/);
      if (i === 0) {
        expect(slide.sentences[0]).toMatch(/^1,500 customers bought /);
        expect(slide.chartDescription).toContain('1,500 customers');
      }
      // The early warning shows: a quiet downtrader is listed whenever the overview counts one.
      if (i === 2) expect(slide.quietTags > 0).toBe(quiet > 0);
      if (i === 4) expect(slide.tableRows).toBe(10);
      await page.keyboard.press('ArrowRight');
    }
    // The last slide stays the last.
    expect((await readSlide(page)).title).toBe(TITLES_EN[4]);
    await page.keyboard.press('ArrowLeft');
    expect((await readSlide(page)).title).toBe(TITLES_EN[3]);
  });

  it('has no serious or critical accessibility problems on any slide (axe-core)', async () => {
    await page.keyboard.press('Home');
    for (const title of TITLES_EN) {
      expect((await readSlide(page)).title).toBe(title);
      expect(await axeViolations(page, '[data-testid="presenter"]')).toEqual([]);
      await page.keyboard.press('PageDown');
    }
  });

  it('shows the figures of the two charts as tables on request', async () => {
    await page.keyboard.press('Home');
    await page.getByTestId('presenter-table').click();
    expect(await page.getByTestId('presenter-table').getAttribute('aria-pressed')).toBe('true');
    const overview = await readSlide(page);
    expect(overview.caption).toBe('Customers and revenue of the last 12 months per trend label');
    expect(overview.tableRows).toBe(6);
    const customers = await page.$$eval('[data-testid="presenter-slide"] tbody tr td:nth-of-type(1)', (cells) =>
      cells.reduce((sum, cell) => sum + Number((cell.textContent ?? '').replaceAll(',', '')), 0),
    );
    expect(customers).toBe(1500);
    await page.keyboard.press('ArrowRight');
    const uptraders = await readSlide(page);
    expect(uptraders.caption).toBe('Uptraders whose spending rose most, with the evidence');
    expect(uptraders.tableRows).toBeGreaterThan(0);
    expect(uptraders.tableRows).toBeLessThanOrEqual(5);
    expect(await axeViolations(page, '[data-testid="presenter"]')).toEqual([]);
    await page.getByTestId('presenter-table').click();
    expect((await readSlide(page)).chartLabel).toBeTruthy();
  });

  it('leaves with Escape and gives focus back to the Present button', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('presenter').waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('present');
  });

  it('presents in Portuguese after switching the language', async () => {
    await page.getByTestId('language').selectOption('pt-BR');
    await page.getByTestId('present').click();
    await page.keyboard.press('Home');
    expect((await readSlide(page)).title).toBe(TITLES_PT[0]);
    expect((await readSlide(page)).sentences[0]).toMatch(/^1\.500 clientes compraram /);
    await page.keyboard.press(' ');
    const second = await readSlide(page);
    expect(second.title).toBe(TITLES_PT[1]);
    expect(second.counter).toBe('2 / 5');
    await page.keyboard.press('Escape');
    await page.getByTestId('language').selectOption('en');
  });

  it('raised no page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});

describe('settings shared in a link', () => {
  it('applies the analysis date and significance level from #settings= and says so', async () => {
    const fragment = encodeSettings({ analysis: { asOf: '2025-04-30', alpha: 0.1 } });
    const fresh = await openRecorded(browser, inject('siteOrigin'));
    await openSite(fresh.page, `${inject('siteUrl')}#settings=${fragment}`);
    await fresh.page.getByTestId('settings-notice').filter({ hasText: 'The settings from the link were applied.' }).waitFor();
    // The fragment is dropped once applied, so a reload keeps later changes.
    expect(new URL(fresh.page.url()).hash).toBe('');
    await fresh.page.getByTestId('demo-ciclo').click();
    await waitForRows(fresh.page, expected.rows);
    await waitForAnalysis(fresh.page, '2025-04-30');
    expect(await fresh.page.getByTestId('as-of').inputValue()).toBe('2025-04-30');
    expect(await fresh.page.getByTestId('alpha').inputValue()).toBe('0.1');
    // The link offered for sharing carries these settings and nothing of the data.
    await fresh.page.getByTestId('share-settings').click();
    const link = await fresh.page.getByTestId('share-settings-link').inputValue();
    const shared = JSON.parse(Buffer.from(link.split('#settings=')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(shared.analysis).toEqual({ asOf: '2025-04-30', unit: 'month', alpha: 0.1 });
    expect(JSON.stringify(shared)).not.toContain('C00019');
    // The same settings as a file, opened again after the significance level was changed by hand.
    const [download] = await Promise.all([fresh.page.waitForEvent('download'), fresh.page.getByTestId('share-settings-download').click()]);
    const fileText = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(fileText).analysis).toEqual({ asOf: '2025-04-30', unit: 'month', alpha: 0.1 });
    expect(fileText).not.toContain('C00019');
    await fresh.page.getByTestId('alpha').selectOption('0.05');
    await expect.poll(() => fresh.page.getByTestId('alpha').inputValue()).toBe('0.05');
    await fresh.page.getByTestId('share-settings-open').setInputFiles({ name: 'room.ciclo-settings.json', mimeType: 'application/json', buffer: Buffer.from(fileText) });
    await fresh.page.getByTestId('settings-notice').filter({ hasText: 'The settings from room.ciclo-settings.json were applied.' }).waitFor();
    await expect.poll(() => fresh.page.getByTestId('alpha').inputValue()).toBe('0.1');
    await waitForAnalysis(fresh.page, '2025-04-30');
    expect(fresh.pageErrors).toEqual([]);
    await fresh.context.close();
  });

  it('refuses a tampered link with a clear message and applies nothing', async () => {
    const hostile = Buffer.from('{"format":"ciclo-settings","version":1,"__proto__":{"alpha":0.1}}').toString('base64url');
    const fresh = await openRecorded(browser, inject('siteOrigin'));
    await openSite(fresh.page, `${inject('siteUrl')}#settings=${hostile}`);
    const notice = fresh.page.getByTestId('settings-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-kind')).toBe('refused');
    expect(await notice.textContent()).toContain('“__proto__” is not allowed');
    await fresh.context.close();
  });
});

describe('the presenter view on the CDNOW demo', () => {
  it('tells the same five-slide story', async () => {
    const fresh = await openRecorded(browser, inject('siteOrigin'));
    await openSite(fresh.page, inject('siteUrl'));
    await openDemo(fresh.page, 'cdnow', 6919);
    await fresh.page.getByTestId('present').click();
    for (const [i, title] of TITLES_EN.entries()) {
      const slide = await readSlide(fresh.page, { hasFigure: false });
      expect(slide.title).toBe(title);
      expect(slide.counter).toBe(`${i + 1} / 5`);
      expect(slide.sentences.join(' ')).toMatch(/\d|No customer|no key accounts|no action/);
      await fresh.page.keyboard.press('ArrowRight');
    }
    expect(fresh.pageErrors).toEqual([]);
    await fresh.context.close();
  });
});
