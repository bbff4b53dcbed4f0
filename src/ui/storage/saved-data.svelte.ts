// Saved data and recovery: keeps each file the user kept (bytes, settings, columns) in the browser, brings
// the files back on the next visit without the wizard, and after a crash of the in-browser database
// restarts it, imports the files again and re-runs the notebook's SQL cells, saying so.
import { untrack } from 'svelte';
import type { Engine } from '../../engine/engine.ts';
import { onBrowserEngineCrash, restartBrowserEngine } from '../../engine/wasm-worker.ts';
import type { CsvSettings, Mapping, Role } from '../../import/types.ts';
import { requestPersistence } from '../../notebook/storage.ts';
import { fileOf, isQuotaError, savedFileRecord, type SavedFile } from '../../persistence/saved-files.ts';
import { dataset } from '../dataset.svelte.ts';
import { runImport } from '../import/import-runner.ts';
import { notebookState } from '../notebook/notebook.svelte.ts';
import type { Task } from '../task.ts';
import { fromThrown } from '../user-error.ts';
import { savedFiles } from './saved-files-store.ts';

/** Where a restore stands: the file being read (1-based of `count`) and its bytes read. */
export interface RestoreProgress {
  index: number;
  count: number;
  file: string;
  bytesRead: number;
  bytesTotal: number;
}

/** Something about the saved data the user should know; shown until dismissed. */
export type StorageNotice =
  | { kind: 'not-kept'; file: string; size: number; isQuota: boolean; detail: string }
  | { kind: 'evicted' }
  | { kind: 'damaged'; file: string; detail: string }
  | { kind: 'restore-failed'; file: string; detail: string }
  | { kind: 'recovered' };

function detailOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

class SavedData {
  /** The files brought back after a reload; `running` while they are imported again. */
  restore = $state.raw<Task<number, RestoreProgress>>({ status: 'idle' });
  /** The crash recovery under way, if any. */
  recovery = $state.raw<Task<number, RestoreProgress>>({ status: 'idle' });
  /** True once the browser's storage has been looked at (the first screen waits for it). */
  isChecked = $state(false);
  notices = $state.raw<StorageNotice[]>([]);

  #starting: Promise<void> | null = null;
  #hasAskedPersistence = false;
  #unsubscribeCrash: (() => void) | null = null;

  /** Brings back the files kept from the last visit (once per page) and watches for crashes. */
  start(): Promise<void> {
    this.#unsubscribeCrash ??= onBrowserEngineCrash(() => void this.#onCrash());
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    let files: SavedFile[];
    try {
      const loaded = await savedFiles.load();
      files = loaded.files;
      if (loaded.wasEvicted) this.#notify({ kind: 'evicted' });
      for (const { fileTag, error } of loaded.damaged) this.#notify({ kind: 'damaged', file: fileTag, detail: error.message });
    } catch {
      // Storage disabled or broken: Ciclo works as on a first visit.
      files = [];
    }
    if (files.length === 0 || untrack(() => dataset.hasData)) {
      this.isChecked = true;
      return;
    }
    this.restore = { status: 'running', progress: { index: 1, count: files.length, file: files[0]!.fileTag, bytesRead: 0, bytesTotal: files[0]!.size } };
    this.isChecked = true;
    try {
      const engine = await dataset.ready();
      const count = await this.#importAll(engine, files, (progress) => (this.restore = { status: 'running', progress }));
      await dataset.refresh();
      this.restore = { status: 'done', value: count };
      if (count > 0) void this.#askPersistence();
    } catch (thrown) {
      this.restore = { status: 'failed', error: fromThrown(thrown) };
      // A crash during the restore is taken over by the recovery, which imports the files again.
      if (this.recovery.status === 'idle') dataset.error = fromThrown(thrown);
    }
  }

