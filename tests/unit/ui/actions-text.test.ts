import { afterEach, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { REASON_TEMPLATES, type ReasonKey } from '../../../src/analytics/action-reasons.ts';
import { en } from '../../../src/i18n/en.ts';
import { es } from '../../../src/i18n/es.ts';
import { it as italian } from '../../../src/i18n/it.ts';
import { ptBR } from '../../../src/i18n/pt-BR.ts';
import { setLanguage, t } from '../../../src/i18n/index.ts';
import { actionExportTable, exportFile } from '../../../src/ui/actions/action-export.ts';
import { offerText, reasonSentence, reasonTextParams } from '../../../src/ui/actions/action-text.ts';
import { actionRow, listed } from './actions-fixtures.ts';

afterEach(() => setLanguage('en'));

type Tree = { readonly [key: string]: string | Tree };
function lookup(tree: Tree, path: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}
const names = (text: string, pattern: RegExp) => [...new Set([...text.matchAll(pattern)].map((m) => m[1]!))].sort();

describe('translated reasons', () => {
  it('use, in every language, exactly the parameters of the English template (the period as a whole phrase)', () => {
    for (const key of Object.keys(REASON_TEMPLATES) as ReasonKey[]) {
      const expected = names(REASON_TEMPLATES[key], /\{(\w+)(?:\|\w+)?\}/g).map((name) => (name === 'unit' ? 'perUnit' : name)).sort();
      for (const catalog of [en, ptBR, es, italian] as unknown as Tree[]) {
        const text = lookup(catalog, `actions.reasons.${key}`);
        expect(text, key).toBeDefined();
        expect(names(text!, /\{\{(\w+)\}\}/g), key).toEqual(expected);
      }
    }
  });

  it('write the numbers the way Brazilian Portuguese writes them', () => {
    setLanguage('pt-BR');
    // 0.68 → 68 %, lift 2.4 → 2,4, 1 234.5 a year → 1.235 (whole units, dot between thousands).
    expect(reasonSentence(actionRow({ id: 'C1' }))).toBe(
      '68 % dos clientes que compram Café também compram Açúcar; lift 2,4. Quem compra costuma gastar cerca de 1.235 por ano nisso.',
    );
  });

  it('say the period in the language and the risk reason in words', () => {
    setLanguage('es');
    const params = reasonTextParams('stabilise', { slope: 3.25, unit: 'week', recentPerPeriod: 120, baselinePerPeriod: 100, valueAtStake: 1040 });
    expect(params.perUnit).toBe('a la semana');
    expect(params.slope).toBe('3,3');
    const risk = reasonTextParams('protect_key_account', { trailing12: 1, risk: 0.5, mainReason: 'overdue', mainReasonShare: 0.4, revenueAtRisk: 1 });
    expect(risk.mainReason).toBe('un pedido atrasado');
  });

  it('writes an infinite lift as ∞', () => {
    expect(reasonTextParams('cross_sell', { antecedent: 'A', consequent: 'B', confidence: 1, lift: Infinity, typicalSpend: 0 }).lift).toBe('∞');
  });

  it('names the offer tier in the language', () => {
    setLanguage('it');
    expect(offerText({ offerCategory: 'Café', offerProduct: 'Café Gourmet 1 kg', offerTier: 3 })).toBe('Café, gamma 3: Café Gourmet 1 kg');
    expect(offerText({ offerCategory: null, offerProduct: null, offerTier: null })).toBeNull();
  });
});

describe('the exported action list', () => {
  const hostile = actionRow({ id: 'C9', name: '=HYPERLINK("http://x","clique")', pAlive: 0.25, valueAtStake: 1234.567 });
  const items = [listed(hostile, { status: 'done', salesperson: '+Ana', region: 'SP' }), listed(actionRow({ id: 'C2' }))];
  const table = () =>
    actionExportTable(
      items,
      {
        header: (key) => t(`actions.columns.${key}`),
        action: (item) => t(`actions.types.${item.row.action}`),
        reason: (item) => reasonSentence(item.row),
        offer: (item) => offerText(item.row),
        stage: (item) => t(`stage.${item.row.stage}`),
        trend: (item) => t(`trend.${item.row.trend}`),
        status: (item) => t(`actions.status.${item.status ?? 'open'}`),
      },
      { [items[0]!.key]: { status: 'done', note: '-apagar tudo', at: '' } },
    );

  it('is CSV for Excel in pt/es/it: BOM, semicolons, decimal commas, neutralised text, one line per row', async () => {
    setLanguage('pt-BR');
    const bytes = (await exportFile(table(), 'excel_eu', { sheetName: 'Ações', base: 'ações', date: '2024-06-30' })).bytes;
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1 + items.length);
    const header = lines[0]!.split(';');
    expect(header.slice(0, 4)).toEqual(['Código do cliente', 'Nome do cliente', 'Ação', 'Por quê']);
    // The hostile name is quoted (it holds a quote) and starts with a neutralising apostrophe.
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""clique"")"`);
    expect(lines[1]).toContain(";'+Ana;");
    expect(lines[1]).toContain(";'-apagar tudo");
    // P(alive) 0.25 and the value at stake rounded to cents, with decimal commas.
    expect(lines[1]).toContain(';0,25;');
    expect(lines[1]).toContain(';1234,57;');
    expect(lines[1]).toContain(';Concluída;');
  });

  it('is standard CSV with commas and dots', async () => {
    const text = new TextDecoder().decode((await exportFile(table(), 'standard', { sheetName: 'Actions', base: 'actions', date: '2024-06-30' })).bytes);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.split('\n')[0]).toMatch(/^Customer ID,Customer name,Action,Why,/);
    expect(text).toContain(',1234.57,');
  });

  it('is an XLSX workbook with typed cells and no formula', async () => {
    const { bytes, fileName } = await exportFile(table(), 'xlsx', { sheetName: 'Actions', base: 'actions', date: '2024-06-30' });
    expect(fileName).toBe('actions-2024-06-30.xlsx');
    const sheet = XLSX.read(bytes, { type: 'array' }).Sheets['Actions']!;
    expect(sheet['B2']).toMatchObject({ t: 's', v: `'=HYPERLINK("http://x","clique")` });
    expect(sheet['B2'].f).toBeUndefined();
    expect(sheet['L2']).toMatchObject({ t: 'n', v: 1234.57 });
    expect(XLSX.utils.decode_range(sheet['!ref']!).e.r).toBe(items.length);
  });
});
