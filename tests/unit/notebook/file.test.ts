import { describe, expect, it } from 'vitest';
import { parseNotebookFile, readNotebookFile, serializeNotebook, LIMITS, type NotebookFileProblem } from '../../../src/notebook/file.ts';
import { addCell, emptyNotebook, updateCell, type Notebook } from '../../../src/notebook/model.ts';

function sample(): Notebook {
  let notebook = emptyNotebook();
  notebook = addCell(notebook, 'sql').notebook;
  notebook = updateCell(notebook, 'c1', { sql: "SELECT date_trunc('month', order_date) AS month, sum(amount) AS revenue FROM sales GROUP BY 1" });
  notebook = addCell(notebook, 'chart').notebook;
  notebook = updateCell(notebook, 'c2', { mark: 'bar', x: 'month', y: 'revenue' });
  notebook = addCell(notebook, 'note').notebook;
  notebook = updateCell(notebook, 'c3', { markdown: '# Revenue\nBy **month**.' });
  return { ...notebook, settings: { asOf: '2024-06-30', unit: 'week', alpha: 0.1 } };
}

function problemOf(text: string): NotebookFileProblem {
  try {
    parseNotebookFile(text);
  } catch (thrown) {
    const { code, path, line } = thrown as NotebookFileProblem;
    return { code, path, ...(line !== undefined ? { line } : {}), detail: '' };
  }
  throw new Error('expected the file to be refused');
}

const valid = () => JSON.parse(serializeNotebook(sample())) as Record<string, unknown>;

describe('notebook files', () => {
  it('reads back exactly what it wrote', () => {
    expect(parseNotebookFile(serializeNotebook(sample()))).toEqual(sample());
  });

  it('accepts a byte order mark and a file without settings', () => {
    const { settings: _settings, ...rest } = valid();
    const notebook = parseNotebookFile(`\uFEFF${JSON.stringify(rest)}`);
    expect(notebook.settings).toEqual({ asOf: null, unit: 'month', alpha: 0.05 });
  });

  it('refuses text that is not JSON, with the line of the mistake', () => {
    const problem = problemOf('{\n  "format": "ciclo-notebook",\n  "version": 1,\n  "cells": [,]\n}');
    expect(problem.code).toBe('NOTEBOOK_FILE_NOT_JSON');
    expect(problem.line).toBe(4);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a "%s" key anywhere, with its line', (key) => {
    const text = serializeNotebook(sample()).replace('"mark": "bar"', `"mark": "bar",\n      "${key}": { "polluted": true }`);
    const problem = problemOf(text);
    expect(problem.code).toBe('NOTEBOOK_FILE_FORBIDDEN_KEY');
    expect(problem.path).toBe(`cells[1].${key}`);
    const expectedLine = text.split('\n').findIndex((line) => line.includes(`"${key}"`)) + 1;
    expect(problem.line).toBe(expectedLine);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a forbidden key at the top level too', () => {
    expect(problemOf('{"__proto__": {"x": 1}, "format": "ciclo-notebook", "version": 1, "cells": []}').code).toBe('NOTEBOOK_FILE_FORBIDDEN_KEY');
  });

  it('refuses an unknown version', () => {
    expect(problemOf(JSON.stringify({ ...valid(), version: 2 }))).toMatchObject({ code: 'NOTEBOOK_FILE_VERSION', path: 'version' });
    expect(problemOf(JSON.stringify({ ...valid(), version: '1' })).code).toBe('NOTEBOOK_FILE_VERSION');
  });

  it('refuses a file of another format', () => {
    expect(problemOf(JSON.stringify({ ...valid(), format: 'jupyter' }))).toMatchObject({ code: 'NOTEBOOK_FILE_INVALID', path: 'format' });
    expect(problemOf('[]')).toMatchObject({ code: 'NOTEBOOK_FILE_INVALID', path: '' });
  });

  it.each([
    ['a number as SQL', (cells: Record<string, unknown>[]) => (cells[0]!.sql = 42), 'cells[0].sql'],
    ['an unknown mark', (cells: Record<string, unknown>[]) => (cells[1]!.mark = 'pie'), 'cells[1].mark'],
    ['an unknown kind', (cells: Record<string, unknown>[]) => (cells[2]!.kind = 'script'), 'cells[2].kind'],
    ['an unknown field', (cells: Record<string, unknown>[]) => (cells[2]!.onload = 'alert(1)'), 'cells[2].onload'],
    ['a reserved name', (cells: Record<string, unknown>[]) => (cells[0]!.name = 'sales'), 'cells[0].name'],
    ['a name with a quote', (cells: Record<string, unknown>[]) => (cells[0]!.name = 'x"; DROP TABLE sales; --'), 'cells[0].name'],
    ['a repeated name', (cells: Record<string, unknown>[]) => (cells[1]!.name = 'query1'), 'cells[1].name'],
    ['a repeated id', (cells: Record<string, unknown>[]) => (cells[1]!.id = 'c1'), 'cells[1].id'],
    ['an object as column', (cells: Record<string, unknown>[]) => (cells[1]!.x = { toString: 1 }), 'cells[1].x'],
  ])('refuses %s, naming the field', (_what, spoil, path) => {
    const file = valid();
    spoil(file.cells as Record<string, unknown>[]);
    expect(problemOf(JSON.stringify(file))).toMatchObject({ code: 'NOTEBOOK_FILE_INVALID', path });
  });

  it('refuses oversize text and too many cells', () => {
    const file = valid();
    (file.cells as Record<string, unknown>[])[0]!.sql = 'x'.repeat(LIMITS.textChars + 1);
    expect(problemOf(JSON.stringify(file))).toMatchObject({ code: 'NOTEBOOK_FILE_TOO_LARGE', path: 'cells[0].sql' });
    const many = { ...valid(), cells: Array.from({ length: LIMITS.cells + 1 }, (_, i) => ({ id: `c${i}`, kind: 'note', name: `n${i}`, markdown: '' })) };
    expect(problemOf(JSON.stringify(many))).toMatchObject({ code: 'NOTEBOOK_FILE_TOO_LARGE', path: 'cells' });
    expect(problemOf(' '.repeat(LIMITS.fileChars + 1)).code).toBe('NOTEBOOK_FILE_TOO_LARGE');
  });

  it('refuses nesting far deeper than a notebook has', () => {
    const deep = `{"format":"ciclo-notebook","version":1,"cells":[{"id":"c1","kind":"note","name":"n","markdown":${'['.repeat(50)}${']'.repeat(50)}}]}`;
    expect(problemOf(deep).code).toBe('NOTEBOOK_FILE_INVALID');
  });

  it('refuses settings of the wrong shape', () => {
    expect(problemOf(JSON.stringify({ ...valid(), settings: { asOf: '30/06/2024', unit: 'month', alpha: 0.05 } }))).toMatchObject({ path: 'settings.asOf' });
    expect(problemOf(JSON.stringify({ ...valid(), settings: { asOf: null, unit: 'day', alpha: 0.05 } }))).toMatchObject({ path: 'settings.unit' });
  });
});

