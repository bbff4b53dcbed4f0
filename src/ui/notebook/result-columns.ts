// How a result column is shown and exported, from DuckDB's type name: numbers right-aligned in the reader's
// format, dates as dates, everything else as text.
import type { ExportColumnType } from '../../export/table.ts';

export type ColumnKind = 'number' | 'date' | 'text';

const NUMERIC = /^(?:TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL(?:\(\d+,\s*\d+\))?|INT\d*)$/i;

export function columnKind(duckdbType: string): ColumnKind {
  if (NUMERIC.test(duckdbType.trim())) return 'number';
  if (/^DATE$/i.test(duckdbType.trim())) return 'date';
  return 'text';
}

export function exportType(duckdbType: string): ExportColumnType {
  const kind = columnKind(duckdbType);
  return kind === 'number' ? 'number' : kind === 'date' ? 'date' : 'text';
}
