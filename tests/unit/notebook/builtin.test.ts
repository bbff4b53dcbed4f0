// The built-in analyses as notebook cells: each one's runnable SQL is a query a SQL cell accepts, and on the demo
// export (read by the real importer) it returns exactly the rows the screens get from the same SQL file with bound
// parameters, called the way pipeline/analyze.ts, actions.ts and predict.ts call it. Literals survive hostile
// values, and `$1` inside strings, names and comments is left alone.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIT_DAYS } from '../../../src/analytics/rfm-summary.ts';
import type { Engine, Row } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { detect, parseBytes } from '../../../src/import/index.ts';
import type { SalesRow } from '../../../src/import/types.ts';
import {
  BUILTIN_ANALYSES,
  PAIR_MIN_COUNT,
  builtinAnalysis,
  dateLiteral,
  numberLiteral,
  replaceParameters,
  textLiteral,
  type BuiltinContext,
  type BuiltinId,
} from '../../../src/notebook/builtin.ts';
import { addCell, emptyNotebook, renameCell } from '../../../src/notebook/model.ts';
import { materialiseSql, queryProblem } from '../../../src/notebook/sql-cell.ts';
import { MAX_ITEM_PAIRS } from '../../../src/pipeline/actions.ts';
import { HISTORY_PERIODS, defaultAnalysisDate } from '../../../src/pipeline/analyze.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import {
  basketItems,
  basketPairs,
  categoryPairs,
  cohortRetention,
  customerCategorySpend,
  customerFacts,
  customerOrders,
  customerOrderValue,
  customerPanel,
  customerProducts,
  customerPurchaseSummary,
  defaultAsOf,
  productPairs,
  productPrices,
  run,
} from '../../../src/sql/index.ts';
import { sale } from '../sql/sales-rows.ts';

async function importDemo(): Promise<SalesRow[]> {
  const bytes = new Uint8Array(readFileSync('public/demo/ciclo-demo.csv'));
  const detection = await detect(bytes.subarray(0, 1 << 20), 'ciclo-demo.csv', {}, bytes.length <= 1 << 20, bytes.subarray(Math.max(1 << 20, bytes.length - (1 << 18))));
  const rows: SalesRow[] = [];
  const result = parseBytes(bytes, { fileName: 'ciclo-demo.csv', settings: detection.settings, mapping: detection.mapping, onRows: (batch) => void rows.push(...batch) });
  expect(result.fatal).toBeNull();
  return rows;
}

/**
 * How the screens call each SQL file for an analysis date, unit and customer: the options of analyzeCustomers,
 * customerDetail, nextActions (default rule minimum, MAX_ITEM_PAIRS) and predictCustomerValues (weeks).
 */
function pipelineCall(id: BuiltinId, engine: Engine, asOf: string, unit: 'month' | 'week', customerId: string): Promise<Row[]> {
  const calls: Record<BuiltinId, () => Promise<Row[]>> = {
    'customer-facts': () => run(engine, customerFacts, { asOf }),
    'customer-panel': () => run(engine, customerPanel, { asOf, unit, periods: HISTORY_PERIODS }),
    'cohort-retention': () => run(engine, cohortRetention, { asOf }),
    'customer-orders': () => run(engine, customerOrders, { customerId, asOf }),
    'customer-category-spend': () => run(engine, customerCategorySpend, { asOf }),
    'customer-products': () => run(engine, customerProducts, { asOf }),
    'customer-order-value': () => run(engine, customerOrderValue, { asOf }),
    'product-prices': () => run(engine, productPrices, { asOf }),
    'category-pairs': () => run(engine, categoryPairs, { asOf, minCount: 5 }),
    'product-pairs': () => run(engine, productPairs, { asOf, minCount: 5, maxPairs: MAX_ITEM_PAIRS }),
    'basket-items': () => run(engine, basketItems, { asOf }),
    'basket-pairs': () => run(engine, basketPairs, { asOf, minCount: 5, maxPairs: MAX_ITEM_PAIRS }),
    'customer-purchase-summary': () => run(engine, customerPurchaseSummary, { asOf, unitDays: UNIT_DAYS.week }),
    'default-as-of': () => run(engine, defaultAsOf, {}),
  };
  return calls[id]();
}

/** The demo's default analysis date and a customer of it, worked out from the file (see actions.test.ts). */
const DEMO_AS_OF = '2025-10-31';
const CUSTOMER = 'C00001';

