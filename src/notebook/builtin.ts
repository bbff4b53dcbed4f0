// Ciclo's built-in analyses as notebook cells: the same SQL files the analysis screens run (sql/*.sql), with
// their `$1`, `$2`… filled in as SQL literals for the notebook's settings, so a user can read exactly how a figure
// is made, copy the query elsewhere, or add it as a SQL cell and build on its result.
// The screens bind their values (sql/index.ts); only here, for a person to read and run, do values become text,
// and then only as literals quoted here: a DATE literal, a string with '' for ', or a plain number.
import { UNIT_DAYS } from '../analytics/rfm-summary.ts';
import { MAX_ITEM_PAIRS } from '../pipeline/actions.ts';
import { HISTORY_PERIODS } from '../pipeline/analyze.ts';
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
  type BoundQuery,
  type Query,
} from '../sql/index.ts';
import type { Row } from '../engine/engine.ts';
import type { NotebookSettings } from './model.ts';
import { sqlTokens } from './sql-lexer.ts';

/**
 * Customers (orders, for baskets) a pair needs before the notebook's pair queries list it: the action list's
 * default minimum behind a rule (`minRuleCount` in pipeline/actions.ts). On a large book the action list also
 * asks for 2 % of the customers, so it reads fewer pairs than the notebook shows.
 */
export const PAIR_MIN_COUNT = 5;

/** How a parameter is written: the analysis date, another date, the customer looked at, text or a number. */
export type ParamKind = 'as_of' | 'date' | 'customer' | 'text' | 'integer' | 'number';

export interface BuiltinParam {
  /** The name the SQL file's header gives it (`as_of`, `min_count`…). */
  name: string;
  kind: ParamKind;
}

/** What the runnable SQL is written for: the notebook's settings and, for one customer's queries, the customer. */
export interface BuiltinContext {
  /** ISO analysis date; null for Ciclo's default (the end of the last complete month in the data). */
  asOf: NotebookSettings['asOf'];
  unit: NotebookSettings['unit'];
  /** For customer-orders.sql; null reads the first customer id of the data. */
  customerId?: string | null;
}

export type BuiltinId =
  | 'customer-facts'
  | 'customer-panel'
  | 'cohort-retention'
  | 'customer-orders'
  | 'customer-category-spend'
  | 'customer-products'
  | 'customer-order-value'
  | 'product-prices'
  | 'category-pairs'
  | 'product-pairs'
  | 'basket-items'
  | 'basket-pairs'
  | 'customer-purchase-summary'
  | 'default-as-of';

export interface BuiltinAnalysis {
  id: BuiltinId;
  /** The SQL file under src/sql/ (`customer-facts.sql`). */
  file: string;
  /** The file's statement as the screens send it, with its `$n` parameters. */
  sql: string;
  params: readonly BuiltinParam[];
  /** The name the result gets when added as a cell. */
  cellName: string;
  /** The statement and values the screens send for this context (the as-of date and customer given). */
  bind(context: { asOf: string; unit: BuiltinContext['unit']; customerId: string }): BoundQuery;
  /** One query, parameters written as literals, that a SQL cell accepts and that returns the screens' rows. */
  runnableSql(context: BuiltinContext): string;
}

function analysis<P>(
  id: BuiltinId,
  cellName: string,
  query: Query<P, Row>,
  params: readonly BuiltinParam[],
  paramsOf: (context: { asOf: string; unit: BuiltinContext['unit']; customerId: string }) => P,
): BuiltinAnalysis {
  const bind = (context: { asOf: string; unit: BuiltinContext['unit']; customerId: string }) => query.bind(paramsOf(context));
  // Any date and customer show the statement: only its values change.
  const sql = bind({ asOf: '1970-01-01', unit: 'month', customerId: '' }).sql;
  const entry: BuiltinAnalysis = {
    id,
    file: `${query.name}.sql`,
    sql,
    params,
    cellName,
    bind,
    runnableSql: (context) => runnableSql(entry, context),
  };
  return entry;
}

const asOf: BuiltinParam = { name: 'as_of', kind: 'as_of' };
const pairParams: BuiltinParam[] = [asOf, { name: 'min_count', kind: 'integer' }, { name: 'max_pairs', kind: 'integer' }];

