import { describe, expect, it } from 'vitest';
import { migrationMatrix, movedCount } from '../../../src/analytics/migration';
import { STAGES, type RfmSegment, type Stage } from '../../../src/analytics/types';

const before = new Map<string, Stage>([
  ['a', 'active'],
  ['b', 'active'],
  ['c', 'at_risk'],
  ['d', 'lost'], // gone from the later analysis: not counted
  ['g', 'new'],
]);
const after = new Map<string, Stage>([
  ['a', 'active'],
  ['b', 'at_risk'],
  ['c', 'active'],
  ['e', 'new'], // acquired in between
  ['f', 'new'],
  ['g', 'active'],
]);

describe('migrationMatrix', () => {
  it('counts customers by state before and after, newcomers from none, in the given order', () => {
    expect(migrationMatrix(before, after, { order: STAGES })).toEqual([
      { from: 'none', to: 'new', customers: 2 },
      { from: 'new', to: 'active', customers: 1 },
      { from: 'active', to: 'active', customers: 1 },
      { from: 'active', to: 'at_risk', customers: 1 },
      { from: 'at_risk', to: 'active', customers: 1 },
    ]);
  });

  it('sorts states missing from the order by their names, after the listed ones', () => {
    expect(migrationMatrix(before, after)).toEqual([
      { from: 'none', to: 'new', customers: 2 },
      { from: 'active', to: 'active', customers: 1 },
      { from: 'active', to: 'at_risk', customers: 1 },
      { from: 'at_risk', to: 'active', customers: 1 },
      { from: 'new', to: 'active', customers: 1 },
    ]);
    expect(migrationMatrix(before, after, { order: ['new'] }).map((m) => `${m.from}>${m.to}`)).toEqual([
      'none>new',
      'new>active',
      'active>active',
      'active>at_risk',
      'at_risk>active',
    ]);
  });

  it('does not depend on the order the customers were added in', () => {
    const reversedBefore = new Map([...before].reverse());
    const reversedAfter = new Map([...after].reverse());
    expect(migrationMatrix(reversedBefore, reversedAfter)).toEqual(migrationMatrix(before, after));
    expect(migrationMatrix(reversedBefore, reversedAfter, { order: STAGES })).toEqual(
      migrationMatrix(before, after, { order: STAGES }),
    );
  });

  it('counts every customer present after exactly once and leaves out empty cells', () => {
    const matrix = migrationMatrix(before, after);
    expect(matrix.reduce((sum, m) => sum + m.customers, 0)).toBe(after.size);
    expect(matrix.every((m) => m.customers > 0)).toBe(true);
    expect(migrationMatrix(new Map(), new Map())).toEqual([]);
    expect(migrationMatrix(before, new Map())).toEqual([]);
  });

  it('works for any state, such as RFM segments', () => {
    const was = new Map<string, RfmSegment>([['x', 'champions']]);
    const is = new Map<string, RfmSegment>([
      ['x', 'at_risk'],
      ['y', 'new'],
    ]);
    expect(migrationMatrix(was, is)).toEqual([
      { from: 'none', to: 'new', customers: 1 },
      { from: 'champions', to: 'at_risk', customers: 1 },
    ]);
  });
});

describe('movedCount', () => {
  it('reads one cell, 0 when empty', () => {
    const matrix = migrationMatrix(before, after);
    expect(movedCount(matrix, 'none', 'new')).toBe(2);
    expect(movedCount(matrix, 'active', 'at_risk')).toBe(1);
    expect(movedCount(matrix, 'lost', 'active')).toBe(0);
    expect(movedCount([], 'active', 'active')).toBe(0);
  });
});