describe('the catalogue', () => {
  it('holds every analysis the notebook offers, each with a free cell name and a runnable query', () => {
    const ids = BUILTIN_ANALYSES.map((a) => a.id);
    for (const id of ['customer-facts', 'customer-panel', 'cohort-retention', 'customer-orders', 'category-pairs', 'product-pairs', 'basket-pairs', 'product-prices', 'customer-category-spend']) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(BUILTIN_ANALYSES.map((a) => a.cellName)).size).toBe(ids.length);
    expect(PAIR_MIN_COUNT).toBe(5);
    const contexts: BuiltinContext[] = [
      { asOf: DEMO_AS_OF, unit: 'month', customerId: CUSTOMER },
      { asOf: null, unit: 'week', customerId: null },
    ];
    for (const entry of BUILTIN_ANALYSES) {
      expect(entry.sql).toBe(readFileSync(`src/sql/${entry.file}`, 'utf8').trim());
      for (const context of contexts) {
        const sql = entry.runnableSql(context);
        expect(queryProblem(sql), `${entry.id} ${JSON.stringify(context)}`).toBeNull();
        // The cell name is one a SQL cell can take, so the query becomes a cell as it is.
        const { notebook, cell } = addCell(emptyNotebook(), 'sql');
        expect(() => materialiseSql(renameCell(notebook, cell.id, entry.cellName), cell.id, entry.cellName, sql)).not.toThrow();
      }
    }
  });

  it('refuses a date that is not a calendar date', () => {
    const facts = builtinAnalysis('customer-facts')!;
    expect(() => facts.runnableSql({ asOf: '2025-02-30', unit: 'month' })).toThrow(/calendar date/);
    expect(() => facts.runnableSql({ asOf: "2025-01-01'; DROP TABLE sales; --", unit: 'month' })).toThrow(/calendar date/);
    expect(() => facts.runnableSql({ asOf: null, unit: 'year' as 'month' })).toThrow(/unit must be month or week, got "year"/);
  });
});

