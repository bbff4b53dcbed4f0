// The notebook as the screens see it: the cells (saved in the browser as the user types), each SQL cell's
// run as a task, the last deleted cell (for undo), and the tables and columns the editors complete.
// A cell's result lives in DuckDB as a temporary table named after the cell (see notebook/sql-cell.ts);
// only its columns and row count are kept here, and the grid pages through the table itself.
import { untrack } from 'svelte';
import type { Engine } from '../../engine/engine.ts';
import { isEngineError, isQueryCancelled, messageOf } from '../../engine/engine-error.ts';
import { isNotebookFileError, readNotebookFile, serializeNotebook, type NotebookDataFile } from '../../notebook/file.ts';
import { savedFiles } from '../storage/saved-files-store.ts';
import type { ActionDecisions } from '../../notebook/decisions.ts';
import { actions } from '../actions/actions.svelte.ts';
import {
  addCell,
  deleteCell,
  emptyNotebook,
  MAX_NAME_LENGTH,
  moveCell,
  nameProblem,
  renameCell,
  restoreCell,
  setSettings,
  updateCell,
  type Cell,
  type CellKind,
  type DeletedCell,
  type Notebook,
  type NotebookSettings,
} from '../../notebook/model.ts';
import {
  RESULT_COLUMNS_SQL,
  SCHEMA_COLUMNS_SQL,
  dropResultSql,
  locateSqlError,
  materialiseSql,
  queryProblem,
  quoteName,
  resultCountSql,
  schemaOf,
} from '../../notebook/sql-cell.ts';
import { notebookStore, requestPersistence } from '../../notebook/storage.ts';
import { dataset } from '../dataset.svelte.ts';
import type { Task } from '../task.ts';
import { fromThrown, type UserError } from '../user-error.ts';
import { outOfMemory } from '../../engine/memory.ts';

export interface ResultColumn {
  name: string;
  /** DuckDB's type name (`DOUBLE`, `DATE`, `VARCHAR`…). */
  type: string;
}

export interface CellResult {
  /** The table holding the rows: the cell's name when it ran. */
  table: string;
  columns: ResultColumn[];
  rowCount: number;
  /** The SQL that produced it, to tell the user when the text changed since. */
  sql: string;
  /** Distinct per run, so grids and charts reload. */
  run: number;
}

/** A cell's run; a failed run may point at a line and column of the cell's text. */
export type CellRun = Task<CellResult> & { column?: number; wasCancelled?: boolean };

/**
 * The database, without making the caller depend on its state: `dataset.ready()` reads and writes
 * `dataset.engine`, so called inside an effect it would re-run that effect forever.
 */
export function engineReady(): Promise<Engine> {
  return untrack(() => dataset.ready());
}

const SAVE_DELAY_MS = 400;
/** Rows a chart reads from a result; more would not make a readable chart in a browser tab. */
export const CHART_ROW_LIMIT = 5000;

class NotebookState {
  notebook = $state.raw<Notebook>(emptyNotebook());
  runs = $state.raw<Record<string, CellRun>>({});
  deleted = $state.raw<DeletedCell | null>(null);
  /** Table → columns, for the editors' completion. */
  schema = $state.raw<Record<string, string[]>>({});
  /** A notebook-wide problem (a refused file, storage trouble). */
  error = $state.raw<UserError | null>(null);
  /** 'restored' after a reload brought the cells back; 'opened' after a file was opened. */
  notice = $state.raw<{ kind: 'restored' } | { kind: 'opened'; file: string } | null>(null);
  saveState = $state<'saved' | 'saving' | 'idle'>('idle');
  isRestored = $state(false);

  #store = notebookStore();
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #runCounter = 0;
  /** Cell id → the run number whose answer is still wanted. */
  #wanted = new Map<string, number>();
  #restoring: Promise<void> | null = null;
  #deletedRun: CellRun | undefined;
  #engine: Engine | null = null;
  /** Cell id → the abort of its run under way (run() and cancel()). */
  #running = new Map<string, { runNumber: number; controller: AbortController }>();
  /** Cell id → the number of its latest run, cancelled or not. */
  #latestRun = new Map<string, number>();

  /** Brings back the notebook saved in this browser (once per page) and asks for persistent storage. */
  restore(): Promise<void> {
    this.#restoring ??= this.#restore();
    return this.#restoring;
  }

