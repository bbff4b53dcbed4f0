// Loads the files of `ciclo analyze --out DIR` into DuckDB (tables result_customers, result_actions,
// result_cohorts, result_rules: plain tables, so notebook cells can query them too) and reads back what the
// results view shows: counts per trend label and per stage, the key figures, the action counts and pages of
// the action list. model.json is read here too; it is small and becomes no table. Runs on either engine.
import { ACTION_TYPES, type ActionType } from '../analytics/action-input.ts';
import { STAGES, TREND_LABELS, type CohortCell, type Stage, type TrendLabel } from '../analytics/types.ts';
import type { Engine } from '../engine/engine.ts';
import {
  createResultActions,
  createResultCohorts,
  createResultCustomers,
  createResultRules,
  RESULT_BUFFERS,
  resultActionCounts,
  resultActionRows,
  resultActionTotal,
  resultCohortCells,
  resultCustomerFigures,
  resultRuleCount,
  resultStageCounts,
  resultTrendCounts,
  run,
  type ResultActionRow,
  type ResultCustomerFiguresRow,
} from '../sql/index.ts';
import { HEAD_BYTES, readModelDocument, recogniseResult, type ModelFigures, type ResultTableKind } from './result-files.ts';

export type ResultsProblemCode = 'RESULTS_NOT_RECOGNISED' | 'RESULTS_TRUNCATED' | 'RESULTS_MODEL_INVALID' | 'RESULTS_LOAD_FAILED';

/** Why a file did not load: a stable code, the file and the detail (DuckDB's message, the model's bad key). */
export interface ResultsProblem {
  code: ResultsProblemCode;
  file: string;
  detail: string;
}

export type LoadedResult =
  | { kind: ResultTableKind; fileName: string; rows: number }
  | { kind: 'model'; fileName: string; model: ModelFigures };

export type ResultLoad = { ok: true; loaded: LoadedResult } | { ok: false; problem: ResultsProblem };

const CREATE: Readonly<Record<ResultTableKind, typeof createResultCustomers>> = {
  customers: createResultCustomers,
  actions: createResultActions,
  cohorts: createResultCohorts,
  rules: createResultRules,
};

/**
 * Loads one result file: recognised by its header (result-files.ts), then read by DuckDB's read_csv from a
 * registered buffer with the contract's column types, replacing the table of the same kind in one statement
 * (a file that fails leaves the table loaded before as it was). A CSV must end with a line end, as the CLI
 * writes every file: one that does not was cut short (RESULTS_TRUNCATED). Engine failures other than the
 * read itself (a crash) are thrown.
 */
export async function loadResultFile(engine: Engine, { name, bytes }: { name: string; bytes: Uint8Array }): Promise<ResultLoad> {
  if (typeof name !== 'string' || !(bytes instanceof Uint8Array)) {
    throw new TypeError(`loadResultFile expects { name: string, bytes: Uint8Array }, got ${typeof name} and ${Object.prototype.toString.call(bytes)}`);
  }
  const head = new TextDecoder().decode(bytes.subarray(0, HEAD_BYTES));
  const kind = recogniseResult(head, { isWholeFile: bytes.length <= HEAD_BYTES });
  const problem = (code: ResultsProblemCode, detail: string): ResultLoad => ({ ok: false, problem: { code, file: name, detail } });
  if (kind === null) return problem('RESULTS_NOT_RECOGNISED', head.split('\n', 1)[0]!.slice(0, 200));
  if (kind === 'model') {
    const reading = readModelDocument(new TextDecoder().decode(bytes));
    return reading.ok ? { ok: true, loaded: { kind, fileName: name, model: reading.model } } : problem('RESULTS_MODEL_INVALID', reading.problem);
  }
  if (bytes.at(-1) !== 0x0a) return problem('RESULTS_TRUNCATED', `the last line has no line end (${bytes.length} bytes)`);
  const buffer = RESULT_BUFFERS[kind];
  await engine.registerBuffer(buffer, bytes);
  try {
    const [changed] = await run(engine, CREATE[kind], {});
    return { ok: true, loaded: { kind, fileName: name, rows: Number(changed?.Count ?? 0) } };
  } catch (thrown) {
    const record = thrown as { code?: unknown; message?: unknown };
    if (record?.code === 'ENGINE_CRASHED') throw thrown;
    return problem('RESULTS_LOAD_FAILED', typeof record?.message === 'string' ? record.message : String(thrown));
  } finally {
    await engine.dropBuffer(buffer).catch(() => {});
  }
}

export interface LabelCount<K extends string> {
  key: K;
  customers: number;
  /** Revenue of those customers over the 12 months up to the analysis date (trailing_12m_revenue). */
  revenue12: number;
}

export interface CustomerResults {
  figures: {
    customers: number;
    revenue: number;
    revenue12: number;
    /** Null when the file has no predicted_clv column filled. */
    predictedClv: number | null;
    keyAccounts: number;
    firstOrder: string | null;
    lastOrder: string | null;
  };
  /** Every trend label in TREND_LABELS order, zeros included. */
  byTrend: LabelCount<TrendLabel>[];
  /** Every stage in STAGES order, zeros included. */
  byStage: LabelCount<Stage>[];
}

