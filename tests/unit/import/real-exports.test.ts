// Real exports from tests/fixtures/import (see SOURCE.md there): the facts asserted here come from the
// published data description, or are recomputed in the test from the raw text, never from the import code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { detect, HEAD_SAMPLE_BYTES, parseBytes, type Detection, type ParseResult, type SalesRow } from '../../../src/import/index';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url))));

function importFile(bytes: Uint8Array, fileName: string, detection: Detection, mapping = detection.mapping) {
  const rows: SalesRow[] = [];
  const result = parseBytes(bytes, { fileName, settings: detection.settings, mapping, onRows: (batch) => rows.push(...batch) });
  return { rows, result };
}

describe('CEAPS 2022, Brazilian Senate reimbursements (windows-1252, ;, preamble line)', () => {
  const fileName = 'despesa_ceaps_2022.csv';
  const bytes = fixture(fileName);
  // What an editor shows, split at CRLF; every record sits on one line and every field is quoted.
  const lines = new TextDecoder('latin1').decode(bytes).split('\r\n');
  const fieldsOf = (line: string) => line.slice(1, -1).split('";"');
  let detection: Detection;
  let rows: SalesRow[];
  let result: ParseResult;

  beforeAll(() => {
    detection = detect(bytes.subarray(0, HEAD_SAMPLE_BYTES), fileName, {}, bytes.length <= HEAD_SAMPLE_BYTES);
    ({ rows, result } = importFile(bytes, fileName, detection));
  });

  it('detects windows-1252, ;, the header on line 2, decimal comma and day-first dates', () => {
    expect(detection.fatal).toBeNull();
    expect(detection.questions).toEqual([]);
    expect(detection.settings).toMatchObject({ encoding: 'windows-1252', hasBom: false, delimiter: ';', quote: '"', headerLine: 2, decimal: ',', dateOrder: 'dmy' });
    expect(detection.preambleLines).toEqual(['"ULTIMA ATUALIZACAO";"18/06/2022 02:01"']);
    expect(detection.headers).toEqual(['ANO', 'MES', 'SENADOR', 'TIPO_DESPESA', 'CNPJ_CPF', 'FORNECEDOR', 'DOCUMENTO', 'DATA', 'DETALHAMENTO', 'VALOR_REEMBOLSADO', 'COD_DOCUMENTO']);
  });

  it('maps the senator as the customer, DATA, VALOR_REEMBOLSADO, the expense type and the document code', () => {
    const { headers, mapping } = detection;
    const named = (col: number | undefined) => (col === undefined ? undefined : headers[col]);
    expect(named(mapping.customer_id)).toBe('SENADOR');
    expect(named(mapping.order_date)).toBe('DATA');
    expect(named(mapping.amount)).toBe('VALOR_REEMBOLSADO');
    expect(named(mapping.category)).toBe('TIPO_DESPESA');
    expect(['COD_DOCUMENTO', 'DOCUMENTO']).toContain(named(mapping.order_id));
  });

  it('reads all 7,043 records, good or rejected', () => {
    expect(result.fatal).toBeNull();
    expect(result.rowCount + result.rejectedCount).toBe(7043);
    expect(rows.length).toBe(result.rowCount);
  });

  it('rejects exactly the four dates in 2002 as implausible, at their real line numbers', () => {
    const lines2002 = lines.flatMap((line, i) => (line.startsWith('"2022"') && fieldsOf(line)[7]!.endsWith('/2002') ? [i + 1] : []));
    expect(lines2002.length).toBe(4);
    expect(result.rejected.map((r) => [r.code, r.line, r.column])).toEqual(lines2002.map((line) => ['IMPORT_IMPLAUSIBLE_DATE', line, 'DATA']));
    expect(result.rejected.map((r) => r.value)).toEqual(lines2002.map((line) => fieldsOf(lines[line - 1]!)[7]));
  });

  it('sums the good rows to the published 11,071,983.14 minus the rejected rows', () => {
    const rejectedAmount = result.rejected.reduce((sum, r) => sum + Number(fieldsOf(lines[r.line! - 1]!)[9]!.replace(',', '.')), 0);
    const total = rows.reduce((sum, r) => sum + r.amount, 0);
    expect(total + rejectedAmount).toBeCloseTo(11_071_983.14, 2);
  });

  it('finds the 83 senators and the 7 expense types', () => {
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(83);
    expect(new Set(rows.map((r) => r.category)).size).toBe(7);
  });

  it('keeps dates from 2019–2021 (late claims, not typos) and reads them day first', () => {
    const years = new Map<string, number>();
    for (const r of rows) years.set(r.order_date.slice(0, 4), (years.get(r.order_date.slice(0, 4)) ?? 0) + 1);
    expect(Object.fromEntries(years)).toEqual({ '2019': 3, '2020': 3, '2021': 85, '2022': 6948 });
    expect(rows[0]).toMatchObject({ customer_id: 'ACIR GURGACZ', order_date: '2022-01-03', amount: 6000, source_line: 3 });
  });

  it('decodes byte 0x96 as an en dash and the accents as written', () => {
    const withDetail = importFile(bytes, fileName, detection, { ...detection.mapping, product: 8 });
    const dashed = withDetail.rows.filter((r) => r.product?.includes('Sênior – AP12'));
    const dashLines: number[] = [];
    for (let i = 0, line = 1; i < bytes.length; i++) {
      if (bytes[i] === 0x0a) line++;
      else if (bytes[i] === 0x96) dashLines.push(line);
    }
    expect(dashLines.length).toBeGreaterThan(0);
    expect(dashed.map((r) => r.source_line)).toEqual(dashLines);
    expect(rows.some((r) => r.category === 'Locomoção, hospedagem, alimentação, combustíveis e lubrificantes')).toBe(true);
  });

  it('trims the expense type that ends with a space', () => {
    expect(rows.filter((r) => r.category !== null && r.category !== r.category.trim())).toEqual([]);
    expect(rows.some((r) => r.category!.startsWith('Aquisição de material de consumo') && r.category!.endsWith('equipamentos.'))).toBe(true);
  });
});

describe('CDNOW sample, first 300 rows (UTF-8, ISO dates)', () => {
  const fileName = 'cdnow_sample_head300.csv';
  const bytes = fixture(fileName);
  const detection = detect(bytes, fileName);
  const { rows, result } = importFile(bytes, fileName, detection);

  it('detects UTF-8, comma, header on line 1, decimal point, ISO dates', () => {
    expect(detection.fatal).toBeNull();
    expect(detection.questions).toEqual([]);
    expect(detection.settings).toMatchObject({ encoding: 'utf-8', delimiter: ',', headerLine: 1, decimal: '.', dateOrder: 'ymd' });
    expect(detection.mapping).toEqual({ customer_id: 0, order_date: 1, quantity: 2, amount: 3 });
  });

  it('reads the 300 rows, 111 customers, 643 CDs and $10,200.13 counted in SOURCE.md', () => {
    expect(result).toMatchObject({ rowCount: 300, rejectedCount: 0, fatal: null });
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(111);
    expect(rows.reduce((sum, r) => sum + r.quantity!, 0)).toBe(643);
    expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBeCloseTo(10_200.13, 2);
    expect(rows[0]).toMatchObject({ customer_id: '1', order_date: '1997-01-01', quantity: 2, amount: 29.33, source_line: 2 });
    expect(rows.at(-1)).toMatchObject({ customer_id: '111', order_date: '1997-01-06', amount: 9.97, source_line: 301 });
  });
});
