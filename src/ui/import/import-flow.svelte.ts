// The import wizard's state: the files waiting, the one being set up (its detected settings, the
// user's overrides and column choices), the import under way, and its rejected rows.
//
// Several files at once go through the wizard one after another, and each file whose header matches
// one already imported in the same batch is imported straight away with the same settings and
// column choices (unless that file raises a question or a problem of its own). This is the common
// case of monthly exports from one system, and it keeps the wizard to one screen per distinct
// layout while still letting a file with other columns be mapped on its own.
import type { CsvSettings, Detection, ImportIssue, Mapping, ParseResult, Role } from '../../import/types.ts';
import { checkFileSize, checkMapping, previewRows } from '../../import/index.ts';
import { detectFile } from '../../workers/import-client.ts';
import { dataset } from '../dataset.svelte.ts';
import { fromIssue, fromThrown, isAbort, type UserError } from '../user-error.ts';
import { headerKey, recallMapping, rememberMapping } from './remembered-mapping.ts';
import { runImport } from './import-runner.ts';
import { savedData } from '../storage/saved-data.svelte.ts';
import { results } from '../results/results.svelte.ts';
import { isNotebookFile, openNotebookFile } from '../notebook/open-notebook.ts';
import { DEMOS, type Demo, type DemoId } from '../../demo/demos.ts';

/** The file names the demos are loaded under. */
const DEMO_FILE_NAMES: ReadonlySet<string> = new Set(DEMOS.map((demo) => demo.file.split('/').pop() ?? demo.file));

export type ImportMode = 'append' | 'replace';

export interface Draft {
  file: File;
  /** The `source_file` the rows get: the file name, made unique among loaded files. */
  fileTag: string;
  overrides: Partial<CsvSettings>;
  detection: Detection;
  mapping: Mapping;
  isRemembered: boolean;
  /** The date question from the first look at the file; it stays on screen while the user answers. */
  dateQuestion: ImportIssue | null;
  /** A whole-file problem (from detection or from a failed import); import stays disabled for detection's. */
  error: UserError | null;
}

export type ImportStep =
  | { kind: 'idle' }
  | { kind: 'reading'; fileName: string }
  | { kind: 'wizard'; draft: Draft }
  | { kind: 'importing'; draft: Draft; bytesRead: number; bytesTotal: number; isCancelling: boolean }
  | { kind: 'review'; draft: Draft; result: ParseResult };

interface Batch {
  files: File[];
  index: number;
  mode: ImportMode;
  /** Files loaded before this batch: removed once its first file is kept, in replace mode. */
  filesBefore: string[];
  hasReplaced: boolean;
  /** Demo files import without the wizard when nothing needs the user's eye. */
  isAutomatic: boolean;
  /** Settings and columns of the last file kept, for later files with the same header. */
  accepted: { key: string; settings: CsvSettings; mapping: Mapping } | null;
}

/** True when `order` answers a day-first/month-first question. */
function answersDate(order: CsvSettings['dateOrder'] | undefined): boolean {
  return order === 'dmy' || order === 'mdy';
}

class ImportFlow {
  step = $state.raw<ImportStep>({ kind: 'idle' });
  mode = $state<ImportMode>('append');
  /** Files in the current batch and the position of the one on screen (1-based), for "File 2 of 5". */
  position = $state({ index: 0, count: 0 });
  /** Files in the batch after the current one that share its header (imported with the same choices). */
  sameHeaderFollowing = $state(0);

  /** The demo being downloaded, for its button's "opening…" state. */
  demoLoading = $state<DemoId | null>(null);

  #batch: Batch | null = null;
  #run = 0;
  #settingRun = 0;
  #abort: AbortController | null = null;

