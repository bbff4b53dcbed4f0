import { describe, expect, it } from 'vitest';
import { moveActiveCell } from '../../../src/ui/grid/cell-navigation.ts';

const size = { rows: 1_000_000, columns: 5, pageRows: 20 };

describe('moving the active cell', () => {
  it('moves one cell with the arrows and stops at the edges', () => {
    expect(moveActiveCell({ row: 0, column: 0 }, { key: 'ArrowDown' }, size)).toEqual({ row: 1, column: 0 });
    expect(moveActiveCell({ row: 0, column: 0 }, { key: 'ArrowUp' }, size)).toEqual({ row: 0, column: 0 });
    expect(moveActiveCell({ row: 3, column: 4 }, { key: 'ArrowRight' }, size)).toEqual({ row: 3, column: 4 });
    expect(moveActiveCell({ row: 3, column: 4 }, { key: 'ArrowLeft' }, size)).toEqual({ row: 3, column: 3 });
  });

  it('pages and jumps like a spreadsheet', () => {
    expect(moveActiveCell({ row: 5, column: 2 }, { key: 'PageDown' }, size)).toEqual({ row: 25, column: 2 });
    expect(moveActiveCell({ row: 5, column: 2 }, { key: 'PageUp' }, size)).toEqual({ row: 0, column: 2 });
    expect(moveActiveCell({ row: 5, column: 2 }, { key: 'Home' }, size)).toEqual({ row: 5, column: 0 });
    expect(moveActiveCell({ row: 5, column: 2 }, { key: 'End' }, size)).toEqual({ row: 5, column: 4 });
    expect(moveActiveCell({ row: 5, column: 2 }, { key: 'End', ctrlKey: true }, size)).toEqual({ row: 999_999, column: 2 });
    expect(moveActiveCell({ row: 5, column: 2 }, { key: 'Home', metaKey: true }, size)).toEqual({ row: 0, column: 2 });
  });

  it('ignores other keys and empty grids', () => {
    expect(moveActiveCell({ row: 0, column: 0 }, { key: 'a' }, size)).toBeNull();
    expect(moveActiveCell({ row: 0, column: 0 }, { key: 'ArrowDown' }, { ...size, rows: 0 })).toBeNull();
  });
});
