// The demo files: the committed CSV is exactly what the seeded generator writes, the CDNOW copy is the
// published file byte for byte, and Ciclo's import reads the demo back to the generator's own bookkeeping.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMOS } from '../../../src/demo/demos.ts';
import { detect, parseBytes } from '../../../src/import/index.ts';
import { HEAD_SAMPLE_BYTES, type ImportIssue, type ParseResult } from '../../../src/import/types.ts';
import { CDNOW_COPY, CDNOW_SAMPLE_SHA256, DEMO_CSV, DEMO_README, demoHistory, demoReadme } from '../../fixtures/generate-demo.ts';
import { planSalesHistory, salesCsv, type SalesHistory, type SalesTotals } from '../../fixtures/sales-generator.ts';

let history: SalesHistory;
let text: string;
let totals: SalesTotals;
let committed: Buffer;

beforeAll(() => {
  history = demoHistory();
  ({ text, totals } = salesCsv(history, 'br'));
  committed = readFileSync(DEMO_CSV);
});

/** Everything the import hands over, summed up the way the generator's bookkeeping counts it. */
async function readBack(bytes: Uint8Array, fileName: string) {
  const detection = await detect(bytes.subarray(0, HEAD_SAMPLE_BYTES), fileName, undefined, bytes.byteLength <= HEAD_SAMPLE_BYTES);
  const customers = new Set<string>();
  let firstDate = '9999-12-31';
  let lastDate = '0000-01-01';
  let amountCents = 0;
  let negativeRows = 0;
  const result: ParseResult = await parseBytes(bytes, {
    fileName,
    settings: detection.settings,
    mapping: detection.mapping,
    maxRejectedListed: 1000,
    onRows(rows) {
      for (const row of rows) {
        customers.add(row.customer_id);
        if (row.order_date < firstDate) firstDate = row.order_date;
        if (row.order_date > lastDate) lastDate = row.order_date;
        amountCents += Math.round(row.amount * 100);
        if (row.amount < 0) negativeRows++;
      }
    },
  });
  return { detection, result, customers: customers.size, firstDate, lastDate, amountCents, negativeRows };
}

const linesWith = (issues: readonly ImportIssue[], code: string): number[] =>
  issues.filter((i) => i.code === code).map((i) => i.line ?? -1).sort((a, b) => a - b);

