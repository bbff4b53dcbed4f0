// Which file of `ciclo analyze --out DIR` a file is, read from its first bytes: customers.csv, actions.csv,
// cohorts.csv and rules.csv by the columns their header starts with (the CLI's stable contract), model.json by
// its first key. A sales export never starts with these headers, so the screens can send a dropped file to the
// results view or to the import wizard by this check alone. Pure: no DOM, no DuckDB.
import { ACTION_COLUMNS, RULE_COLUMNS } from '../pipeline/actions.ts';
import { CUSTOMER_CONTRACT_COLUMNS } from '../pipeline/analysis-types.ts';

export type ResultKind = 'customers' | 'actions' | 'cohorts' | 'rules' | 'model';
export type ResultTableKind = Exclude<ResultKind, 'model'>;
export const RESULT_TABLE_KINDS = ['customers', 'actions', 'cohorts', 'rules'] as const satisfies readonly ResultTableKind[];

/** The DuckDB table each CSV file is loaded into (src/sql/result-*.sql). */
export const RESULT_TABLES: Readonly<Record<ResultTableKind, string>> = {
  customers: 'result_customers',
  actions: 'result_actions',
  cohorts: 'result_cohorts',
  rules: 'result_rules',
};

/**
 * The columns each file's header starts with, in this order: for customers.csv the CLI's
 * CUSTOMER_CONTRACT_COLUMNS (pipeline/analysis-types.ts, which the CLI writes), for actions.csv
 * and rules.csv the promised first columns of ACTION_COLUMNS and RULE_COLUMNS, for cohorts.csv all of them.
 */
export const RESULT_HEADERS: Readonly<Record<ResultTableKind, readonly string[]>> = {
  customers: CUSTOMER_CONTRACT_COLUMNS,
  actions: ACTION_COLUMNS.slice(0, 6).map((column) => column.header),
  cohorts: ['cohort', 'age_months', 'cohort_size', 'customers', 'revenue'],
  rules: RULE_COLUMNS.slice(0, 5).map((column) => column.header),
};

/** Bytes read to recognise a file: a header of any of the files fits many times over. */
export const HEAD_BYTES = 4096;

/**
 * The kind of result file whose first bytes are `head`, or null for anything else (a sales export, a header cut
 * short, an empty file). `isWholeFile` says `head` is the whole file: a first line without its line end is
 * then complete, otherwise it was cut at HEAD_BYTES and is refused.
 */
export function recogniseResult(head: string, { isWholeFile = false }: { isWholeFile?: boolean } = {}): ResultKind | null {
  const text = head.startsWith('\uFEFF') ? head.slice(1) : head;
  if (/^\s*\{\s*"bgnbd"\s*:/.test(text)) return 'model';
  const end = text.indexOf('\n');
  if (end < 0 && !isWholeFile) return null;
  const names = (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '').split(',');
  for (const kind of RESULT_TABLE_KINDS) {
    const expected = RESULT_HEADERS[kind];
    if (names.length >= expected.length && expected.every((name, i) => names[i] === name)) return kind;
  }
  return null;
}

/** The figures of model.json the results view shows (the rest stays in the file). */
export interface ModelFigures {
  asOf: string;
  method: string;
  reason: string;
  detail: string | null;
  unit: string;
  horizonMonths: number;
  monthlyDiscount: number;
  customers: number;
  repeatBuyers: number;
  predictedClvTotal: number;
}

export type ModelReading = { ok: true; model: ModelFigures } | { ok: false; problem: string };

/**
 * model.json's figures, checked key by key (ModelDocument of src/cli/analyze.ts); `problem` names the first
 * key that is missing or of the wrong type, or says the text is not JSON.
 */
export function readModelDocument(text: string): ModelReading {
  let document: unknown;
  try {
    document = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (thrown) {
    return { ok: false, problem: `not JSON (${(thrown as Error).message})` };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return { ok: false, problem: 'not a JSON object' };
  const d = document as Record<string, unknown>;
  const checks: [string, (v: unknown) => boolean, string][] = [
    ['as_of', (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v), 'an ISO date'],
    ['method', (v) => typeof v === 'string', 'a text'],
    ['reason', (v) => typeof v === 'string', 'a text'],
    ['detail', (v) => v === null || typeof v === 'string', 'a text or null'],
    ['unit', (v) => typeof v === 'string', 'a text'],
    ['horizon', (v) => typeof v === 'number' && Number.isFinite(v), 'a number'],
    ['discount', (v) => typeof v === 'number' && Number.isFinite(v), 'a number'],
    ['customers', (v) => Number.isInteger(v), 'an integer'],
    ['repeat_buyers', (v) => Number.isInteger(v), 'an integer'],
    ['predicted_clv_total', (v) => typeof v === 'number' && Number.isFinite(v), 'a number'],
  ];
  for (const [key, isValid, expected] of checks) {
    if (!isValid(d[key])) return { ok: false, problem: `"${key}" must be ${expected}, got ${JSON.stringify(d[key]) ?? 'nothing'}` };
  }
  return {
    ok: true,
    model: {
      asOf: d.as_of as string,
      method: d.method as string,
      reason: d.reason as string,
      detail: d.detail as string | null,
      unit: d.unit as string,
      horizonMonths: d.horizon as number,
      monthlyDiscount: d.discount as number,
      customers: d.customers as number,
      repeatBuyers: d.repeat_buyers as number,
      predictedClvTotal: d.predicted_clv_total as number,
    },
  };
}
