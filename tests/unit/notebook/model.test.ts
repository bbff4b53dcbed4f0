import { describe, expect, it } from 'vitest';
import {
  addCell,
  deleteCell,
  emptyNotebook,
  moveCell,
  nameProblem,
  renameCell,
  restoreCell,
  updateCell,
  type Notebook,
} from '../../../src/notebook/model.ts';

function notebookOf(...kinds: Array<'sql' | 'chart' | 'note'>): Notebook {
  let notebook = emptyNotebook();
  for (const kind of kinds) notebook = addCell(notebook, kind).notebook;
  return notebook;
}

const names = (notebook: Notebook) => notebook.cells.map((cell) => cell.name);

describe('notebook cells', () => {
  it('numbers new cells per kind and gives each a distinct id', () => {
    const notebook = notebookOf('sql', 'sql', 'chart', 'note');
    expect(names(notebook)).toEqual(['query1', 'query2', 'chart1', 'note1']);
    expect(new Set(notebook.cells.map((cell) => cell.id)).size).toBe(4);
  });

  it('points a new chart at the nearest SQL cell above it', () => {
    const notebook = notebookOf('sql', 'note', 'sql', 'chart');
    const chart = notebook.cells[3]!;
    expect(chart.kind === 'chart' && chart.source).toBe('query2');
  });

  it('inserts after a given cell', () => {
    const base = notebookOf('sql', 'note');
    const { notebook } = addCell(base, 'sql', { afterId: base.cells[0]!.id });
    expect(names(notebook)).toEqual(['query1', 'query2', 'note1']);
  });

  it('moves a cell up and down and stops at the ends', () => {
    const base = notebookOf('sql', 'note', 'chart');
    const id = base.cells[2]!.id;
    expect(names(moveCell(base, id, -1))).toEqual(['query1', 'chart1', 'note1']);
    expect(names(moveCell(base, id, -5))).toEqual(['chart1', 'query1', 'note1']);
    expect(moveCell(base, id, 1)).toBe(base);
  });

  it('deletes a cell and puts it back in its place on undo, leaving the original untouched', () => {
    const base = notebookOf('sql', 'note', 'chart');
    const { notebook, deleted } = deleteCell(base, base.cells[1]!.id);
    expect(names(notebook)).toEqual(['query1', 'chart1']);
    expect(names(base)).toEqual(['query1', 'note1', 'chart1']);
    expect(restoreCell(notebook, deleted!)).toEqual(base);
  });

  it('gives a restored cell a free name when another cell took its name meanwhile', () => {
    const base = notebookOf('sql');
    const { notebook, deleted } = deleteCell(base, base.cells[0]!.id);
    const withNew = addCell(notebook, 'sql').notebook; // takes query1 again, and the id c1
    const restored = restoreCell(withNew, deleted!);
    expect(names(restored)).toEqual(['query2', 'query1']);
    expect(new Set(restored.cells.map((cell) => cell.id)).size).toBe(2);
  });

  it('renames a SQL cell and the charts drawing it follow', () => {
    const base = notebookOf('sql', 'chart');
    const renamed = renameCell(base, base.cells[0]!.id, 'revenue_per_month');
    expect(names(renamed)).toEqual(['revenue_per_month', 'chart1']);
    const chart = renamed.cells[1]!;
    expect(chart.kind === 'chart' && chart.source).toBe('revenue_per_month');
  });

  it('refuses names that are not plain lower-case identifiers, reserved or taken', () => {
    const base = notebookOf('sql', 'sql');
    const id = base.cells[0]!.id;
    expect(nameProblem(base, id, '')).toBe('empty');
    expect(nameProblem(base, id, 'Revenue')).toBe('pattern');
    expect(nameProblem(base, id, '1st')).toBe('pattern');
    expect(nameProblem(base, id, 'a-b')).toBe('pattern');
    expect(nameProblem(base, id, 'x'.repeat(64))).toBe('too_long');
    expect(nameProblem(base, id, 'sales')).toBe('reserved');
    expect(nameProblem(base, id, 'select')).toBe('reserved');
    // The tables opened results of `ciclo analyze` load into.
    expect(nameProblem(base, id, 'result_customers')).toBe('reserved');
    expect(nameProblem(base, id, 'result_actions')).toBe('reserved');
    expect(nameProblem(base, id, 'query2')).toBe('taken');
    expect(nameProblem(base, id, 'query1')).toBeNull();
    expect(nameProblem(base, id, '_tmp_2')).toBeNull();
    expect(() => renameCell(base, id, 'sales')).toThrow(/reserved/);
  });

  it('changes a cell’s content but never its id, kind or name through updateCell', () => {
    const base = notebookOf('sql');
    const id = base.cells[0]!.id;
    const updated = updateCell(base, id, { sql: 'FROM sales' });
    expect(updated.cells[0]).toEqual({ id, kind: 'sql', name: 'query1', sql: 'FROM sales' });
  });
});
