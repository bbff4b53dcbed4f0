// The customer analysis as the screens see it: the settings (analysis date, period, significance level),
// the analysis itself as a task, the stage migration since three months before, the table's filters and
// the open customer. Runs are numbered so that a result arriving after a newer run started is dropped,
// and the last finished analysis stays on screen while a new one runs or when it fails. The scoring runs in
// the page's scoring worker (workers/scoring-client.ts); DuckDB's worker only runs the SQL.
import type { Migration, PeriodUnit, RfmSegment, Stage } from '../../analytics/types.ts';
import type { Engine } from '../../engine/engine.ts';
import { customerDetail, defaultAnalysisDate, type Analysis, type CustomerDetail } from '../../pipeline.ts';
import { analyzeCustomers, compareAnalyses, customerStates } from '../../pipeline/analyze.ts';
import type { ScoringRunner } from '../../pipeline/scoring.ts';
import { dataset } from '../dataset.svelte.ts';
import type { Task } from '../task.ts';
import { fromThrown } from '../user-error.ts';
import { NO_FILTERS, type ChartFilter, type CustomerFilters, type CustomerSort } from './customer-list.ts';
import { monthsBefore } from './overview-figures.ts';

export const ALPHAS = [0.01, 0.05, 0.1] as const;
export type Alpha = (typeof ALPHAS)[number];
export type AnalysisTab = 'overview' | 'customers' | 'actions' | 'sales' | 'notebook';

/** Months between the two analysis dates of the migration table the user can pick; 3 ("last quarter") by default. */
export const MIGRATION_CHOICES = [1, 3, 6, 12] as const;
export type MigrationMonths = (typeof MIGRATION_CHOICES)[number];

export interface StageMigration {
  /** The earlier analysis date. */
  before: string;
  stage: Migration<Stage>[];
  segment: Migration<RfmSegment>[];
}

export interface AnalysisRequest {
  /** Bumped by the dataset when rows change. */
  revision: number;
  asOf: string | null;
  unit: PeriodUnit;
  alpha: Alpha;
}

