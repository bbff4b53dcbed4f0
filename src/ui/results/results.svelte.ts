// The results of `ciclo analyze` opened in the browser: which result files are loaded (tables result_* in the
// page's DuckDB, beside the sales), their summary for the charts and figures, the page of the action list on
// screen and its filter by action type, and the problems of files that did not load. Files come in through
// the import flow, which hands over every file whose first bytes are those of a result (offer()).
import type { ActionType } from '../../analytics/action-input.ts';
import type { ExportTable } from '../../export/table.ts';
import { ACTION_COLUMNS } from '../../pipeline/actions.ts';
import {
  loadResultFile,
  readActionPage,
  readAllActions,
  readResultsSummary,
  type LoadedResult,
  type ResultsProblem,
  type ResultsSummary,
} from '../../results/load-results.ts';
import { HEAD_BYTES, RESULT_TABLES, recogniseResult, type ModelFigures, type ResultTableKind } from '../../results/result-files.ts';
import type { ResultActionRow } from '../../sql/index.ts';
import { dataset } from '../dataset.svelte.ts';
import { notebookState } from '../notebook/notebook.svelte.ts';
import type { Task } from '../task.ts';

/** Rows the list shows at first, and how many more each "Show more" adds. */
export const ACTION_PAGE_SIZE = 100;

export interface ActionPage {
  rows: ResultActionRow[];
  total: number;
  valueAtStake: number;
}

class ResultsState {
  isOpen = $state(false);
  /** The file loaded for each kind, in the order they came. */
  files = $state.raw<LoadedResult[]>([]);
  /** The file being read now, for the progress line. */
  reading = $state<string | null>(null);
  problems = $state.raw<ResultsProblem[]>([]);
  summary = $state.raw<Task<ResultsSummary>>({ status: 'idle' });
  /** Action types picked in the filter; none picked shows every type. */
  filter = $state.raw<ActionType[]>([]);
  shownLimit = $state(ACTION_PAGE_SIZE);
  page = $state.raw<ActionPage | null>(null);

  model = $derived((this.files.find((f) => f.kind === 'model') as { model: ModelFigures } | undefined)?.model ?? null);
  tables = $derived(this.files.flatMap((f) => (f.kind === 'model' ? [] : [RESULT_TABLES[f.kind]])));

  #queue: Promise<void> = Promise.resolve();
  #pageRun = 0;

  /**
   * Takes `file` when its first bytes are those of a file of `ciclo analyze` (opening the results view and
   * loading it after the files offered before), and answers whether it did: false sends it to the import wizard.
   */
  async offer(file: File): Promise<boolean> {
    // A file the browser cannot read goes to the wizard, which says so.
    const head = await file.slice(0, HEAD_BYTES).text().catch(() => '');
    if (recogniseResult(head, { isWholeFile: file.size <= HEAD_BYTES }) === null) return false;
    this.isOpen = true;
    this.#queue = this.#queue.then(() => this.#load(file));
    return true;
  }

  /** Resolves once every file offered so far is loaded (or refused). */
  settled(): Promise<void> {
    return this.#queue;
  }

  close(): void {
    this.isOpen = false;
  }

  dismissProblem(problem: ResultsProblem): void {
    this.problems = this.problems.filter((p) => p !== problem);
  }

  setFilter(actions: readonly ActionType[]): void {
    this.filter = [...actions];
    this.shownLimit = ACTION_PAGE_SIZE;
    void this.#readPage();
  }

  showMore(): void {
    this.shownLimit += ACTION_PAGE_SIZE;
    void this.#readPage();
  }

  /** Every action of the picked types, as an export table with the columns of actions.csv. */
  async exportTable(): Promise<ExportTable> {
    const rows = await readAllActions(await dataset.ready(), this.filter);
    return {
      columns: ACTION_COLUMNS,
      rows: rows.map(({ line: _line, key_account, ...row }) => ({ ...row, key_account: key_account === null ? null : String(key_account) })),
    };
  }

  async #load(file: File): Promise<void> {
    this.reading = file.name;
    try {
      const engine = await dataset.ready();
      const result = await loadResultFile(engine, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      if (result.ok) {
        const { kind } = result.loaded;
        this.files = [...this.files.filter((f) => f.kind !== kind), result.loaded];
        this.problems = this.problems.filter((p) => p.file !== file.name);
      } else {
        this.problems = [...this.problems, result.problem];
      }
      await this.#refresh();
      void notebookState.refreshSchema(engine);
    } catch (thrown) {
      const detail = thrown instanceof Error ? thrown.message : String(thrown);
      this.problems = [...this.problems, { code: 'RESULTS_LOAD_FAILED', file: file.name, detail }];
    } finally {
      this.reading = null;
    }
  }

  async #refresh(): Promise<void> {
    const loaded = new Set(this.files.flatMap((f) => (f.kind === 'model' ? [] : [f.kind as ResultTableKind])));
    this.summary = { status: 'running', progress: null };
    try {
      this.summary = { status: 'done', value: await readResultsSummary(await dataset.ready(), loaded) };
    } catch (thrown) {
      this.summary = { status: 'failed', error: { code: 'UNEXPECTED', params: { detail: thrown instanceof Error ? thrown.message : String(thrown) } } };
    }
    await this.#readPage();
  }

  async #readPage(): Promise<void> {
    const run = ++this.#pageRun;
    if (!this.files.some((f) => f.kind === 'actions')) {
      this.page = null;
      return;
    }
    const page = await readActionPage(await dataset.ready(), { actions: this.filter, limit: this.shownLimit, offset: 0 });
    if (run === this.#pageRun) this.page = page;
  }
}

export const results = new ResultsState();
