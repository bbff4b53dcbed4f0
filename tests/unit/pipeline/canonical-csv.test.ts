// The canonical CSV writer: the exact text it produces, and the values it refuses.
import { describe, expect, it } from 'vitest';
import type { SalesRow } from '../../../src/import/types.ts';
import {
  CANONICAL_CSV_HEADER,
  canonicalCsvLines,
  encodeCanonicalCsv,
} from '../../../src/pipeline/canonical-csv.ts';

const row = (fields: Partial<SalesRow>): SalesRow => ({
  customer_id: 'C1',
  order_date: '2024-01-02',
  amount: 1,
  quantity: null,
  unit_price: null,
  order_id: null,
  product: null,
  category: null,
  channel: null,
  salesperson: null,
  customer_name: null,
  region: null,
  source_file: 'ignored.csv',
  source_line: 2,
  ...fields,
});

describe('canonical CSV', () => {
  it('has a header of the canonical columns without source_file', () => {
    expect(CANONICAL_CSV_HEADER).toBe(
      'customer_id,order_date,amount,quantity,unit_price,order_id,product,category,channel,salesperson,customer_name,region,source_line\n',
    );
  });

  it('quotes every text, doubles inner quotes, and writes NULL as an empty unquoted field', () => {
    expect(canonicalCsvLines([row({ customer_id: 'Loja "A", Lda', product: 'a\nb', category: '', region: 'é' })])).toBe(
      '"Loja ""A"", Lda",2024-01-02,1,,,,"a\nb","",,,,"é",2\n',
    );
  });

  it('writes numbers with a dot and full precision, whatever the size', () => {
    expect(canonicalCsvLines([row({ amount: 0.1 + 0.2, quantity: 1e21, unit_price: 1e-7, source_line: 7 })])).toBe(
      '"C1",2024-01-02,0.30000000000000004,1e+21,1e-7,,,,,,,,7\n',
    );
  });

  it('encodes header and lines as UTF-8', () => {
    const bytes = encodeCanonicalCsv([row({ customer_id: 'Ñ' })]);
    expect(new TextDecoder().decode(bytes)).toBe(`${CANONICAL_CSV_HEADER}"Ñ",2024-01-02,1,,,,,,,,,,2\n`);
  });

  it('refuses values DuckDB would reject, naming the line', () => {
    expect(() => canonicalCsvLines([row({ amount: Number.NaN, source_line: 9 })])).toThrow(
      'amount must be a finite number, got NaN (line 9)',
    );
    expect(() => canonicalCsvLines([row({ quantity: Infinity })])).toThrow('quantity must be a finite number, got Infinity (line 2)');
    expect(() => canonicalCsvLines([row({ order_date: '02/01/2024' })])).toThrow(
      'order_date must be an ISO date YYYY-MM-DD, got "02/01/2024" (line 2)',
    );
    expect(() => canonicalCsvLines([row({ source_line: 2.5 })])).toThrow('source_line must be an integer, got 2.5');
  });
});
