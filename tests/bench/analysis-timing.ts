// The customer analysis as the benchmark times it: `analyzeCustomers` exactly as the site and `ciclo analyze`
// call it, on an engine that only adds up how long each of its queries took. The SQL share is that sum (DuckDB
// plus handing the rows to JavaScript); the rest of the run is the TypeScript scoring of analytics/.
import { TREND_LABELS, STAGES, type Stage, type TrendLabel } from '../../src/analytics/types.ts';
import type { Engine, Row } from '../../src/engine/engine.ts';
import { analyzeCustomers } from '../../src/pipeline.ts';
import { cohortRetention, customerFacts, customerPanel, defaultAsOf } from '../../src/sql/index.ts';

export interface AnalysisTiming {
  /** The default analysis date the run used. */
  asOf: string;
  customers: number;
  /** The whole first call of analyzeCustomers, seconds. */
  seconds: number;
  /**
   * The same call once more, seconds: DuckDB's WebAssembly code is compiled as it is first used, so a second
   * analysis (another date, another period) runs faster than the first.
   */
  secondRunSeconds: number;
  /** Time inside the engine's queries, seconds, in total and per statement (named as in sql/index.ts). */
  sqlSeconds: number;
  queries: Record<string, number>;
  /** seconds − sqlSeconds: trend, stage, RFM, value, funnel and stage history in TypeScript. */
  scoringSeconds: number;
  trendCounts: Record<TrendLabel, number>;
  stageCounts: Record<Stage, number>;
}

/** The statements analyzeCustomers may run, by their SQL text (binding never changes the text). */
function statementNames(): Map<string, string> {
  const asOf = '2000-01-31';
  const bound = [
    [defaultAsOf.name, defaultAsOf.bind({})],
    [customerFacts.name, customerFacts.bind({ asOf })],
    [customerPanel.name, customerPanel.bind({ asOf, unit: 'month', periods: 24 })],
    [cohortRetention.name, cohortRetention.bind({ asOf })],
  ] as const;
  return new Map(bound.map(([name, query]) => [query.sql, name]));
}

/** `engine` with every query timed into `seconds` (by statement name; unknown statements as "other"). */
function timedEngine(engine: Engine, seconds: Map<string, number>): Engine {
  const names = statementNames();
  return {
    async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const started = performance.now();
      try {
        return await engine.query<T>(sql, params);
      } finally {
        const name = names.get(sql) ?? 'other';
        seconds.set(name, (seconds.get(name) ?? 0) + (performance.now() - started) / 1000);
      }
    },
    registerBuffer: (name, bytes) => engine.registerBuffer(name, bytes),
    dropBuffer: (name) => engine.dropBuffer(name),
    insertArrowIpc: (table, bytes) => engine.insertArrowIpc(table, bytes),
    close: () => engine.close(),
  };
}

/**
 * Runs the analysis with its default settings (default analysis date, months) and times it; then times a
 * second, identical run. The SQL / scoring split is the first run's.
 */
export async function timeAnalysis(engine: Engine): Promise<AnalysisTiming> {
  const queries = new Map<string, number>();
  let started = performance.now();
  const analysis = await analyzeCustomers(timedEngine(engine, queries));
  const seconds = (performance.now() - started) / 1000;
  const sqlSeconds = [...queries.values()].reduce((sum, s) => sum + s, 0);
  started = performance.now();
  await analyzeCustomers(engine);
  const secondRunSeconds = (performance.now() - started) / 1000;

  const trendCounts = Object.fromEntries(TREND_LABELS.map((label) => [label, 0])) as Record<TrendLabel, number>;
  const stageCounts = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  for (const c of analysis.customers) {
    trendCounts[c.trend.label]++;
    stageCounts[c.stage.stage]++;
  }
  return {
    asOf: analysis.settings.asOf,
    customers: analysis.customers.length,
    seconds,
    secondRunSeconds,
    sqlSeconds,
    queries: Object.fromEntries(queries),
    scoringSeconds: seconds - sqlSeconds,
    trendCounts,
    stageCounts,
  };
}