  /** Starts a batch: each file goes through the wizard in turn (see the note at the top). */
  open(files: readonly File[], { isDemo = false } = {}): void {
    if (files.length === 0) return;
    if (this.step.kind === 'importing') {
      // Files picked while one is importing join the batch and come next, each through its own wizard.
      if (!isDemo && this.#batch) {
        this.#batch.files.push(...files);
        this.#batch.isAutomatic = false;
      }
      return;
    }
    // Files picked while the rows of the last one are being kept (the review still shows for a moment)
    // wait for that to finish, then open as a new batch: joining the ending batch would lose them.
    if (this.#keeping) {
      void this.#keeping.then(() => this.open(files, { isDemo }));
      return;
    }
    if (this.step.kind === 'review') {
      // Choosing more data while rows wait for review keeps those rows (they are already counted in
      // the totals on screen); picked files join the current batch, a demo starts afresh after it.
      const batch = this.#batch;
      if (batch && !isDemo) {
        batch.files.push(...files);
        batch.isAutomatic = false;
        void this.keep();
      } else {
        void this.keep().then(() => this.open(files, { isDemo }));
      }
      return;
    }
    const filesBefore = dataset.files.map((file) => file.sourceFile);
    // A demo, or a first own file after a demo, replaces what is loaded by default (a consultant moves from
    // the demo to the client's file); a file added to one's own data is added to it (next month's export).
    // The wizard shows the choice, and replacing happens only once the new file is kept.
    const isOnlyDemos = filesBefore.every((tag) => DEMO_FILE_NAMES.has(tag));
    this.mode = filesBefore.length > 0 && (isDemo || (files.length === 1 && isOnlyDemos)) ? 'replace' : 'append';
    this.#batch = { files: [...files], index: -1, mode: this.mode, filesBefore, hasReplaced: false, isAutomatic: isDemo, accepted: null };
    dataset.error = null;
    void this.#next();
  }

  /** Downloads a built-in demo from this site (relative URL, so it works under a subpath) and imports it. */
  async openDemo(demo: Demo): Promise<void> {
    if (this.demoLoading || this.step.kind === 'importing') return;
    this.demoLoading = demo.id;
    dataset.error = null;
    try {
      const response = await fetch(new URL(demo.file, document.baseURI));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      const name = demo.file.split('/').pop() ?? `${demo.id}.csv`;
      this.open([new File([blob], name, { type: 'text/csv' })], { isDemo: true });
    } catch (thrown) {
      dataset.error = { code: 'DEMO_UNAVAILABLE', file: demo.file, params: { detail: String(thrown) } };
    } finally {
      this.demoLoading = null;
    }
  }

  /** The files that keeping the rows under review takes out: Replace was chosen and has not happened yet. */
  replacedByKeep(): readonly string[] {
    const batch = this.#batch;
    return batch && batch.mode === 'replace' && !batch.hasReplaced ? batch.filesBefore : [];
  }

