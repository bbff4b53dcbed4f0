// The problems a notebook can meet, as stable codes the interface translates: an opened file refused, a
// cell that cannot run, the browser's storage failing or evicted.
import type { NotebookFileErrorCode } from './file.ts';

export type NotebookErrorCode =
  | NotebookFileErrorCode
  | 'NOTEBOOK_CELL_NAME'
  | 'NOTEBOOK_NOT_A_QUERY'
  | 'NOTEBOOK_SQL_FAILED'
  | 'NOTEBOOK_CHART_SOURCE'
  | 'NOTEBOOK_SAVE_FAILED'
  | 'NOTEBOOK_STORAGE_EVICTED';