  /** Imports the saved files into `sales` in order; returns how many came back. */
  async #importAll(engine: Engine, files: readonly SavedFile[], onProgress: (progress: RestoreProgress) => void): Promise<number> {
    let restored = 0;
    for (const [i, saved] of files.entries()) {
      const progress = { index: i + 1, count: files.length, file: saved.fileTag, bytesRead: 0, bytesTotal: saved.size };
      onProgress(progress);
      let result;
      try {
        result = await runImport(engine, fileOf(saved), {
          fileTag: saved.fileTag,
          settings: saved.settings,
          mapping: saved.mapping,
          signal: new AbortController().signal,
          onProgress: (bytesRead, bytesTotal) => onProgress({ ...progress, bytesRead, bytesTotal }),
        });
      } catch (thrown) {
        if (fromThrown(thrown).code === 'ENGINE_CRASHED') throw thrown;
        this.#notify({ kind: 'restore-failed', file: saved.fileTag, detail: detailOf(thrown) });
        continue;
      }
      if (result.fatal) {
        // The bytes no longer read with their settings: such a record would fail on every visit.
        this.#notify({ kind: 'restore-failed', file: saved.fileTag, detail: result.fatal.code });
        await savedFiles.remove(saved.fileTag).catch(() => {});
        continue;
      }
      dataset.note(saved.fileTag, { rejectedCount: result.rejectedCount, roles: Object.keys(saved.mapping) as Role[], reader: result.reader });
      restored++;
    }
    return restored;
  }

  /**
   * Replaces the loaded data by the sales files a notebook file carried: imported as they were read before
   * (same settings and mapping, same tags) and kept in the browser like any kept file. Returns how many came in.
   */
  async replaceWith(files: readonly { fileTag: string; file: File; settings: CsvSettings; mapping: Mapping }[]): Promise<number> {
    await dataset.clear();
    const engine = await dataset.ready();
    const records = files.map((input, order) => ({ ...savedFileRecord(input, []), order }));
    const first = records[0];
    this.restore = first ? { status: 'running', progress: { index: 1, count: records.length, file: first.fileTag, bytesRead: 0, bytesTotal: first.size } } : { status: 'idle' };
    try {
      const count = await this.#importAll(engine, records, (progress) => (this.restore = { status: 'running', progress }));
      for (const input of files) if (untrack(() => dataset.notes[input.fileTag])) await this.keep(input);
      await dataset.refresh();
      this.restore = { status: 'done', value: count };
      return count;
    } catch (thrown) {
      this.restore = { status: 'failed', error: fromThrown(thrown) };
      throw thrown;
    }
  }

  /** Keeps a file the user has just kept; when the browser refuses (storage full), says so and goes on. */
  async keep(input: { fileTag: string; file: File; settings: CsvSettings; mapping: Mapping }): Promise<void> {
    try {
      await savedFiles.add(input);
      void this.#askPersistence();
    } catch (thrown) {
      this.#notify({ kind: 'not-kept', file: input.file.name, size: input.file.size, isQuota: isQuotaError(thrown), detail: detailOf(thrown) });
    }
  }

  dismiss(notice: StorageNotice): void {
    this.notices = this.notices.filter((n) => n !== notice);
  }

  #notify(notice: StorageNotice): void {
    this.notices = [...this.notices.filter((n) => n.kind !== notice.kind || JSON.stringify(n) !== JSON.stringify(notice)), notice];
  }

  async #askPersistence(): Promise<void> {
    if (this.#hasAskedPersistence) return;
    this.#hasAskedPersistence = true;
    await requestPersistence();
  }

  async #onCrash(): Promise<void> {
    // Restarted automatically once: a crash during the recovery itself is left to the user's button.
    if (this.recovery.status === 'running') return;
    await this.recover();
  }

  /**
   * Starts a fresh database, imports the kept files again and re-runs the notebook's SQL cells, except a
   * cell whose run was cut by the crash (it may well be what used the memory up). Nothing typed changes.
   */
  async recover(): Promise<void> {
    if (this.recovery.status === 'running') return;
    // Cells whose run the crash cut short: run again, they would probably bring the database down again.
    const cut = new Set(
      Object.entries(notebookState.runs)
        .filter(([, run]) => run.status === 'running' || (run.status === 'failed' && run.error.code === 'ENGINE_CRASHED'))
        .map(([id]) => id),
    );
    dataset.error = null;
    this.notices = this.notices.filter((n) => n.kind !== 'recovered');
    this.recovery = { status: 'running', progress: { index: 0, count: 0, file: '', bytesRead: 0, bytesTotal: 0 } };
    try {
      await restartBrowserEngine();
      dataset.notes = {};
      const engine = await dataset.ready();
      let files: SavedFile[] = [];
      try {
        files = (await savedFiles.load()).files;
      } catch {
        // Without storage the database comes back empty; the notebook is still there.
      }
      const count = await this.#importAll(engine, files, (progress) => (this.recovery = { status: 'running', progress }));
      await dataset.refresh();
      notebookState.engineChanged(engine);
      for (const cell of notebookState.notebook.cells) {
        if (cell.kind === 'sql' && cell.sql.trim() !== '' && !cut.has(cell.id)) await notebookState.run(cell.id);
      }
      this.recovery = { status: 'done', value: count };
      this.#notify({ kind: 'recovered' });
    } catch (thrown) {
      const error = fromThrown(thrown);
      this.recovery = { status: 'failed', error };
      dataset.engine = { status: 'failed', error };
      dataset.error = error;
    }
  }
}

export const savedData = new SavedData();