  async #restore(): Promise<void> {
    void requestPersistence();
    try {
      const { notebook, wasEvicted } = await this.#store.load();
      if (notebook && notebook.cells.length > 0 && untrack(() => this.notebook.cells.length) === 0) {
        this.notebook = notebook;
        this.notice = { kind: 'restored' };
      }
      if (wasEvicted) this.error = { code: 'NOTEBOOK_STORAGE_EVICTED' };
    } catch (thrown) {
      this.error = this.#fileError(thrown, undefined);
    } finally {
      this.isRestored = true;
    }
  }

  #commit(notebook: Notebook): void {
    this.notebook = notebook;
    this.saveState = 'saving';
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => void this.#save(), SAVE_DELAY_MS);
  }

  async #save(): Promise<void> {
    this.#saveTimer = null;
    try {
      await this.#store.save(this.notebook);
      if (!this.#saveTimer) this.saveState = 'saved';
    } catch (thrown) {
      this.saveState = 'idle';
      this.error = { code: 'NOTEBOOK_SAVE_FAILED', params: { detail: messageOf(thrown) } };
    }
  }

  cell(id: string): Cell | undefined {
    return this.notebook.cells.find((cell) => cell.id === id);
  }

  /** The finished result of the SQL cell called `name`, if it has one. */
  resultOf(name: string): CellResult | null {
    const cell = this.notebook.cells.find((c) => c.kind === 'sql' && c.name === name);
    const run = cell ? this.runs[cell.id] : undefined;
    return run?.status === 'done' ? run.value : null;
  }

  add(kind: CellKind, afterId?: string): Cell {
    const { notebook, cell } = addCell(this.notebook, kind, afterId === undefined ? {} : { afterId });
    this.#commit(notebook);
    return cell;
  }

  /**
   * Appends a SQL cell holding `sql` under `name` (or `name_2`, `name_3`… when taken) and, with `run`, runs
   * it, so its result is in the grid and can be read by later cells. Returns the new cell.
   */
  addSqlCell(name: string, sql: string, { run = false }: { run?: boolean } = {}): Cell {
    const { notebook, cell } = addCell(this.notebook, 'sql');
    let free = name;
    for (let n = 2; nameProblem(notebook, cell.id, free) === 'taken'; n++) free = `${name.slice(0, MAX_NAME_LENGTH - String(n).length - 1)}_${n}`;
    const named = nameProblem(notebook, cell.id, free) ? notebook : renameCell(notebook, cell.id, free);
    this.#commit(updateCell(named, cell.id, { sql }));
    const added = this.cell(cell.id)!;
    if (run) void this.run(added.id);
    return added;
  }

  move(id: string, by: number): void {
    this.#commit(moveCell(this.notebook, id, by));
  }

  async remove(id: string): Promise<void> {
    const { notebook, deleted } = deleteCell(this.notebook, id);
    if (!deleted) return;
    this.deleted = deleted;
    this.#deletedRun = this.runs[id];
    this.#commit(notebook);
    this.#forget(id);
    // The result table stays in DuckDB until the undo offer is gone, so undo brings the result back too.
  }

  undoDelete(): void {
    if (!this.deleted) return;
    const { cell } = this.deleted;
    const notebook = restoreCell(this.notebook, this.deleted);
    this.#commit(notebook);
    const restored = notebook.cells.find((c) => c.id === cell.id && c.name === cell.name);
    if (restored && this.#deletedRun) this.#setRun(restored.id, this.#deletedRun);
    this.deleted = null;
    this.#deletedRun = undefined;
  }

  /** Drops the result table of the last deleted cell once undo is no longer offered. */
  async forgetDeleted(): Promise<void> {
    const deleted = this.deleted;
    this.deleted = null;
    if (deleted?.cell.kind === 'sql' && !this.notebook.cells.some((c) => c.name === deleted.cell.name)) {
      await this.#dropTable(deleted.cell.name);
    }
  }

  update(id: string, patch: Partial<Omit<Cell, 'id' | 'kind' | 'name'>>): void {
    this.#commit(updateCell(this.notebook, id, patch as never));
  }

  /** Renames a cell; returns the problem instead when the name is not allowed. Its result table follows. */
  async rename(id: string, name: string): Promise<UserError | null> {
    const cell = this.cell(id);
    if (!cell || cell.name === name) return null;
    if (nameProblem(this.notebook, id, name)) return { code: 'NOTEBOOK_CELL_NAME', value: name };
    const old = cell.name;
    this.#commit(renameCell(this.notebook, id, name));
    const run = this.runs[id];
    if (cell.kind === 'sql' && run?.status === 'done') {
      try {
        const engine = await engineReady();
        await engine.query(`${dropResultSql(name)}`);
        await engine.query(`ALTER TABLE temp.main.${quoteName(old)} RENAME TO ${quoteName(name)}`);
        this.runs = { ...this.runs, [id]: { status: 'done', value: { ...run.value, table: name, run: ++this.#runCounter } } };
        await this.refreshSchema(engine);
      } catch {
        this.#forget(id);
      }
    }
    return null;
  }

  /**
   * The database was replaced (after a crash and restart): the result tables went with the old one, so the
   * cells show as not run; their text is untouched.
   */
  engineChanged(engine: Engine): void {
    if (this.#engine !== null && this.#engine !== engine) {
      this.#wanted.clear();
      this.runs = {};
    }
    this.#engine = engine;
  }

  setSettings(settings: NotebookSettings): void {
    const current = this.notebook.settings;
    if (current.asOf === settings.asOf && current.unit === settings.unit && current.alpha === settings.alpha) return;
    this.#commit(setSettings(this.notebook, settings));
  }

  /**
   * Runs a SQL cell: its result replaces the table named after it. Running a cell that is still running
   * interrupts the earlier run first.
   */
  async run(id: string): Promise<void> {
    const cell = this.cell(id);
    if (!cell || cell.kind !== 'sql') return;
    const runNumber = ++this.#runCounter;
    this.#wanted.set(id, runNumber);
    this.#latestRun.set(id, runNumber);
    this.#running.get(id)?.controller.abort();
    this.#running.delete(id);
    const stillWanted = () => this.#wanted.get(id) === runNumber;
    const { name, sql } = cell;
    if (queryProblem(sql)) {
      this.#setRun(id, { status: 'failed', error: { code: 'NOTEBOOK_NOT_A_QUERY' } });
      return;
    }
    if (nameProblem(this.notebook, id, name)) {
      this.#setRun(id, { status: 'failed', error: { code: 'NOTEBOOK_CELL_NAME', value: name } });
      return;
    }
    const controller = new AbortController();
    const { signal } = controller;
    this.#running.set(id, { runNumber, controller });
    this.#setRun(id, { status: 'running', progress: null });
    const statement = materialiseSql(this.notebook, id, name, sql);
    let engine: Engine | null = null;
    try {
      engine = await engineReady();
      await engine.query(statement.sql, [], { signal });
      const columns = await engine.query<{ column_name: string; data_type: string }>(RESULT_COLUMNS_SQL, [name], { signal });
      const [count] = await engine.query<{ n: number }>(resultCountSql(name), [], { signal });
      if (!stillWanted()) return;
      this.#setRun(id, {
        status: 'done',
        value: { table: name, columns: columns.map((c) => ({ name: c.column_name, type: c.data_type })), rowCount: count?.n ?? 0, sql, run: runNumber },
      });
      await this.refreshSchema(engine);
    } catch (thrown) {
      if (signal.aborted || isQueryCancelled(thrown)) {
        // Interrupted, DuckDB rolled the statement back; if the abort came just after it finished, the new
        // table exists. Either way the cell shows no result, so no table of that name is left to read,
        // unless a newer run of the cell has started (the engine runs its statement after this drop).
        if (engine && this.#latestRun.get(id) === runNumber) {
          try {
            await engine.query(dropResultSql(name));
            await this.refreshSchema(engine);
          } catch {
            // A table left behind is harmless: the cell shows no result and the next run replaces it.
          }
        }
        return;
      }
      if (!stillWanted()) return;
      // Out of memory is not the query's mistake: it gets the sizes and what to do (fromThrown), not a place in the SQL.
      if (isEngineError(thrown) && thrown.code === 'ENGINE_QUERY_FAILED' && !outOfMemory(thrown)) {
        const place = locateSqlError(thrown.message, statement.prefixLength);
        this.#setRun(id, {
          status: 'failed',
          error: { code: 'NOTEBOOK_SQL_FAILED', ...(place.line ? { line: place.line } : {}), params: { detail: place.message } },
          ...(place.column ? { column: place.column } : {}),
        });
      } else {
        this.#setRun(id, { status: 'failed', error: fromThrown(thrown) });
      }
    } finally {
      if (this.#running.get(id)?.runNumber === runNumber) this.#running.delete(id);
    }
  }

  /**
   * Cancels a cell's run: DuckDB interrupts the statement (in the browser; it rolls back), the cell shows
   * "cancelled" with no result, and its result table is dropped, so later cells cannot read a result the
   * cell no longer shows. The engine stays usable for the next run.
   */
  cancel(id: string): void {
    this.#wanted.delete(id);
    this.#running.get(id)?.controller.abort();
    this.#setRun(id, { status: 'idle', wasCancelled: true });
  }

  /** Runs every SQL cell from top to bottom (after a file was opened or the data changed). */
  async runAll(): Promise<void> {
    for (const cell of this.notebook.cells) if (cell.kind === 'sql' && cell.sql.trim() !== '') await this.run(cell.id);
  }

  /** Reads the tables and columns DuckDB knows, for completion. */
  async refreshSchema(engine?: Engine): Promise<void> {
    try {
      const ready = engine ?? (await engineReady());
      this.schema = schemaOf(await ready.query<{ table_name: string; column_name: string }>(SCHEMA_COLUMNS_SQL));
    } catch {
      // Completion simply offers less.
    }
  }

  /**
   * Replaces the notebook by an opened file's, if the file passes every check; otherwise keeps it. The file's
   * action decisions, when it has them, replace those of the dataset now loaded.
   */
  async open(file: File, { replaceData }: { replaceData?: (files: NotebookDataFile[]) => Promise<void> } = {}): Promise<boolean> {
    let notebook: Notebook;
    let decisions: ActionDecisions | null;
    let files: NotebookDataFile[] | null;
    try {
      ({ notebook, decisions, files } = readNotebookFile(await file.text()));
    } catch (thrown) {
      this.error = this.#fileError(thrown, file.name);
      return false;
    }
    // A notebook downloaded with its data brings its sales files: they replace the data loaded now, before
    // the decisions about that data are applied.
    if (files && replaceData) {
      try {
        await replaceData(files);
      } catch (thrown) {
        this.error = fromThrown(thrown, file.name);
        return false;
      }
    }
    for (const cell of this.notebook.cells) this.#forget(cell.id);
    this.deleted = null;
    this.error = null;
    this.#commit(notebook);
    this.notice = { kind: 'opened', file: file.name };
    if (decisions) await actions.applyDecisions(decisions);
    return true;
  }

  /**
   * The notebook file's text, with the action decisions of the dataset now loaded and, `withData`, the sales
   * files themselves (as kept in this browser: the files that were loaded, with their settings and mapping).
   */
  async fileText({ withData = false }: { withData?: boolean } = {}): Promise<string> {
    const decisions = await actions.decisionsForFile();
    if (!withData) return serializeNotebook(this.notebook, { decisions });
    const { files: kept } = await savedFiles.load();
    const files: NotebookDataFile[] = [];
    for (const saved of kept) {
      files.push({ fileTag: saved.fileTag, name: saved.name, type: saved.type, settings: saved.settings, mapping: saved.mapping, bytes: new Uint8Array(await saved.bytes.arrayBuffer()) });
    }
    return serializeNotebook(this.notebook, { decisions, files });
  }

  #fileError(thrown: unknown, file: string | undefined): UserError {
    if (!isNotebookFileError(thrown)) return fromThrown(thrown, file);
    return {
      code: thrown.code,
      ...(file ? { file } : {}),
      ...(thrown.line !== undefined ? { line: thrown.line } : {}),
      params: { path: thrown.path || '/', detail: thrown.detail },
    };
  }

  #setRun(id: string, run: CellRun): void {
    this.runs = { ...this.runs, [id]: run };
  }

  #forget(id: string): void {
    this.#wanted.delete(id);
    if (!(id in this.runs)) return;
    const { [id]: _gone, ...rest } = this.runs;
    this.runs = rest;
  }

  async #dropTable(name: string): Promise<void> {
    try {
      await (await engineReady()).query(dropResultSql(name));
      await this.refreshSchema();
    } catch {
      // A table left behind is harmless: it is temporary and goes with the page.
    }
  }
}

export const notebookState = new NotebookState();
