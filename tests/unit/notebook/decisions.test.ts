// The action decisions a notebook file carries: they come back exactly, a file without them still opens, and a
// hand-edited or hostile decisions section is refused at its place; the browser's store drops the same entries.
import { describe, expect, it } from 'vitest';
import { readDecisions, type ActionDecisions } from '../../../src/notebook/decisions.ts';
import { parseNotebookFile, readNotebookFile, serializeNotebook, type NotebookFileProblem } from '../../../src/notebook/file.ts';
import { addCell, emptyNotebook, updateCell, type Notebook } from '../../../src/notebook/model.ts';

function sample(): Notebook {
  let notebook = emptyNotebook();
  notebook = addCell(notebook, 'sql').notebook;
  notebook = updateCell(notebook, 'c1', { sql: 'SELECT count(*) AS n FROM sales' });
  return { ...notebook, settings: { asOf: '2024-06-30', unit: 'month', alpha: 0.05 } };
}

const decisions = (): ActionDecisions => ({
  statuses: {
    '["C001","winBack",""]': { status: 'done', note: 'Ligou; pedido na sexta', at: '2024-07-02T10:00:00.000Z' },
    '["C002","crossSell","Chá"]': { status: 'dismissed', note: '', at: '2024-07-03T08:30:00.000Z' },
  },
  relationship: { C001: 5, C003: 2 },
  goals: { C001: [{ id: 'g1', metric: 'revenue', target: 6000, fromQuarter: '2024-Q3' }, { id: 'g2', metric: 'categories', target: 4, fromQuarter: '2024-Q4' }] },
});

/** A version 1 file as a Ciclo without decisions wrote it, by hand. */
const HAND_WRITTEN_V1 = `{
  "format": "ciclo-notebook",
  "version": 1,
  "settings": { "asOf": null, "unit": "week", "alpha": 0.1 },
  "cells": [{ "id": "c1", "kind": "note", "name": "note1", "markdown": "Hello" }]
}`;

/** The text of a valid file whose decisions section is replaced by `section` (written as JSON text). */
const withDecisions = (section: string) => HAND_WRITTEN_V1.replace(/\n}$/, `,\n  "decisions": ${section}\n}`);

function problemOf(text: string): Omit<NotebookFileProblem, 'detail'> {
  try {
    readNotebookFile(text);
  } catch (thrown) {
    const { code, path, line } = thrown as NotebookFileProblem;
    return { code, path, ...(line !== undefined ? { line } : {}) };
  }
  throw new Error('expected the file to be refused');
}

describe('notebook files with action decisions', () => {
  it('reads back the notebook and the decisions it wrote', () => {
    const text = serializeNotebook(sample(), { decisions: decisions() });
    expect(JSON.parse(text).decisions.relationship).toEqual({ C001: 5, C003: 2 });
    expect(readNotebookFile(text)).toEqual({ notebook: sample(), decisions: decisions(), files: null });
    expect(parseNotebookFile(text)).toEqual(sample());
  });

  it('writes no decisions section when there are none to carry', () => {
    const text = serializeNotebook(sample());
    expect(JSON.parse(text)).not.toHaveProperty('decisions');
    expect(readNotebookFile(text).decisions).toBeNull();
  });

  it('still opens a version 1 file without decisions', () => {
    expect(readNotebookFile(HAND_WRITTEN_V1)).toEqual({
      notebook: { version: 1, settings: { asOf: null, unit: 'week', alpha: 0.1 }, cells: [{ id: 'c1', kind: 'note', name: 'note1', markdown: 'Hello' }] },
      decisions: null,
      files: null,
    });
  });

  it('reads a section with only some parts, the others empty', () => {
    expect(readNotebookFile(withDecisions('{ "relationship": { "C009": 4 } }')).decisions).toEqual({ statuses: {}, relationship: { C009: 4 }, goals: {} });
  });

  it.each([
    ['a level above 5', '{ "relationship": { "C001": 6 } }', 'decisions.relationship.C001'],
    ['a level as text', '{ "relationship": { "C001": "5" } }', 'decisions.relationship.C001'],
    ['a fractional level', '{ "relationship": { "C001": 4.5 } }', 'decisions.relationship.C001'],
    ['an empty customer id', '{ "relationship": { "": 3 } }', 'decisions.relationship.'],
    ['an unknown status', '{ "statuses": { "k": { "status": "maybe", "note": "", "at": "" } } }', 'decisions.statuses.k.status'],
    ['a status without a note', '{ "statuses": { "k": { "status": "done", "at": "" } } }', 'decisions.statuses.k.note'],
    ['a script smuggled beside a status', '{ "statuses": { "k": { "status": "done", "note": "", "at": "", "onload": "x" } } }', 'decisions.statuses.k.onload'],
    ['a negative goal', '{ "goals": { "C001": [{ "id": "g", "metric": "revenue", "target": -1, "fromQuarter": "2024-Q1" }] } }', 'decisions.goals.C001[0].target'],
    ['a goal of a fifth quarter', '{ "goals": { "C001": [{ "id": "g", "metric": "revenue", "target": 1, "fromQuarter": "2024-Q5" }] } }', 'decisions.goals.C001[0].fromQuarter'],
    ['goals that are not a list', '{ "goals": { "C001": "many" } }', 'decisions.goals.C001'],
    ['a section that is a list', '{ "relationship": [5] }', 'decisions.relationship'],
    ['an unknown section', '{ "passwords": {} }', 'decisions.passwords'],
    ['decisions that are not an object', '"all done"', 'decisions'],
  ])('refuses %s, at its place', (_what, section, path) => {
    expect(problemOf(withDecisions(section))).toEqual({ code: 'NOTEBOOK_FILE_INVALID', path });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a customer id "%s", with its line, polluting nothing', (key) => {
    const text = withDecisions(`{\n    "relationship": {\n      "C001": 5,\n      "${key}": 5\n    }\n  }`);
    const line = text.split('\n').findIndex((l) => l.includes(`"${key}"`)) + 1;
    expect(problemOf(text)).toEqual({ code: 'NOTEBOOK_FILE_FORBIDDEN_KEY', path: `decisions.relationship.${key}`, line });
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('refuses an oversize note', () => {
    const note = 'x'.repeat(10_001);
    expect(problemOf(withDecisions(`{ "statuses": { "k": { "status": "done", "note": "${note}", "at": "" } } }`)).path).toBe('decisions.statuses.k.note');
  });
});

describe('decisions read back from the browser', () => {
  it('keeps the well-formed entries of the same checks and drops the others, forbidden keys included', () => {
    const stored = JSON.parse(
      '{"statuses":{"a":{"status":"done","note":"ok","at":"t"},"b":{"status":"maybe","note":"","at":""}},' +
        '"relationship":{"C1":5,"C2":0,"__proto__":5},"goals":{"C1":[{"id":"g","metric":"categories","target":2.5,"fromQuarter":"2024-Q1"}]}}',
    ) as unknown;
    const read = readDecisions(stored);
    expect(read).toEqual({ statuses: { a: { status: 'done', note: 'ok', at: 't' } }, relationship: { C1: 5 }, goals: {} });
    expect(Object.getPrototypeOf(read.relationship)).toBe(Object.prototype);
  });
});