describe('on the demo export', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
    await createDataset(engine);
    await appendSalesRows(engine, await importDemo(), 'ciclo-demo.csv');
  }, 120_000);
  afterAll(async () => {
    await engine.close();
  });

  it('proposes the analysis date the other tests worked out by hand', async () => {
    expect(await defaultAnalysisDate(engine)).toBe(DEMO_AS_OF);
  });

  for (const entry of BUILTIN_ANALYSES) {
    it(`${entry.id}: the runnable SQL returns the screens' rows, for a given date and for the default one`, async () => {
      const unit = entry.id === 'customer-panel' ? 'week' : 'month';
      const expected = await pipelineCall(entry.id, engine, DEMO_AS_OF, unit, CUSTOMER);
      expect(await engine.query(entry.runnableSql({ asOf: DEMO_AS_OF, unit, customerId: CUSTOMER }))).toEqual(expected);
      // With no date set, the query reads Ciclo's default from the data: the same date, so the same rows.
      expect(await engine.query(entry.runnableSql({ asOf: null, unit, customerId: CUSTOMER }))).toEqual(expected);
      if (entry.id !== 'default-as-of') expect(expected.length).toBeGreaterThan(0);
    }, 60_000);
  }

  it('customer-panel follows the unit of the settings: 24 months or 24 weeks of history', async () => {
    const panel = builtinAnalysis('customer-panel')!;
    type Series = { start_period: string; revenue: number[] };
    const monthly = await engine.query<Series>(panel.runnableSql({ asOf: DEMO_AS_OF, unit: 'month' }));
    const weekly = await engine.query<Series>(panel.runnableSql({ asOf: DEMO_AS_OF, unit: 'week' }));
    expect(monthly).toEqual(await run(engine, customerPanel, { asOf: DEMO_AS_OF, unit: 'month', periods: HISTORY_PERIODS }));
    expect(Math.max(...monthly.map((r) => r.revenue.length))).toBe(HISTORY_PERIODS);
    expect(Math.max(...weekly.map((r) => r.revenue.length))).toBe(HISTORY_PERIODS);
    // 24 months ending with October 2025 start in November 2023; 24 ISO weeks ending with the week of Monday
    // 2025-10-20 (2025-10-31 is a Friday, so its week is not complete) start on Monday 2025-05-12.
    expect(monthly.map((r) => r.start_period).sort()[0]).toBe('2023-11-01');
    expect(weekly.map((r) => r.start_period).sort()[0]).toBe('2025-05-12');
  });

  it('customer-orders without a customer reads the first customer id of the data', async () => {
    const orders = builtinAnalysis('customer-orders')!;
    const [first] = await engine.query<{ id: string }>('SELECT min(customer_id) AS id FROM sales');
    expect(await engine.query(orders.runnableSql({ asOf: DEMO_AS_OF, unit: 'month', customerId: null }))).toEqual(
      await run(engine, customerOrders, { customerId: first!.id, asOf: DEMO_AS_OF }),
    );
  });

  it('runs as a notebook cell: the result table holds the rows under the suggested name', async () => {
    const facts = builtinAnalysis('customer-facts')!;
    const { notebook, cell } = addCell(emptyNotebook(), 'sql');
    const named = renameCell(notebook, cell.id, facts.cellName);
    const statement = materialiseSql(named, cell.id, facts.cellName, facts.runnableSql({ asOf: null, unit: 'month' }));
    await engine.query(statement.sql);
    const [count] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${facts.cellName}`);
    // Customers with a line on or before the date, counted directly from the sales table.
    const [direct] = await engine.query<{ n: number }>(`SELECT count(DISTINCT customer_id)::INTEGER AS n FROM sales WHERE order_date <= DATE '${DEMO_AS_OF}'`);
    expect(count!.n).toBe(direct!.n);
    await engine.query(`DROP TABLE temp.main.${facts.cellName}`);
  });
});

describe('literals', () => {
  it('writes dates, texts and numbers as SQL reads them', () => {
    expect(dateLiteral('2024-02-29')).toBe("DATE '2024-02-29'");
    expect(() => dateLiteral('2023-02-29')).toThrow(/calendar date/);
    expect(textLiteral("O'Brien")).toBe("'O''Brien'");
    expect(textLiteral("''")).toBe("''''''");
    expect(() => textLiteral('a\0b')).toThrow(/NUL/);
    expect(numberLiteral(5, { isInteger: true })).toBe('5');
    expect(numberLiteral(-5)).toBe('(-5)');
    expect(numberLiteral(30.4375)).toBe('30.4375');
    expect(() => numberLiteral(2.5, { isInteger: true })).toThrow(/integer/);
    expect(() => numberLiteral(Number.NaN)).toThrow(/finite/);
  });

  it('leaves $1 inside strings, names, dollar-quoted text and comments alone', () => {
    const sql = [
      "SELECT '$1' AS s, E'\\'$1' AS e, $1 AS v, \"$1\" AS n, $$ $1 $$ AS d, $q$ $1 $q$ AS t, $2 AS w -- $1",
      '/* $1 /* $2 */ $1 */ FROM (SELECT 1 AS "$1", 2 AS price$1)',
    ].join('\n');
    expect(replaceParameters(sql, ['42', "'x'"])).toBe(
      [
        "SELECT '$1' AS s, E'\\'$1' AS e, 42 AS v, \"$1\" AS n, $$ $1 $$ AS d, $q$ $1 $q$ AS t, 'x' AS w -- $1",
        '/* $1 /* $2 */ $1 */ FROM (SELECT 1 AS "$1", 2 AS price$1)',
      ].join('\n'),
    );
    expect(() => replaceParameters('SELECT $3', ['1'])).toThrow(/\$3/);
  });

  it('keeps hostile values as values when DuckDB runs the query', async () => {
    const engine = await createNodeEngine();
    try {
      await createDataset(engine);
      const hostile = "x'); DROP TABLE sales; -- $1\n' OR 1=1 --";
      await appendSalesRows(
        engine,
        [
          sale({ customer_id: hostile, order_date: '2024-01-05', amount: 10, order_id: 'A1' }),
          sale({ customer_id: hostile, order_date: '2024-02-05', amount: 20, order_id: 'A2' }),
          sale({ customer_id: 'other', order_date: '2024-01-06', amount: 99, order_id: 'B1' }),
        ],
        'hostile.csv',
      );
      const orders = builtinAnalysis('customer-orders')!;
      const sql = orders.runnableSql({ asOf: '2024-03-31', unit: 'month', customerId: hostile });
      expect(queryProblem(sql)).toBeNull();
      const rows = await engine.query<{ order_id: string; amount: number }>(sql);
      // Exactly the hostile customer's two orders: the quote closed nothing, and the table is still there.
      expect(rows.map((r) => [r.order_id, r.amount])).toEqual([
        ['A1', 10],
        ['A2', 20],
      ]);
      const [count] = await engine.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM sales');
      expect(count!.n).toBe(3);
      // A negative number next to a minus sign stays a subtraction, not a comment.
      expect(await engine.query(replaceParameters('SELECT 1 -$1 AS d', [numberLiteral(-5)]))).toEqual([{ d: 6 }]);
      expect(await engine.query(replaceParameters("SELECT '$1' AS s, $1 AS v", [textLiteral("it's")]))).toEqual([{ s: '$1', v: "it's" }]);
    } finally {
      await engine.close();
    }
  });
});