/** The built-in analyses a user may want to read, in the order the notebook lists them. */
export const BUILTIN_ANALYSES: readonly BuiltinAnalysis[] = [
  analysis('customer-facts', 'customer_facts', customerFacts, [asOf], (c) => ({ asOf: c.asOf })),
  analysis(
    'customer-panel',
    'customer_panel',
    customerPanel,
    [asOf, { name: 'unit', kind: 'text' }, { name: 'periods', kind: 'integer' }],
    // The analysis reads HISTORY_PERIODS periods (more only for a trend window above it, which the notebook's
    // settings do not change).
    (c) => ({ asOf: c.asOf, unit: c.unit, periods: HISTORY_PERIODS }),
  ),
  analysis('cohort-retention', 'cohort_retention', cohortRetention, [asOf], (c) => ({ asOf: c.asOf })),
  analysis('customer-orders', 'customer_orders', customerOrders, [{ name: 'customer_id', kind: 'customer' }, asOf], (c) => ({
    customerId: c.customerId,
    asOf: c.asOf,
  })),
  analysis('customer-category-spend', 'category_spend', customerCategorySpend, [asOf], (c) => ({ asOf: c.asOf })),
  analysis('customer-products', 'customer_products', customerProducts, [asOf], (c) => ({ asOf: c.asOf })),
  analysis('customer-order-value', 'order_value', customerOrderValue, [asOf], (c) => ({ asOf: c.asOf })),
  analysis('product-prices', 'product_prices', productPrices, [asOf], (c) => ({ asOf: c.asOf })),
  analysis('category-pairs', 'category_pairs', categoryPairs, [asOf, { name: 'min_count', kind: 'integer' }], (c) => ({
    asOf: c.asOf,
    minCount: PAIR_MIN_COUNT,
  })),
  analysis('product-pairs', 'product_pairs', productPairs, pairParams, (c) => ({ asOf: c.asOf, minCount: PAIR_MIN_COUNT, maxPairs: MAX_ITEM_PAIRS })),
  analysis('basket-items', 'basket_items', basketItems, [asOf], (c) => ({ asOf: c.asOf })),
  analysis('basket-pairs', 'basket_pairs', basketPairs, pairParams, (c) => ({ asOf: c.asOf, minCount: PAIR_MIN_COUNT, maxPairs: MAX_ITEM_PAIRS })),
  // The value screen's model counts time in weeks unless the user picks another unit there.
  analysis('customer-purchase-summary', 'purchase_summary', customerPurchaseSummary, [asOf, { name: 'unit_days', kind: 'number' }], (c) => ({
    asOf: c.asOf,
    unitDays: UNIT_DAYS.week,
  })),
  analysis('default-as-of', 'default_as_of', defaultAsOf, [], () => ({})),
];

export function builtinAnalysis(id: string): BuiltinAnalysis | undefined {
  return BUILTIN_ANALYSES.find((entry) => entry.id === id);
}

// ---------------------------------------------------------------------------------------------------------
// Literals

/** `DATE '2025-10-31'`; throws unless `iso` is a calendar date YYYY-MM-DD. */
export function dateLiteral(iso: string): string {
  const match = typeof iso === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  const real = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !real || real.getUTCMonth() !== Number(match[2]) - 1 || real.getUTCDate() !== Number(match[3])) {
    throw new Error(`a date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(iso)}`);
  }
  return `DATE '${iso}'`;
}

/** `'O''Brien'`: the SQL string literal, quotes doubled (DuckDB reads backslashes in '…' as they are). */
export function textLiteral(text: string): string {
  if (typeof text !== 'string') throw new Error(`a text must be a string, got ${typeof text}`);
  if (text.includes('\0')) throw new Error('a text cannot hold the NUL character');
  return `'${text.replaceAll("'", "''")}'`;
}

/** A finite number as SQL reads it; negative numbers in parentheses, so `-$1` never becomes a `--` comment. */
export function numberLiteral(value: number, { isInteger = false }: { isInteger?: boolean } = {}): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || (isInteger && !Number.isSafeInteger(value))) {
    throw new Error(`${isInteger ? 'an integer' : 'a number'} must be a finite ${isInteger ? 'whole ' : ''}number, got ${String(value)}`);
  }
  const text = Object.is(value, -0) ? '0' : String(value);
  return value < 0 ? `(${text})` : text;
}

