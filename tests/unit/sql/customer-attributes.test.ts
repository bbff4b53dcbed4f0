// customer-attributes.sql on a hand-made table: each expected value is worked out in the comment next to it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { customerAttributes, run } from '../../../src/sql/index.ts';
import { sale } from './sales-rows.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});
beforeEach(async () => {
  await createDataset(engine);
});

const AS_OF = '2024-06-30';

describe('customer attributes', () => {
  it('returns no row for an empty dataset', async () => {
    expect(await run(engine, customerAttributes, { asOf: AS_OF })).toEqual([]);
  });

  it('takes the value on most lines up to the date, ties to the first in text order', async () => {
    await appendSalesRows(
      engine,
      [
        // A: Bruno on 2 lines, Ana on 1 (and on 5 lines after the date); regions tie 1–1 → "RJ" before "SP";
        // channel only on one line.
        sale({ customer_id: 'A', order_date: '2024-01-01', amount: 1, salesperson: 'Bruno', region: 'SP' }),
        sale({ customer_id: 'A', order_date: '2024-01-02', amount: 1, salesperson: 'Bruno', region: 'RJ', channel: 'Loja' }),
        sale({ customer_id: 'A', order_date: '2024-01-03', amount: 1, salesperson: 'Ana', region: '' }),
        ...[1, 2, 3, 4, 5].map((d) => sale({ customer_id: 'A', order_date: `2024-07-0${d}`, amount: 1, salesperson: 'Ana' })),
        // B: no attribute at all (blank counts as none); C: only after the date.
        sale({ customer_id: 'B', order_date: '2024-02-01', amount: 1, salesperson: '', channel: '' }),
        sale({ customer_id: 'C', order_date: '2024-07-01', amount: 1, salesperson: 'Ana' }),
      ],
      'attributes.csv',
    );
    expect(await run(engine, customerAttributes, { asOf: AS_OF })).toEqual([
      { customer_id: 'A', salesperson: 'Bruno', region: 'RJ', channel: 'Loja' },
      { customer_id: 'B', salesperson: null, region: null, channel: null },
    ]);
  });
});