describe('notebook files with their data', () => {
  const settings = { encoding: 'windows-1252', hasBom: false, delimiter: ';', quote: '"', headerLine: 2, decimal: ',', thousands: '.', dateOrder: 'dmy' } as const;
  // Latin-1 bytes of "Cliente;Data;Valor\nJoão;01/02/2024;1.234,50\n" with a title line, and every byte value once.
  const csv = Uint8Array.from([...Buffer.from('Relatório\nCliente;Data;Valor\nJo\u00e3o;01/02/2024;1.234,50\n', 'latin1')]);
  const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
  const files = [
    { fileTag: 'vendas.csv', name: 'vendas.csv', type: 'text/csv', settings, mapping: { customer_id: 0, order_date: 1, amount: 2 }, bytes: csv },
    { fileTag: 'vendas.csv (2)', name: 'vendas.csv', type: '', settings, mapping: { customer_id: 0, order_date: 1, amount: 2 }, bytes: everyByte },
  ];

  it('carries each file’s bytes, settings and mapping, and reads them back exactly', () => {
    const { read } = { read: (text: string) => JSON.parse(text) as { data: { files: { base64: string }[] } } };
    const text = serializeNotebook(sample(), { files });
    // The bytes travel as base64 (checked against Node's own encoder).
    expect(read(text).data.files[0]!.base64).toBe(Buffer.from(csv).toString('base64'));
    const back = readNotebookFile(text);
    expect(back.notebook).toEqual(sample());
    expect(back.files).toEqual(files);
    expect(readNotebookFile(serializeNotebook(sample())).files).toBeNull();
  });

  it('refuses broken base64, settings or mappings, and a file carried twice, each at its place', () => {
    const withData = () => JSON.parse(serializeNotebook(sample(), { files })) as { data: { files: Record<string, unknown>[] } };
    const broken = withData();
    broken.data.files[1]!.base64 = 'not base64!';
    expect(problemOf(JSON.stringify(broken))).toMatchObject({ code: 'NOTEBOOK_FILE_INVALID', path: 'data.files[1].base64' });
    const badSettings = withData();
    (badSettings.data.files[0]!.settings as Record<string, unknown>).delimiter = 'x';
    expect(problemOf(JSON.stringify(badSettings))).toMatchObject({ code: 'NOTEBOOK_FILE_INVALID', path: 'data.files[0].settings.delimiter' });
    const badMapping = withData();
    badMapping.data.files[0]!.mapping = { customer_id: -1 };
    expect(problemOf(JSON.stringify(badMapping))).toMatchObject({ code: 'NOTEBOOK_FILE_INVALID', path: 'data.files[0].mapping.customer_id' });
    const twice = withData();
    twice.data.files[1]!.fileTag = 'vendas.csv';
    expect(problemOf(JSON.stringify(twice))).toMatchObject({ code: 'NOTEBOOK_FILE_INVALID', path: 'data.files[1].fileTag' });
    const extra = withData();
    extra.data.files[0]!.__proto__polluted = true;
    expect(problemOf(JSON.stringify(extra))).toMatchObject({ code: 'NOTEBOOK_FILE_INVALID', path: 'data.files[0].__proto__polluted' });
  });

  it('allows a large file only when it carries data', () => {
    const big = 'x'.repeat(LIMITS.fileChars);
    const notebookOnly = valid();
    (notebookOnly.cells as Record<string, unknown>[])[2]!.markdown = big.slice(0, LIMITS.textChars);
    const padded = JSON.stringify(notebookOnly) + ' '.repeat(LIMITS.fileChars);
    expect(problemOf(padded)).toMatchObject({ code: 'NOTEBOOK_FILE_TOO_LARGE', path: '' });
    const withData = serializeNotebook(sample(), { files }) + ' '.repeat(LIMITS.fileChars);
    expect(readNotebookFile(withData).files).toHaveLength(2);
  });
});