  setMode(mode: ImportMode): void {
    this.mode = mode;
    if (this.#batch) this.#batch.mode = mode;
  }

  /** Leaves the wizard; files already kept stay loaded. */
  close(): void {
    this.#run++;
    this.#abort?.abort();
    this.#batch = null;
    this.step = { kind: 'idle' };
    this.position = { index: 0, count: 0 };
  }

  /** Skips the file on screen and moves to the next one. */
  skip(): void {
    if (this.step.kind === 'wizard') void this.#next();
  }

  async #next(): Promise<void> {
    const batch = this.#batch;
    if (!batch) return;
    batch.index++;
    const file = batch.files[batch.index];
    if (!file) {
      this.close();
      return;
    }
    this.position = { index: batch.index + 1, count: batch.files.length };
    const run = ++this.#run;

    const tooLarge = checkFileSize(file.name, file.size);
    if (tooLarge) {
      dataset.error = fromIssue(tooLarge);
      void this.#next();
      return;
    }

    // A file written by `ciclo analyze` (known by its first bytes) opens in the results view, not the wizard.
    if (await results.offer(file)) {
      if (run === this.#run) void this.#next();
      return;
    }
    // So does a notebook file, in the notebook (with the data it carries, if it was downloaded with it).
    if (await isNotebookFile(file)) {
      await openNotebookFile(file);
      if (run === this.#run) void this.#next();
      return;
    }

    this.step = { kind: 'reading', fileName: file.name };
    let draft: Draft;
    try {
      draft = await this.#firstLook(file);
    } catch (thrown) {
      if (run !== this.#run) return;
      dataset.error = fromThrown(thrown, file.name);
      void this.#next();
      return;
    }
    if (run !== this.#run) return;
    this.sameHeaderFollowing = await this.#countSameHeader(batch, draft);
    if (run !== this.#run) return;

    const isReady = !draft.error && draft.dateQuestion === null && checkMapping(draft.mapping, draft.file.name) === null;
    if (isReady && (batch.isAutomatic || batch.accepted?.key === headerKey(draft.detection.headers))) {
      void this.#import(draft);
    } else {
      this.step = { kind: 'wizard', draft };
    }
  }

  async #firstLook(file: File): Promise<Draft> {
    // Detection reads the file's head and tail in the import worker, off the page's thread.
    const fileTag = dataset.uniqueTag(file.name);
    let overrides: Partial<CsvSettings> = {};
    let detection = await detectFile(file);
    const accepted = this.#batch?.accepted;
    let mapping: Mapping | null = null;
    if (accepted && accepted.key === headerKey(detection.headers)) {
      // Same layout as the file just imported: read it the same way.
      overrides = { ...accepted.settings };
      delete overrides.hasBom;
      delete overrides.encoding;
      detection = await detectFile(file, { overrides });
      mapping = { ...accepted.mapping };
    }
    const remembered = mapping ? null : recallMapping(detection.headers);
    return {
      file,
      fileTag,
      overrides,
      detection,
      mapping: mapping ?? remembered ?? { ...detection.mapping },
      isRemembered: remembered !== null,
      dateQuestion: detection.questions.find((issue) => issue.code === 'IMPORT_AMBIGUOUS_DATE') ?? null,
      error: detection.fatal ? fromIssue(detection.fatal) : null,
    };
  }

  /** How many later files of the batch start with the same header as this one. */
  async #countSameHeader(batch: Batch, draft: Draft): Promise<number> {
    const key = headerKey(draft.detection.headers);
    let count = 0;
    for (const file of batch.files.slice(batch.index + 1)) {
      try {
        if (headerKey((await detectFile(file)).headers) === key) count++;
      } catch {
        // A file that cannot be read is reported when its turn comes.
      }
    }
    return count;
  }

  /** Re-reads the file with one setting changed by the user (a newer change drops an older answer). */
  async changeSetting<K extends keyof CsvSettings>(name: K, value: CsvSettings[K]): Promise<void> {
    if (this.step.kind !== 'wizard') return;
    const draft = this.step.draft;
    const overrides = { ...draft.overrides, [name]: value };
    // Kept at once, so a second change made while this one is read builds on it.
    this.step = { kind: 'wizard', draft: { ...draft, overrides } };
    const run = ++this.#settingRun;
    let detection: Detection;
    try {
      detection = await detectFile(draft.file, { overrides });
    } catch (thrown) {
      if (run === this.#settingRun && this.step.kind === 'wizard') this.step = { kind: 'wizard', draft: { ...this.step.draft, error: fromThrown(thrown) } };
      return;
    }
    if (run !== this.#settingRun || this.step.kind !== 'wizard' || this.step.draft.file !== draft.file) return;
    const current = this.step.draft;
    const isSameHeader = headerKey(detection.headers) === headerKey(current.detection.headers);
    const remembered = isSameHeader ? null : recallMapping(detection.headers);
    const question = detection.questions.find((issue) => issue.code === 'IMPORT_AMBIGUOUS_DATE') ?? null;
    this.step = {
      kind: 'wizard',
      draft: {
        ...current,
        detection,
        mapping: isSameHeader ? current.mapping : (remembered ?? { ...detection.mapping }),
        isRemembered: isSameHeader ? current.isRemembered : remembered !== null,
        dateQuestion: current.dateQuestion ?? question,
        error: detection.fatal ? fromIssue(detection.fatal) : null,
      },
    };
  }

  answerDate(order: 'dmy' | 'mdy'): void {
    void this.changeSetting('dateOrder', order);
  }

  /** Points a role at a column (or at none). */
  setRole(role: Role, column: number | null): void {
    if (this.step.kind !== 'wizard') return;
    const draft = this.step.draft;
    const mapping: Mapping = { ...draft.mapping };
    if (column === null) delete mapping[role];
    else mapping[role] = column;
    this.step = { kind: 'wizard', draft: { ...draft, mapping, isRemembered: false } };
  }

  /** What still stops the import of the draft, if anything. */
  blocker(draft: Draft): 'fatal' | 'date' | 'mapping' | null {
    if (draft.detection.fatal) return 'fatal';
    if (draft.dateQuestion && !answersDate(draft.overrides.dateOrder)) return 'date';
    if (checkMapping(draft.mapping, draft.file.name)) return 'mapping';
    return null;
  }

  mappingIssue(draft: Draft): UserError | null {
    const issue = checkMapping(draft.mapping, draft.file.name);
    return issue ? fromIssue(issue) : null;
  }

  preview(draft: Draft): ReturnType<typeof previewRows> {
    if (draft.detection.fatal) return [];
    return previewRows(draft.detection, draft.detection.settings, draft.mapping, draft.file.name);
  }

  /** Imports the file on screen with its current settings and columns. */
  startImport(): void {
    if (this.step.kind !== 'wizard' || this.blocker(this.step.draft)) return;
    void this.#import(this.step.draft);
  }

  cancelImport(): void {
    if (this.step.kind !== 'importing') return;
    this.step = { ...this.step, isCancelling: true };
    this.#abort?.abort();
  }

  async #import(draft: Draft): Promise<void> {
    const run = ++this.#run;
    const abort = new AbortController();
    this.#abort = abort;
    const ready: Draft = { ...draft, error: null };
    this.step = { kind: 'importing', draft: ready, bytesRead: 0, bytesTotal: draft.file.size, isCancelling: false };
    const settings = draft.detection.settings;
    let engine;
    try {
      engine = await dataset.ready();
    } catch (thrown) {
      if (run === this.#run) this.step = { kind: 'wizard', draft: { ...ready, error: fromThrown(thrown) } };
      return;
    }
    rememberMapping(draft.detection.headers, draft.mapping);
    try {
      const result = await runImport(engine, draft.file, {
        fileTag: draft.fileTag,
        settings,
        mapping: draft.mapping,
        signal: abort.signal,
        onProgress: (bytesRead, bytesTotal) => {
          if (run === this.#run && this.step.kind === 'importing') {
            this.step = { ...this.step, bytesRead, bytesTotal };
          }
        },
      });
      if (run !== this.#run) return;
      if (result.fatal) {
        // runImport has already taken out the rows of a file that stopped half-way.
        this.step = { kind: 'wizard', draft: { ...ready, error: fromIssue(result.fatal) } };
        return;
      }
      dataset.note(draft.fileTag, { rejectedCount: result.rejectedCount, roles: Object.keys(draft.mapping) as Role[], reader: result.reader });
      if (result.rejectedCount > 0) {
        // The rows read are already in the dataset: the totals behind the review show them. The file is kept
        // in the browser now too, so a reload during the review brings its rows back instead of losing them
        // (Undo takes it out of both).
        await savedData.keep({ fileTag: draft.fileTag, file: draft.file, settings, mapping: draft.mapping });
        this.#keptEarly.add(draft.fileTag);
        await dataset.refresh().catch((thrown: unknown) => (dataset.error = fromThrown(thrown)));
        if (run !== this.#run) return;
        this.step = { kind: 'review', draft: ready, result };
        return;
      }
      await this.#keep(ready);
    } catch (thrown) {
      if (run !== this.#run) return;
      const error = isAbort(thrown) ? null : fromThrown(thrown, draft.file.name);
      this.step = { kind: 'wizard', draft: { ...ready, error } };
    }
  }

  /** Keeps the reviewed rows and goes on with the batch; a second call while keeping waits for the first. */
  keep(): Promise<void> {
    if (this.#keeping) return this.#keeping;
    if (this.step.kind !== 'review') return Promise.resolve();
    this.#keeping = this.#keep(this.step.draft).finally(() => {
      this.#keeping = null;
    });
    return this.#keeping;
  }

  #keeping: Promise<void> | null = null;
  /** Files kept in the browser when their review of rejected rows opened. */
  #keptEarly = new Set<string>();

  async #keep(draft: Draft): Promise<void> {
    const batch = this.#batch;
    if (batch && batch.mode === 'replace' && !batch.hasReplaced) {
      batch.hasReplaced = true;
      for (const fileTag of batch.filesBefore) await dataset.removeFile(fileTag);
    }
    if (batch) {
      batch.accepted = { key: headerKey(draft.detection.headers), settings: draft.detection.settings, mapping: draft.mapping };
    }
    // Kept in the browser too, so a reload or a restarted database brings the file back (a file that went
    // through the review was kept when the review opened).
    if (!this.#keptEarly.delete(draft.fileTag)) {
      await savedData.keep({ fileTag: draft.fileTag, file: draft.file, settings: draft.detection.settings, mapping: draft.mapping });
    }
    try {
      await dataset.refresh();
    } catch (thrown) {
      dataset.error = fromThrown(thrown);
    }
    await this.#next();
  }

  /** Takes this file's rows out again and goes back to its settings and columns. */
  async undo(): Promise<void> {
    if (this.step.kind !== 'review') return;
    const { draft } = this.step;
    this.#keptEarly.delete(draft.fileTag);
    await dataset.removeFile(draft.fileTag);
    this.step = { kind: 'wizard', draft: { ...draft, error: null } };
  }
}

export const importFlow = new ImportFlow();