describe('ciclo-demo.csv', () => {
  it('is byte for byte what the seeded generator writes (nobody edited it by hand)', () => {
    expect(committed.byteLength).toBe(totals.bytes);
    expect(committed.equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('is documented by a README written from the same bookkeeping', () => {
    expect(readFileSync(DEMO_README, 'utf8')).toBe(demoReadme(history.facts, totals));
  });

  it('looks like a Brazilian ERP export: BOM, semicolons, CRLF, decimal comma, dd/mm/yyyy', () => {
    expect([...committed.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, first] = text.slice(1).split('\r\n');
    expect(header).toBe('Pedido;Data;Cliente;Nome do Cliente;Produto;Categoria;Quantidade;Preço Unitário;Valor Total;Canal;Vendedor;UF');
    expect(first).toMatch(/^\d+;\d\d\/\d\d\/\d{4};C\d{5};[^;]+;[^;]+;[^;]+;\d+;[\d.]+,\d\d;[\d.]+,\d\d;(Loja|Representante|Site|WhatsApp);[^;]+;[A-Z]{2}$/);
    expect(text).toMatch(/;\d{1,3}\.\d{3},\d\d;/); // some totals pass a thousand reais
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    // Small enough to open in a second on a classroom laptop (about 65k lines with cafés ordering weekly-ish).
    expect(committed.byteLength).toBeLessThan(9 * 1024 * 1024);
  });

  it('holds ~1,500 customers over two fixed years, with 12 credit notes and 7 broken lines', () => {
    const f = history.facts;
    expect(f.customers).toBe(1500);
    expect([f.firstDate, f.lastDate]).toEqual(['2023-11-01', '2025-10-31']);
    expect(f.returnLines).toBe(12);
    expect(f.badDateLines).toHaveLength(4);
    expect(f.emptyCustomerLines).toHaveLength(3);
    expect(f.goodRows).toBe(f.dataLines - 7);
    expect(text.split('\r\n').length - 2).toBe(f.dataLines); // header, lines, then the final CRLF
  });

  it('is read back by the import to exactly the generator bookkeeping', async () => {
    const f = history.facts;
    const read = await readBack(new Uint8Array(committed), 'ciclo-demo.csv');
    expect(read.detection.fatal).toBeNull();
    expect(read.detection.settings).toMatchObject({ encoding: 'utf-8', hasBom: true, delimiter: ';', headerLine: 1, decimal: ',', thousands: '.', dateOrder: 'dmy' });
    const headers = read.detection.headers;
    expect(headers[read.detection.mapping.customer_id ?? -1]).toBe('Cliente');
    expect(headers[read.detection.mapping.order_date ?? -1]).toBe('Data');
    expect(headers[read.detection.mapping.amount ?? -1]).toBe('Valor Total');
    expect(read.result.fatal).toBeNull();
    expect(read.result.rowCount).toBe(f.goodRows);
    expect(read.result.rejectedCount).toBe(f.badDateLines.length + f.emptyCustomerLines.length);
    expect(linesWith(read.result.rejected, 'IMPORT_BAD_DATE')).toEqual(f.badDateLines);
    expect(linesWith(read.result.rejected, 'IMPORT_MISSING_VALUE')).toEqual(f.emptyCustomerLines);
    expect(read.customers).toBe(f.customers);
    expect([read.firstDate, read.lastDate]).toEqual([f.firstDate, f.lastDate]);
    expect(read.negativeRows).toBe(f.returnLines);
    expect(read.amountCents).toBe(totals.amountCents);
  });
});

describe('sales generator', () => {
  it('gives the same history for the same seed and a different one for another seed', () => {
    const a = salesCsv(planSalesHistory({ seed: 7, customers: 40 }), 'plain').text;
    expect(salesCsv(planSalesHistory({ seed: 7, customers: 40 }), 'plain').text).toBe(a);
    expect(salesCsv(planSalesHistory({ seed: 8, customers: 40 }), 'plain').text).not.toBe(a);
  });

  it('writes exactly the number of lines asked for, scaling the customers', () => {
    const small = planSalesHistory({ lines: 5000, badDates: 0, emptyCustomers: 0 });
    expect(small.facts.dataLines).toBe(5000);
    // About 43 lines per customer over the two years (1.1–1.8 orders a month, 1.6 lines an order).
    expect(small.facts.customersInvented).toBeGreaterThan(80);
    expect(small.facts.customersInvented).toBeLessThan(200);
  });

  it('keeps every archetype in the mix', () => {
    for (const count of Object.values(history.facts.archetypes)) expect(count).toBeGreaterThan(50);
  });

  it('writes a plain ISO, dot-decimal file that the import reads to the same facts', async () => {
    const plan = planSalesHistory({ seed: 3, lines: 3000, returns: 5, badDates: 2, emptyCustomers: 1 });
    const plain = salesCsv(plan, 'plain');
    const [header, first] = plain.text.split('\n');
    expect(header).toBe('order_id,order_date,customer_id,customer_name,product,category,quantity,unit_price,amount,channel,salesperson,region');
    expect(first).toMatch(/^\d+,\d{4}-\d\d-\d\d,C\d{5},/);
    const read = await readBack(new TextEncoder().encode(plain.text), 'plain.csv');
    expect(read.detection.settings).toMatchObject({ hasBom: false, delimiter: ',', decimal: '.', dateOrder: 'ymd' });
    expect(read.result.rowCount).toBe(plan.facts.goodRows);
    expect(linesWith(read.result.rejected, 'IMPORT_BAD_DATE')).toEqual(plan.facts.badDateLines);
    expect(linesWith(read.result.rejected, 'IMPORT_MISSING_VALUE')).toEqual(plan.facts.emptyCustomerLines);
    expect(read.customers).toBe(plan.facts.customers);
    expect(read.amountCents).toBe(plain.totals.amountCents);
  });
});

describe('cdnow_sample.csv', () => {
  it('is the published CDNOW sample, byte for byte', () => {
    const bytes = readFileSync(CDNOW_COPY);
    expect(bytes.byteLength).toBe(162_923);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(CDNOW_SAMPLE_SHA256);
  });
});

describe('DEMOS', () => {
  it('lists both demo files by relative URL, and each exists under public/', () => {
    expect(DEMOS.map((d) => d.id)).toEqual(['ciclo', 'cdnow']);
    for (const demo of DEMOS) {
      expect(demo.file).not.toMatch(/^\//);
      expect(existsSync(resolve('public', demo.file))).toBe(true);
    }
  });
});
