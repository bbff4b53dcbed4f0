// Opening a notebook file, from the notebook's own button or dropped on Ciclo like a sales file: a file
// downloaded with its data replaces the loaded data with the files it carries, and the user lands in the
// notebook with its settings applied and its cells run on that data.
import { analysis } from '../analysis/analysis.svelte.ts';
import { dataset } from '../dataset.svelte.ts';
import { savedData } from '../storage/saved-data.svelte.ts';
import { notebookState } from './notebook.svelte.ts';

/** What a notebook file starts with (notebook/file.ts writes `format` first). */
const NOTEBOOK_HEAD = /^\uFEFF?\s*\{\s*"format"\s*:\s*"ciclo-notebook"/;

/** True when `file` is a Ciclo notebook file rather than a sales export (read from its first bytes). */
export async function isNotebookFile(file: File): Promise<boolean> {
  const head = await file.slice(0, 256).text().catch(() => '');
  return NOTEBOOK_HEAD.test(head);
}

/** The notebook's analysis settings become the analysis's. */
export function applyNotebookSettings(): void {
  const { asOf, unit, alpha } = notebookState.notebook.settings;
  analysis.asOf = asOf;
  analysis.unit = unit;
  analysis.alpha = alpha;
}

/**
 * Opens a notebook file; returns false when it was refused (the problem is in `notebookState.error`, and, when
 * no notebook is on screen, in `dataset.error` too).
 */
export async function openNotebookFile(file: File): Promise<boolean> {
  // The notebook kept in this browser comes back once per page: first, so it cannot replace the one opened.
  await notebookState.restore();
  const opened = await notebookState.open(file, {
    replaceData: async (carried) => {
      await savedData.replaceWith(
        carried.map(({ fileTag, name, type, settings, mapping, bytes }) => ({ fileTag, settings, mapping, file: new File([bytes as Uint8Array<ArrayBuffer>], name, { type }) })),
      );
    },
  });
  if (!opened) {
    if (!dataset.hasData) dataset.error = notebookState.error;
    return false;
  }
  applyNotebookSettings();
  analysis.tab = 'notebook';
  if (dataset.hasData) await notebookState.runAll();
  return true;
}
