// Hand-made sales lines for SQL tests: every field spelled out, so each test shows what it loads.
import type { SalesRow } from '../../../src/import/types.ts';

/** A sales line with blank optional fields; pass only what the test is about. */
export function sale(fields: Partial<SalesRow> & Pick<SalesRow, 'customer_id' | 'order_date' | 'amount'>): SalesRow {
  return {
    quantity: null,
    unit_price: null,
    cost: null,
    order_id: null,
    product: null,
    category: null,
    channel: null,
    salesperson: null,
    customer_name: null,
    region: null,
    source_file: 'test.csv',
    source_line: 2,
    ...fields,
  };
}