/** Where the scoring runs: the page's scoring worker, loaded when first needed so that no worker starts on import. */
async function pageScorer(): Promise<ScoringRunner> {
  const { workerScoringRunner } = await import('../../workers/scoring-client.ts');
  return workerScoringRunner;
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

class AnalysisState {
  /** The analysis date the user chose; null for the default. */
  asOf = $state<string | null>(null);
  /** The default date of the loaded data (end of its last complete month). */
  defaultAsOf = $state<string | null>(null);
  unit = $state<PeriodUnit>('month');
  alpha = $state<Alpha>(0.05);

  task = $state.raw<Task<Analysis>>({ status: 'idle' });
  /** The last finished analysis, kept on screen while the next one runs or if it fails. */
  latest = $state.raw<Analysis | null>(null);
  migration = $state.raw<Task<StageMigration>>({ status: 'idle' });
  /** How far back the migration table compares. */
  migrationMonths = $state<MigrationMonths>(3);

  tab = $state<AnalysisTab>('overview');
  filters = $state.raw<CustomerFilters>(NO_FILTERS);
  chartFilter = $state.raw<ChartFilter | null>(null);
  sort = $state.raw<CustomerSort | null>(null);

  /** The customer whose page is open. */
  customerId = $state<string | null>(null);
  detail = $state.raw<Task<CustomerDetail>>({ status: 'idle' });

  isRunning = $derived(this.task.status === 'running');

  #run = 0;
  #migrationRun = 0;
  #detailRun = 0;
  /** The default analysis date of one dataset revision, asked of DuckDB once per revision. */
  #defaultDate: { revision: number; asOf: Promise<string | null> } | null = null;

  /** Runs the analysis for a dataset revision and settings; an earlier run still under way is dropped. */
  async run(request: AnalysisRequest): Promise<void> {
    const run = ++this.#run;
    this.task = { status: 'running', progress: null };
    try {
      const engine = await dataset.ready();
      const defaultAsOf = await this.#defaultAsOfOf(engine, request.revision);
      if (run !== this.#run) return;
      this.defaultAsOf = defaultAsOf;
      const asOf = request.asOf ?? defaultAsOf ?? undefined;
      const scorer = await pageScorer();
      const analyzing: Promise<Analysis> = analyzeCustomers(
        engine,
        {
          asOf,
          unit: request.unit,
          trend: { alpha: request.alpha },
          // Once DuckDB has answered the analysis's queries, the migration's query runs while the analysis is scored.
          onQueriesDone: () => {
            if (asOf !== undefined) void this.#runMigration(run, asOf, analyzing);
          },
        },
        scorer,
      );
      const analysis = await analyzing;
      // The screens render the result in a task of their own, not in the one that assembled it.
      await nextTask();
      if (run !== this.#run) return;
      this.task = { status: 'done', value: analysis };
      this.latest = analysis;
      if (this.customerId !== null) void this.#loadDetail(this.customerId);
    } catch (thrown) {
      if (run !== this.#run) return;
      this.task = { status: 'failed', error: fromThrown(thrown) };
    }
  }

  /** Compares with another number of months back, keeping the analysis itself. */
  async compareWith(months: MigrationMonths): Promise<void> {
    this.migrationMonths = months;
    const after = this.latest;
    if (after === null || this.task.status === 'running') return;
    await this.#runMigration(this.#run, after.settings.asOf, Promise.resolve(after));
  }

  /**
   * Replays the book `migrationMonths` before `asOf` (stages and RFM segments only) and counts who moved
   * between stages and segments by the analysis `after`. If that analysis fails, the table keeps what it showed.
   */
  async #runMigration(run: number, asOf: string, after: Promise<Analysis>): Promise<void> {
    const before = monthsBefore(asOf, this.migrationMonths);
    const migrationRun = ++this.#migrationRun;
    const shown = this.migration;
    this.migration = { status: 'running', progress: null };
    const replaying = (async () => customerStates(await dataset.ready(), before, await pageScorer()))();
    replaying.catch(() => {}); // awaited below, once the analysis is in
    let later: Analysis;
    try {
      later = await after;
    } catch {
      if (run === this.#run && migrationRun === this.#migrationRun) this.migration = shown;
      return;
    }
    try {
      const earlier = await replaying;
      await nextTask();
      if (migrationRun !== this.#migrationRun) return;
      if (run !== this.#run) return;
      this.migration = { status: 'done', value: { before, ...compareAnalyses(earlier, later) } };
    } catch (thrown) {
      if (run !== this.#run || migrationRun !== this.#migrationRun) return;
      this.migration = { status: 'failed', error: fromThrown(thrown) };
    }
  }

  /** The default analysis date of the dataset revision `revision`, remembered until the rows change. */
  #defaultAsOfOf(engine: Engine, revision: number): Promise<string | null> {
    if (this.#defaultDate?.revision !== revision) {
      const asOf = defaultAnalysisDate(engine);
      const cached = { revision, asOf };
      this.#defaultDate = cached;
      // A failed query is not remembered: the next run asks again.
      asOf.catch(() => {
        if (this.#defaultDate === cached) this.#defaultDate = null;
      });
    }
    return this.#defaultDate!.asOf;
  }

  /** Drops whatever an earlier dataset produced (called when the data is cleared). */
  reset(): void {
    this.#run++;
    this.#defaultDate = null;
    this.task = { status: 'idle' };
    this.latest = null;
    this.migration = { status: 'idle' };
    this.customerId = null;
    this.detail = { status: 'idle' };
    this.chartFilter = null;
    this.tab = 'overview';
  }

  /** Shows the customer table narrowed by a chart click or an overview card. */
  showCustomers(filter: ChartFilter | null): void {
    this.chartFilter = filter;
    this.customerId = null;
    this.tab = 'customers';
  }

  openCustomer(customerId: string): void {
    this.customerId = customerId;
    this.tab = 'customers';
    void this.#loadDetail(customerId);
  }

  closeCustomer(): void {
    this.customerId = null;
    this.#detailRun++;
    this.detail = { status: 'idle' };
  }

  async #loadDetail(customerId: string): Promise<void> {
    const run = ++this.#detailRun;
    const asOf = this.latest?.settings.asOf;
    if (!asOf) return;
    this.detail = { status: 'running', progress: null };
    try {
      const detail = await customerDetail(await dataset.ready(), customerId, asOf);
      if (run !== this.#detailRun) return;
      this.detail = { status: 'done', value: detail };
    } catch (thrown) {
      if (run !== this.#detailRun) return;
      this.detail = { status: 'failed', error: fromThrown(thrown) };
    }
  }
}

export const analysis = new AnalysisState();
