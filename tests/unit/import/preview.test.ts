import { describe, expect, it } from 'vitest';
import { detect, previewRows } from '../../../src/import/index';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('previewRows', () => {
  const detection = detect(utf8('cliente;data;valor\nAna;05/03/2024;1.234,56\n;13/03/2024;x\nBia;01/02/2024;7\n\nCris;31/02/2024;2\n'), 'vendas.csv');

  it('reads each sample row with the settings on screen', () => {
    const preview = previewRows(detection, detection.settings, detection.mapping, 'vendas.csv');
    expect(preview.map((p) => [p.line, p.row?.order_date ?? null, p.row?.amount ?? null])).toEqual([
      [2, '2024-03-05', 1234.56],
      [3, null, null],
      [4, '2024-02-01', 7],
      [6, null, null],
    ]);
    expect(preview[0]!.raw).toEqual(['Ana', '05/03/2024', '1.234,56']);
  });

  it('lists every problem of a row, not only the first', () => {
    const preview = previewRows(detection, detection.settings, detection.mapping, 'vendas.csv');
    expect(preview[1]!.issues.map((i) => [i.code, i.column])).toEqual([
      ['IMPORT_MISSING_VALUE', 'cliente'],
      ['IMPORT_BAD_NUMBER', 'valor'],
    ]);
    expect(preview[3]!.issues.map((i) => i.code)).toEqual(['IMPORT_BAD_DATE']);
  });

  it('shows the effect of another date order or decimal mark before importing', () => {
    const settings = { ...detection.settings, dateOrder: 'mdy' as const, decimal: '.' as const, thousands: ',' as const };
    const preview = previewRows(detection, settings, detection.mapping, 'vendas.csv');
    expect(preview[0]).toMatchObject({ row: null, issues: [{ code: 'IMPORT_BAD_NUMBER', value: '1.234,56', expected: 'number 1,234.56' }] });
    expect(preview[2]!.row).toMatchObject({ order_date: '2024-01-02', amount: 7 });
    expect(preview[1]!.issues.map((i) => i.code)).toEqual(['IMPORT_MISSING_VALUE', 'IMPORT_BAD_DATE', 'IMPORT_BAD_NUMBER']);
  });

  it('gives no rows but keeps the cells when the mapping is incomplete', () => {
    const preview = previewRows(detection, detection.settings, { customer_id: 0 }, 'vendas.csv');
    expect(preview.map((p) => p.row)).toEqual([null, null, null, null]);
    expect(preview[0]!.issues).toEqual([]);
  });

  it('flags a sample date years away from the others', () => {
    const typo = detect(utf8('customer,date,amount\nA,2022-01-03,1\nB,2022-01-04,1\nC,2002-01-05,1\n'), 'f.csv');
    const preview = previewRows(typo, typo.settings, typo.mapping, 'f.csv');
    expect(preview.map((p) => p.issues.map((i) => i.code))).toEqual([[], [], ['IMPORT_IMPLAUSIBLE_DATE']]);
  });
});
