// A consultant switches Ciclo's language with the keyboard while looking at the analysis and the notebook: the
// texts come from the chosen catalog, numbers and dates are written the way that language writes them while
// the figures behind them stay the same, and the choice is still there after a reload.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../src/i18n/en';
import { es } from '../../src/i18n/es';
import { it as itCatalog } from '../../src/i18n/it';
import { ptBR } from '../../src/i18n/pt-BR';
import { LANGUAGES, type Language } from '../../src/i18n/catalog';
import { launchChromium, openRecorded, type RecordedSession } from './browser';
import { openSite, waitForRows } from './app';
import { demoExpected } from './oracles';

const CATALOGS = { en, 'pt-BR': ptBR, es, it: itCatalog } as const;
/** How each language writes a number with decimals and a date with digits (published CLDR conventions). */
const WRITING: Record<Language, { decimal: string; dateOrder: 'mdy' | 'dmy' }> = {
  en: { decimal: '.', dateOrder: 'mdy' },
  'pt-BR': { decimal: ',', dateOrder: 'dmy' },
  es: { decimal: ',', dateOrder: 'dmy' },
  it: { decimal: ',', dateOrder: 'dmy' },
};

const expected = demoExpected('public/demo/ciclo-demo.csv');

let browser: Browser;
let session: RecordedSession;
let page: Page;

/**
 * Chooses `language` in the language switch with the keyboard: Shift+Tab back to the switch in the top bar
 * (from the analysis tabs it is a few presses), then the arrow keys until the language is chosen (a closed
 * select changes on the arrows).
 */
async function chooseLanguage(target: Page, language: Language): Promise<void> {
  const onSwitch = () => target.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'language');
  for (let i = 0; i < 200 && !(await onSwitch()); i++) await target.keyboard.press('Shift+Tab');
  expect(await onSwitch()).toBe(true);
  const from = LANGUAGES.indexOf((await target.getByTestId('language').inputValue()) as Language);
  const to = LANGUAGES.indexOf(language);
  for (let i = 0; i < Math.abs(to - from); i++) await target.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  await expect.poll(() => target.locator('html').getAttribute('lang')).toBe(language);
}

/** A number as written in `language` (grouping marks dropped, the decimal mark made a point). */
function readNumber(text: string, language: Language): number {
  const { decimal } = WRITING[language];
  const digits = text.replace(decimal === ',' ? /[^\d,-]/g : /[^\d.-]/g, '');
  return Number(decimal === ',' ? digits.replace(',', '.') : digits);
}

/** The ISO date a short date written in `language` stands for (digits only: `04/01/2023` → 2023-01-04 in pt-BR). */
function readShortDate(text: string, language: Language): string {
  const [a, b, year] = text.match(/\d+/g) ?? [];
  const [month, day] = WRITING[language].dateOrder === 'mdy' ? [a, b] : [b, a];
  return `${year}-${month?.padStart(2, '0')}-${day?.padStart(2, '0')}`;
}

/** The shown text and the raw value of a figure that carries its value in `data-value`. */
async function figure(target: Page, testId: string, inner = 'dd'): Promise<{ text: string; value: string }> {
  const element = target.getByTestId(testId);
  return {
    text: ((await element.locator(inner).first().textContent()) ?? '').trim(),
    value: (await element.getAttribute('data-value')) ?? '',
  };
}

