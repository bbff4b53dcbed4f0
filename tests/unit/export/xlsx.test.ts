import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { toXlsx, type ExportTable } from '../../../src/export/index';

const HOSTILE = ['=HYPERLINK("http://x","click")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rCR'];
const HONEST = 'Café "São João"; Ltda';

const TABLE: ExportTable = {
  columns: [
    { key: 'customer', header: 'Cliente', type: 'text' },
    { key: 'valueAtStake', header: 'Valor em jogo', type: 'money' },
    { key: 'priority', header: 'Prioridade', type: 'number' },
    { key: 'due', header: 'Quando', type: 'date' },
    { key: 'pAlive', header: 'P(ativo)', type: 'percent' },
    { key: 'reason', header: '=Motivo', type: 'text' },
  ],
  rows: [
    ...HOSTILE.map((customer) => ({
      customer,
      valueAtStake: 1234.5,
      priority: -2.25,
      due: '2024-06-30',
      pAlive: 0.683,
      reason: 'Compra Café Especial; 68 % também compram Açúcar',
    })),
    { customer: HONEST, valueAtStake: 0.1 + 0.2, priority: Infinity, due: null, pAlive: null, reason: '-' },
  ],
};

// 2024-06-30 as an Excel serial, by hand: 2024-01-01 is 45292 (Excel's own "=DATE(2024,1,1)"), and
// 30 June is 31 + 29 + 31 + 30 + 31 + 29 = 181 days later.
const SERIAL_2024_06_30 = 45_292 + 181;

const bytes = toXlsx(TABLE, { sheetName: 'Ações' });

function readSheet(options: XLSX.ParsingOptions = {}): XLSX.WorkSheet {
  const workbook = XLSX.read(bytes, { type: 'array', cellNF: true, ...options });
  expect(workbook.SheetNames).toEqual(['Ações']);
  return workbook.Sheets['Ações']!;
}

/** One part of the .xlsx zip, as text. */
function zipPart(path: string): string {
  const container = XLSX.CFB.read(bytes, { type: 'array' });
  const entry = XLSX.CFB.find(container, path) as { content: Uint8Array } | null;
  if (!entry) throw new Error(`no ${path} in the workbook`);
  return new TextDecoder().decode(Uint8Array.from(entry.content));
}

describe('toXlsx', () => {
  it('writes every hostile name as a text cell with a leading apostrophe, and no formula anywhere', () => {
    const sheet = readSheet();
    expect(HOSTILE.map((_, i) => sheet[`A${i + 2}`])).toEqual(
      HOSTILE.map((name) => expect.objectContaining({ t: 's', v: `'${name}` })),
    );
    expect(sheet.A8).toMatchObject({ t: 's', v: HONEST });
    expect(sheet.F1).toMatchObject({ t: 's', v: "'=Motivo" });
    expect(sheet.F8).toMatchObject({ t: 's', v: "'-" });
    const cells = Object.keys(sheet).filter((key) => !key.startsWith('!'));
    expect(cells.length).toBe(6 + 6 * 6 + 3); // header, 6 full rows, and the honest row's 3 non-empty cells
    expect(cells.filter((key) => 'f' in sheet[key]!)).toEqual([]);
    expect(zipPart('/xl/worksheets/sheet1.xml')).not.toMatch(/<f[ >]/);
  });

  it('writes numbers as numbers with a number format, a negative number unneutralised', () => {
    const sheet = readSheet();
    expect(sheet.B2).toMatchObject({ t: 'n', v: 1234.5, z: '#,##0.00' });
    expect(sheet.C2).toMatchObject({ t: 'n', v: -2.25 });
    expect(sheet.E2).toMatchObject({ t: 'n', v: 0.683, z: '0.0%' });
    expect(sheet.B8).toMatchObject({ t: 'n', v: 0.3 }); // money rounded to cents
    expect(sheet.C8).toBeUndefined(); // Infinity has no spreadsheet number
  });

  it('writes dates as real Excel dates', () => {
    const raw = readSheet();
    expect(raw.D2).toMatchObject({ t: 'n', v: SERIAL_2024_06_30, z: 'yyyy-mm-dd' });
    expect(XLSX.SSF.is_date(raw.D2!.z!)).toBe(true);
    const dated = readSheet({ cellDates: true });
    expect(dated.D2!.t).toBe('d');
    expect((dated.D2!.v as Date).toISOString().slice(0, 10)).toBe('2024-06-30'); // the suite runs with TZ=UTC
  });

  it('makes the header row bold and frozen, with filters and column widths that fit', () => {
    const styles = zipPart('/xl/styles.xml');
    const fonts = [...styles.matchAll(/<font>([\s\S]*?)<\/font>/g)].map((m) => m[1]!);
    const formats = [.../<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!.matchAll(/<xf [^>]*\/>/g)].map((m) => m[0]);
    const fontOfFormat = (index: number) => Number(/fontId="(\d+)"/.exec(formats[index]!)![1]);
    const isBold = (index: number) => fonts[fontOfFormat(index)]!.includes('<b/>');

    const sheetXml = zipPart('/xl/worksheets/sheet1.xml');
    const styleOf = (ref: string) => Number(new RegExp(`<c r="${ref}"[^>]* s="(\\d+)"`).exec(sheetXml)?.[1] ?? 0);
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1'].every((ref) => isBold(styleOf(ref)))).toBe(true);
    expect(['A2', 'B2', 'D2', 'A8'].some((ref) => isBold(styleOf(ref)))).toBe(false);
    expect(sheetXml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    expect(sheetXml).toContain('<autoFilter ref="A1:F8"/>');

    const widths = readSheet({ cellStyles: true })['!cols']!.map((col) => col.wch!);
    expect(widths).toHaveLength(6);
    expect(widths.every((width) => width >= 8 && width <= 60)).toBe(true);
    expect(widths[0]).toBeGreaterThanOrEqual('\'=HYPERLINK("http://x","click")'.length);
    expect(widths[5]).toBeGreaterThan(widths[3]!); // the long reason is wider than the date
  });

  it('writes a header-only sheet for an empty list', () => {
    const empty = toXlsx({ columns: TABLE.columns, rows: [] }, { sheetName: 'Vazio' });
    const sheet = XLSX.read(empty, { type: 'array' }).Sheets.Vazio!;
    expect(sheet['!ref']).toBe('A1:F1');
    expect(sheet.A1).toMatchObject({ t: 's', v: 'Cliente' });
  });

  it('rejects sheet names Excel refuses', () => {
    expect(() => toXlsx(TABLE, { sheetName: 'a/b' })).toThrow('sheetName must have 1–31 characters');
    expect(() => toXlsx(TABLE, { sheetName: 'x'.repeat(32) })).toThrow('got "xxxxxxxx');
    expect(() => toXlsx(TABLE, { sheetName: '' })).toThrow('sheetName');
    expect(() => toXlsx(TABLE, { sheetName: "'quoted'" })).toThrow('sheetName');
  });
});
