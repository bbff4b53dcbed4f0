// Spreadsheet keys for moving the active cell of the grid: arrows, Page Up/Down, Home/End (row
// start/end) and Ctrl+Home/End (first/last row), always clamped to the grid.

export interface CellPosition {
  /** 0-based row among the rows under the filter. */
  row: number;
  /** 0-based column among the visible columns. */
  column: number;
}

export interface GridSize {
  rows: number;
  columns: number;
  /** Rows one Page Up/Down moves. */
  pageRows: number;
}

export interface NavigationKey {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

/** The cell a key moves to, or null when the key is not a navigation key (or the grid is empty). */
export function moveActiveCell(from: CellPosition, { key, ctrlKey = false, metaKey = false }: NavigationKey, size: GridSize): CellPosition | null {
  if (size.rows <= 0 || size.columns <= 0) return null;
  const isWholeGrid = ctrlKey || metaKey;
  let { row, column } = from;
  switch (key) {
    case 'ArrowDown':
      row++;
      break;
    case 'ArrowUp':
      row--;
      break;
    case 'ArrowRight':
      column++;
      break;
    case 'ArrowLeft':
      column--;
      break;
    case 'PageDown':
      row += Math.max(1, size.pageRows);
      break;
    case 'PageUp':
      row -= Math.max(1, size.pageRows);
      break;
    case 'Home':
      if (isWholeGrid) row = 0;
      else column = 0;
      break;
    case 'End':
      if (isWholeGrid) row = size.rows - 1;
      else column = size.columns - 1;
      break;
    default:
      return null;
  }
  return {
    row: Math.min(size.rows - 1, Math.max(0, row)),
    column: Math.min(size.columns - 1, Math.max(0, column)),
  };
}