beforeAll(async () => {
  browser = await launchChromium();
  session = await openRecorded(browser, inject('siteOrigin'));
  page = session.page;
  await openSite(page, inject('siteUrl'));
  await page.getByTestId('demo-ciclo').click();
  await waitForRows(page, expected.rows);
  await page.getByTestId('keep-rows').click();
  await page.waitForSelector('[data-testid="analysis-status"][data-status="done"]', { timeout: 120_000 });
  await page.waitForSelector('[data-testid="value-section"][data-status="done"] [data-testid="value-total"]', { timeout: 120_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('switching the language with the keyboard', () => {
  let before: Record<string, { text: string; value: string }> = {};

  it('starts in English with English figures', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('tab-overview').textContent()).toContain(en.analysis.tabOverview);
    before = {
      revenue: await figure(page, 'summary-revenue'),
      firstDate: await figure(page, 'summary-first-date'),
      rows: await figure(page, 'summary-rows'),
      valueTotal: await figure(page, 'value-total', '.figure'),
    };
    expect(readNumber(before.revenue!.text, 'en')).toBeCloseTo(Number(before.revenue!.value), 2);
    expect(readShortDate(before.firstDate!.text, 'en')).toBe(before.firstDate!.value);
    expect(readNumber(before.valueTotal!.text, 'en')).toBeCloseTo(Number(before.valueTotal!.value), 2);
  });

  for (const language of ['pt-BR', 'es', 'it'] as const) {
    it(`writes the overview in ${language}, with the same figures written the ${language} way`, async () => {
      const catalog = CATALOGS[language];
      await chooseLanguage(page, language);
      expect(await page.getByTestId('tab-overview').textContent()).toContain(catalog.analysis.tabOverview);
      expect(await page.getByTestId('tab-customers').textContent()).toContain(catalog.analysis.tabCustomers);
      expect(await page.getByTestId('summary-revenue').locator('dt').textContent()).toBe(catalog.dataset.summaryRevenue);
      expect(await page.getByTestId('trend-count-uptrader').textContent()).toContain(catalog.trend.uptrader);

      for (const [name, testId, inner] of [
        ['revenue', 'summary-revenue', 'dd'],
        ['valueTotal', 'value-total', '.figure'],
      ] as const) {
        const now = await figure(page, testId, inner);
        // The data behind the figure has not changed; only its writing has.
        expect(now.value).toBe(before[name]!.value);
        expect(readNumber(now.text, language)).toBeCloseTo(Number(now.value), 2);
        expect(now.text.at(-3)).toBe(WRITING[language].decimal);
      }
      const firstDate = await figure(page, 'summary-first-date');
      expect(firstDate.value).toBe(before.firstDate!.value);
      expect(readShortDate(firstDate.text, language)).toBe(firstDate.value);
      expect((await figure(page, 'summary-rows')).value).toBe(before.rows!.value);
    });
  }

  it('writes the customers and the actions in the chosen language', async () => {
    await chooseLanguage(page, 'pt-BR');
    await page.getByTestId('tab-customers').click();
    await page.getByTestId('customer-row').first().waitFor();
    expect(await page.getByTestId('customer-search').getAttribute('placeholder')).toBe(ptBR.customers.searchPlaceholder);
    expect(await page.getByTestId('customer-sort-revenue').textContent()).toContain(ptBR.customers.columns.revenue);
    await chooseLanguage(page, 'es');
    expect(await page.getByTestId('customer-sort-revenue').textContent()).toContain(es.customers.columns.revenue);

    await page.getByTestId('tab-actions').click();
    await page.waitForSelector('[data-testid="actions-panel"][data-status="done"] [data-testid="action-row"]', { timeout: 180_000 });
    expect(await page.getByTestId('actions-view-list').textContent()).toContain(es.actions.viewList);
    await chooseLanguage(page, 'it');
    expect(await page.getByTestId('actions-view-list').textContent()).toContain(itCatalog.actions.viewList);
    expect(await page.getByTestId('action-export').textContent()).toContain(itCatalog.actions.exportButton);
  });

  it('writes the notebook in the chosen language', async () => {
    await page.getByTestId('tab-notebook').click();
    await page.getByTestId('add-sql').waitFor();
    expect(await page.getByTestId('tab-notebook').textContent()).toContain(itCatalog.notebook.tab);
    expect(await page.getByTestId('add-sql').textContent()).toContain(itCatalog.notebook.addSql);
    await chooseLanguage(page, 'pt-BR');
    expect(await page.getByTestId('tab-notebook').textContent()).toContain(ptBR.notebook.tab);
    expect(await page.getByTestId('add-sql').textContent()).toContain(ptBR.notebook.addSql);
  });

  it('keeps the chosen language after a reload', async () => {
    await chooseLanguage(page, 'es');
    await page.reload();
    await waitForRows(page, expected.rows);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.getByTestId('language').inputValue()).toBe('es');
    expect(await page.getByTestId('tab-overview').textContent()).toContain(es.analysis.tabOverview);
    const revenue = await figure(page, 'summary-revenue');
    expect(revenue.value).toBe(before.revenue!.value);
    expect(readNumber(revenue.text, 'es')).toBeCloseTo(Number(revenue.value), 2);
  });

  it('raised no page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
