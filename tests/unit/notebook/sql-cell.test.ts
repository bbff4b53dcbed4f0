import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { addCell, emptyNotebook, renameCell, type Notebook } from '../../../src/notebook/model.ts';
import {
  RESULT_COLUMNS_SQL,
  SCHEMA_COLUMNS_SQL,
  dropResultSql,
  locateSqlError,
  materialiseSql,
  queryProblem,
  resultCountSql,
  resultPageSql,
  schemaOf,
} from '../../../src/notebook/sql-cell.ts';

describe('which texts a SQL cell accepts', () => {
  it.each([
    'SELECT 1',
    'select 1;',
    '  -- revenue per month\n  WITH m AS (SELECT 1) SELECT * FROM m;  -- done',
    'FROM sales',
    "SELECT ';' AS semicolon, 'it''s; fine' AS quoted",
    'SELECT "a;b" FROM (SELECT 1 AS "a;b")',
    "SELECT E'\\';drop table sales' AS x",
    'SELECT $$ ; $$ AS dollars, $tag$;$tag$ AS tagged',
    '/* a /* nested ; */ comment */ SELECT 1',
    '(SELECT 1) UNION ALL (SELECT 2)',
    'VALUES (1, 2)',
    'SELECT 1;;',
  ])('accepts %j', (sql) => {
    expect(queryProblem(sql)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['  -- only a comment\n', 'empty'],
    ['SELECT 1; DROP TABLE sales', 'several_statements'],
    ["SELECT 'a'; DELETE FROM sales", 'several_statements'],
    ['SELECT 1 -- ; DROP\n; SELECT 2', 'several_statements'],
    ['DELETE FROM sales', 'not_a_query'],
    ['drop table sales', 'not_a_query'],
    ['INSERT INTO sales VALUES (1)', 'not_a_query'],
    ["ATTACH 'x.db'", 'not_a_query'],
    ['SET threads = 1', 'not_a_query'],
    ["COPY sales TO 'x.csv'", 'not_a_query'],
    ['CREATE TABLE x AS SELECT 1', 'not_a_query'],
  ])('refuses %j as %s', (sql, problem) => {
    expect(queryProblem(sql)).toBe(problem);
  });
});

describe('SQL cells in DuckDB', () => {
  let engine: Engine;
  let notebook: Notebook;

  beforeAll(async () => {
    engine = await createNodeEngine();
    await engine.query(`CREATE TABLE sales AS SELECT customer_id, order_date, amount::DOUBLE AS amount FROM (VALUES
      ('a', DATE '2024-01-05', 10.0), ('b', DATE '2024-01-20', 5.5), ('a', DATE '2024-02-02', 7.0)) t(customer_id, order_date, amount)`);
    notebook = addCell(addCell(emptyNotebook(), 'sql').notebook, 'sql').notebook;
    notebook = renameCell(notebook, 'c1', 'per_month');
  });

  afterAll(async () => {
    await engine?.close();
  });

  async function runCell(id: string, name: string, sql: string) {
    const statement = materialiseSql(notebook, id, name, sql);
    await engine.query(statement.sql);
    return statement;
  }

  it('keeps a result as a table that a later cell reads by name, and pages through it', async () => {
    await runCell('c1', 'per_month', "SELECT strftime(order_date, '%Y-%m') AS month, sum(amount) AS revenue FROM sales GROUP BY 1 ORDER BY 1; -- by month");
    await runCell('c2', 'query2', 'FROM per_month WHERE revenue > 10');
    expect(await engine.query(resultPageSql('query2'), [10, 0])).toEqual([{ month: '2024-01', revenue: 15.5 }]);
    expect(await engine.query(resultPageSql('per_month'), [1, 1])).toEqual([{ month: '2024-02', revenue: 7 }]);
    expect(await engine.query(resultCountSql('per_month'))).toEqual([{ n: 2 }]);
    expect(await engine.query(RESULT_COLUMNS_SQL, ['per_month'])).toEqual([
      { column_name: 'month', data_type: 'VARCHAR' },
      { column_name: 'revenue', data_type: 'DOUBLE' },
    ]);
  });

  it('lists tables and columns for completion, the sales table and cell results alike', async () => {
    const schema = schemaOf(await engine.query(SCHEMA_COLUMNS_SQL));
    expect(schema.sales).toEqual(['customer_id', 'order_date', 'amount']);
    expect(schema.per_month).toEqual(['month', 'revenue']);
  });

  it('drops a result without touching the sales table', async () => {
    await engine.query(dropResultSql('query2'));
    await expect(engine.query(resultCountSql('query2'))).rejects.toThrow(/query2/);
    expect(await engine.query('SELECT count(*)::INTEGER AS n FROM sales')).toEqual([{ n: 3 }]);
  });

  it('refuses to name a result like the sales table or to run two statements', () => {
    expect(() => materialiseSql(notebook, 'c2', 'sales', 'SELECT 1')).toThrow(/reserved/);
    expect(() => materialiseSql(notebook, 'c2', 'query2', 'SELECT 1; DROP TABLE sales')).toThrow(/several_statements/);
  });

  it('reports DuckDB errors at the line and column of the cell, not of the wrapped statement', async () => {
    const sql = 'SELECT customer_id,\n  sum(amount) AS revenue\nFROM sales\nGRUP BY 1';
    const statement = materialiseSql(notebook, 'c2', 'query2', sql);
    const thrown = await engine.query(statement.sql).catch((error: unknown) => error);
    const place = locateSqlError(String(thrown), statement.prefixLength);
    expect(place.line).toBe(4);
    expect(place.column).toBe(6); // the space after GRUP: DuckDB points at the token it stumbled on ("BY")
    expect(place.message).toMatch(/^Parser Error: syntax error at or near "BY"$/);
  });

  it('gives the column on the first line without the CREATE prefix', async () => {
    const statement = materialiseSql(notebook, 'c2', 'query2', 'SELECT nope FROM sales');
    const thrown = await engine.query(statement.sql).catch((error: unknown) => error);
    const place = locateSqlError(String(thrown), statement.prefixLength);
    expect(place).toMatchObject({ line: 1, column: 8 });
    expect(place.message).toMatch(/Binder Error: Referenced column "nope" not found/);
  });
});