export function literal(kind: ParamKind, value: unknown): string {
  switch (kind) {
    case 'as_of':
    case 'date':
      return dateLiteral(value as string);
    case 'customer':
    case 'text':
      return textLiteral(value as string);
    case 'integer':
      return numberLiteral(value as number, { isInteger: true });
    case 'number':
      return numberLiteral(value as number);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Parameters in the text

interface Token {
  start: number;
  end: number;
}

/**
 * Where `$1`, `$2`… stand in `sql` as parameters, read the way DuckDB's tokenizer splits the text (as in
 * notebook/sql-cell.ts): never inside '…' and E'…' strings, "…" names, $$…$$ and $tag$…$tag$ strings, -- and
 * (nested) block comments, nor as part of a name such as `price$1`. Also the first token of the statement.
 */
export function scanParameters(sql: string): { parameters: (Token & { index: number })[]; first: Token | null } {
  const parameters: (Token & { index: number })[] = [];
  let first: Token | null = null;
  for (const { kind, start, end } of sqlTokens(sql)) {
    if (kind === 'comment') continue;
    first ??= { start, end };
    if (kind === 'parameter') parameters.push({ start, end, index: Number(sql.slice(start + 1, end)) });
  }
  return { parameters, first };
}

/** `sql` with each parameter `$k` replaced by `values[k - 1]` (already SQL text); throws on a `$k` without a value. */
export function replaceParameters(sql: string, values: readonly string[]): string {
  const { parameters } = scanParameters(sql);
  let out = '';
  let at = 0;
  for (const p of parameters) {
    const value = values[p.index - 1];
    if (value === undefined) throw new Error(`the query uses $${p.index}, but ${values.length} value(s) were given`);
    out += sql.slice(at, p.start) + value;
    at = p.end;
  }
  return out + sql.slice(at);
}

// ---------------------------------------------------------------------------------------------------------
// Runnable SQL

/** The CTE the runnable SQL reads the default analysis date from, when the notebook has none set. */
export const DEFAULT_AS_OF_CTE = 'default_as_of';
const DEFAULT_AS_OF_VALUE = `(SELECT as_of FROM ${DEFAULT_AS_OF_CTE})`;
const FIRST_CUSTOMER_VALUE = '(SELECT min(customer_id) FROM sales)';

/** default-as-of.sql without its header comment, indented to sit inside a CTE. */
function defaultAsOfBody(): string {
  const lines = defaultAsOf.bind({}).sql.split('\n');
  const body = lines.slice(lines.findIndex((line) => !line.startsWith('--')));
  return body.map((line) => (line === '' ? line : `  ${line}`)).join('\n');
}

/** Puts `WITH default_as_of AS (…)` before the statement, or into its WITH list. */
function withDefaultAsOf(sql: string): string {
  const cte = `${DEFAULT_AS_OF_CTE} AS (\n  -- default-as-of.sql: the end of the last complete month in the data.\n${defaultAsOfBody()}\n)`;
  const { first } = scanParameters(sql);
  if (!first) return sql;
  const word = sql.slice(first.start, first.end);
  if (word.toLowerCase() === 'with') {
    // After WITH (and RECURSIVE): the date comes first, so every later CTE can read it.
    const rest = /^\s+recursive\b/i.exec(sql.slice(first.end));
    const at = first.end + (rest ? rest[0].length : 0);
    return `${sql.slice(0, at)} ${cte},\n${sql.slice(at).replace(/^[ \t]+/, '')}`;
  }
  return `${sql.slice(0, first.start)}WITH ${cte}\n${sql.slice(first.start)}`;
}

/**
 * The analysis as one query with its parameters written as literals: the analysis date as `DATE '…'` (or, when
 * the notebook has none, read from a `default_as_of` CTE computing Ciclo's default), texts quoted, numbers
 * plain. A comment line on top says which value each `$n` of the file's header took. Throws on a bad date.
 */
export function runnableSql(entry: BuiltinAnalysis, { asOf, unit, customerId = null }: BuiltinContext): string {
  if (asOf !== null) dateLiteral(asOf);
  if (unit !== 'month' && unit !== 'week') throw new Error(`unit must be month or week, got ${JSON.stringify(unit)}`);
  // The values the screens would bind, with stand-ins for a date or customer still to be read from the data.
  const bound = entry.bind({ asOf: asOf ?? '1970-01-01', unit, customerId: customerId ?? '' });
  const values = entry.params.map((param, i) => {
    if (param.kind === 'as_of' && asOf === null) return DEFAULT_AS_OF_VALUE;
    if (param.kind === 'customer' && customerId === null) return FIRST_CUSTOMER_VALUE;
    return literal(param.kind, bound.params[i]);
  });
  if (values.length !== bound.params.length) throw new Error(`${entry.file} takes ${bound.params.length} parameters, ${values.length} are described`);
  let sql = replaceParameters(bound.sql, values);
  if (asOf === null && entry.params.some((param) => param.kind === 'as_of')) sql = withDefaultAsOf(sql);
  if (values.length === 0) return `-- Ciclo's built-in analysis ${entry.file}.\n${sql}`;
  const given = entry.params.map((param, i) => `$${i + 1} ${param.name} = ${oneLine(values[i]!)}`).join(', ');
  return `-- Ciclo's built-in analysis ${entry.file}, with ${given}.\n${sql}`;
}

/** A value as the header comment shows it: on one line, so it cannot end the comment early. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