export interface ActionCount {
  action: ActionType;
  actions: number;
  customers: number;
  valueAtStake: number;
}

export interface ActionResults {
  actions: number;
  valueAtStake: number;
  /** Every action type in ACTION_TYPES order, zeros included. */
  byAction: ActionCount[];
}

/** What the results view shows of the loaded tables (null for a table not loaded). */
export interface ResultsSummary {
  customers: CustomerResults | null;
  actions: ActionResults | null;
  cohorts: CohortCell[] | null;
  rules: number | null;
}

/** Reads the summary of the tables in `loaded` (the others are not touched: they may not exist). */
export async function readResultsSummary(engine: Engine, loaded: ReadonlySet<ResultTableKind>): Promise<ResultsSummary> {
  return {
    customers: loaded.has('customers') ? await readCustomerResults(engine) : null,
    actions: loaded.has('actions') ? await readActionResults(engine) : null,
    cohorts: loaded.has('cohorts')
      ? (await run(engine, resultCohortCells, {})).map((r) => ({
          cohort: r.cohort,
          age: r.age,
          customers: r.customers ?? 0,
          revenue: r.revenue ?? 0,
          cohortSize: r.cohort_size ?? 0,
        }))
      : null,
    rules: loaded.has('rules') ? ((await run(engine, resultRuleCount, {}))[0]?.rules ?? 0) : null,
  };
}

async function readCustomerResults(engine: Engine): Promise<CustomerResults> {
  const [f] = (await run(engine, resultCustomerFigures, {})) as [ResultCustomerFiguresRow];
  const trends = new Map((await run(engine, resultTrendCounts, {})).map((r) => [r.label, r]));
  const stages = new Map((await run(engine, resultStageCounts, {})).map((r) => [r.stage, r]));
  return {
    figures: {
      customers: f.customers,
      revenue: f.revenue,
      revenue12: f.revenue12,
      predictedClv: f.predicted_clv,
      keyAccounts: f.key_accounts,
      firstOrder: f.first_order,
      lastOrder: f.last_order,
    },
    byTrend: TREND_LABELS.map((key) => ({ key, customers: trends.get(key)?.customers ?? 0, revenue12: trends.get(key)?.revenue12 ?? 0 })),
    byStage: STAGES.map((key) => ({ key, customers: stages.get(key)?.customers ?? 0, revenue12: stages.get(key)?.revenue12 ?? 0 })),
  };
}

async function readActionResults(engine: Engine): Promise<ActionResults> {
  const counts = new Map((await run(engine, resultActionCounts, {})).map((r) => [r.action, r]));
  const [total] = await run(engine, resultActionTotal, { actions: '' });
  return {
    actions: total?.actions ?? 0,
    valueAtStake: total?.value_at_stake ?? 0,
    byAction: ACTION_TYPES.map((action) => {
      const r = counts.get(action);
      return { action, actions: r?.actions ?? 0, customers: r?.customers ?? 0, valueAtStake: r?.value_at_stake ?? 0 };
    }),
  };
}

/** The largest page readActionPage returns (the export reads in pages of this size). */
export const MAX_ACTION_PAGE = 100_000;

/**
 * Rows `offset` to `offset + limit − 1` of the action list in the file's order, of the given action types only
 * (all of them when `actions` is empty), with how many rows and how much value at stake those types hold.
 */
export async function readActionPage(
  engine: Engine,
  { actions = [], limit = 100, offset = 0 }: { actions?: readonly ActionType[]; limit?: number; offset?: number } = {},
): Promise<{ rows: ResultActionRow[]; total: number; valueAtStake: number }> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ACTION_PAGE) throw new RangeError(`limit must be an integer from 1 to ${MAX_ACTION_PAGE}, got ${limit}`);
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be an integer ≥ 0, got ${offset}`);
  for (const action of actions) {
    if (!(ACTION_TYPES as readonly string[]).includes(action)) throw new RangeError(`actions must be among ${ACTION_TYPES.join(', ')}, got "${action}"`);
  }
  const joined = actions.join(',');
  const rows = await run(engine, resultActionRows, { actions: joined, limit, offset });
  const [total] = await run(engine, resultActionTotal, { actions: joined });
  return { rows, total: total?.actions ?? 0, valueAtStake: total?.value_at_stake ?? 0 };
}

/** Every row of the action list of the given types, in the file's order (read in pages of MAX_ACTION_PAGE). */
export async function readAllActions(engine: Engine, actions: readonly ActionType[] = []): Promise<ResultActionRow[]> {
  const all: ResultActionRow[] = [];
  for (let offset = 0; ; offset += MAX_ACTION_PAGE) {
    const { rows, total } = await readActionPage(engine, { actions, limit: MAX_ACTION_PAGE, offset });
    all.push(...rows);
    if (all.length >= total || rows.length === 0) return all;
  }
}
