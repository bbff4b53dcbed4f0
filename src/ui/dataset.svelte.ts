// The loaded sales data as the screens see it: the in-browser database, the files in it, their
// totals, and the last problem to show. Import (import-flow.svelte.ts) adds files through here.
import { untrack } from 'svelte';
import type { Engine } from '../engine/engine.ts';
import { getBrowserEngine, onBrowserEngineCrash, restartBrowserEngine } from '../engine/wasm-worker.ts';
import { memoryLimitFromSearch, memoryLimitStatement } from '../engine/memory.ts';
import { clearSales, createDataset, removeFile, salesFiles, salesSummary, type SalesFile, type SalesSummary } from '../pipeline.ts';
import type { Role } from '../import/types.ts';
import type { Task } from './task.ts';
import { fromThrown, type UserError } from './user-error.ts';
import { savedFiles } from './storage/saved-files-store.ts';

/** What the screens remember about each imported file beyond what the database holds. */
export interface FileNotes {
  rejectedCount: number;
  /** Roles the user mapped for this file (the grid shows only columns some file filled). */
  roles: readonly Role[];
  /** 'duckdb' when DuckDB's own reader stored the file (the file list carries it as `data-reader`). */
  reader?: 'duckdb';
}

class Dataset {
  engine = $state.raw<Task<Engine>>({ status: 'idle' });
  summary = $state.raw<SalesSummary | null>(null);
  files = $state.raw<SalesFile[]>([]);
  notes = $state.raw<Record<string, FileNotes>>({});
  /** Bumped whenever rows are added or removed, so the grid reloads. */
  revision = $state(0);
  /** The problem the banner shows (import problems are shown by the wizard instead). */
  error = $state.raw<UserError | null>(null);

  hasData = $derived(this.files.length > 0);
  rejectedCount = $derived(this.files.reduce((sum, file) => sum + (this.notes[file.sourceFile]?.rejectedCount ?? 0), 0));

  #prepared = new WeakSet<Engine>();
  #refreshRun = 0;
  #unsubscribeCrash: (() => void) | null = null;

  /** Starts the database in the background; a failure is only shown when the user needs it. */
  warmUp(): void {
    this.#unsubscribeCrash ??= onBrowserEngineCrash((error) => {
      this.engine = { status: 'failed', error: fromThrown(error) };
      this.error = fromThrown(error);
    });
    // untrack: called from a component's mount, it must not make the caller depend on `engine`.
    untrack(() => this.ready()).catch(() => {
      // Kept in `engine`; reported when the user imports something.
    });
  }

  /** The database with an empty `sales` table created, starting it if needed. */
  async ready(): Promise<Engine> {
    if (this.engine.status !== 'done') this.engine = { status: 'running', progress: null };
    try {
      const engine = await getBrowserEngine();
      if (!this.#prepared.has(engine)) {
        const limit = memoryLimitFromSearch(location.search);
        if (limit !== null) await engine.query(memoryLimitStatement(limit));
        await createDataset(engine);
        this.#prepared.add(engine);
      }
      this.engine = { status: 'done', value: engine };
      return engine;
    } catch (thrown) {
      this.engine = { status: 'failed', error: fromThrown(thrown) };
      throw thrown;
    }
  }

  /** Re-reads the totals and the file list after rows changed. */
  async refresh(): Promise<void> {
    const run = ++this.#refreshRun;
    const engine = await this.ready();
    const [summary, files] = await Promise.all([salesSummary(engine), salesFiles(engine)]);
    if (run !== this.#refreshRun) return;
    this.summary = summary;
    this.files = files;
    this.revision++;
  }

  note(fileTag: string, notes: FileNotes): void {
    this.notes = { ...this.notes, [fileTag]: notes };
  }

  /** A `source_file` tag not yet used: the file name, or `name (2)`, `name (3)`… */
  uniqueTag(fileName: string): string {
    const taken = new Set(this.files.map((file) => file.sourceFile));
    if (!taken.has(fileName)) return fileName;
    for (let copy = 2; ; copy++) {
      const tag = `${fileName} (${copy})`;
      if (!taken.has(tag)) return tag;
    }
  }

  /** Removes one file's rows; the other files stay. */
  async removeFile(fileTag: string): Promise<void> {
    try {
      await removeFile(await this.ready(), fileTag);
      // Removed for good: not brought back on the next visit (a failure only means it would come back).
      await savedFiles.remove(fileTag).catch(() => {});
      const { [fileTag]: _removed, ...rest } = this.notes;
      this.notes = rest;
      await this.refresh();
    } catch (thrown) {
      this.error = fromThrown(thrown, fileTag);
    }
  }

  async clear(): Promise<void> {
    try {
      await clearSales(await this.ready());
      await savedFiles.clear().catch(() => {});
      this.notes = {};
      await this.refresh();
    } catch (thrown) {
      this.error = fromThrown(thrown);
    }
  }

  /**
   * Starts a fresh, empty database: the rows go with the old one. (After a crash the app uses
   * storage/saved-data.svelte.ts `recover()`, which also imports the kept files again.)
   */
  async restartEngine(): Promise<void> {
    this.engine = { status: 'running', progress: null };
    try {
      await restartBrowserEngine();
      this.error = null;
      this.notes = {};
      this.summary = null;
      this.files = [];
      await this.refresh();
    } catch (thrown) {
      this.error = fromThrown(thrown);
    }
  }

  /** Roles filled by at least one loaded file. */
  mappedRoles(): Set<Role> {
    const roles = new Set<Role>();
    for (const file of this.files) for (const role of this.notes[file.sourceFile]?.roles ?? []) roles.add(role);
    return roles;
  }
}

export const dataset = new Dataset();
