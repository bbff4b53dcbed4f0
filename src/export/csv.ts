// CSV export of Ciclo's lists, in the two shapes users need: one that Excel in Portuguese, Spanish or
// Italian opens with a double click, and a plain one for other tools. Fields are quoted as RFC 4180 says
// (https://www.rfc-editor.org/rfc/rfc4180), dates are ISO, numbers carry no thousands separators, and text
// is neutralised against formula injection (see neutraliseFormula in table.ts).
import { checkExportTable, exportCell, headerCell, type ExportCell, type ExportTable } from './table';

export type CsvPreset = 'excel_eu' | 'standard';
export const CSV_PRESETS = ['excel_eu', 'standard'] as const satisfies readonly CsvPreset[];

export interface CsvDialect {
  /** A UTF-8 byte order mark, the signal that makes Excel read the file as UTF-8 rather than ANSI. */
  hasBom: boolean;
  delimiter: ';' | ',';
  decimal: ',' | '.';
  newline: '\r\n' | '\n';
}

/**
 * "Excel (pt/es/it)": where the decimal separator is a comma, Excel's list separator is `;`, and it
 * expects CRLF. "Standard": plain UTF-8, comma-separated, dot decimals, LF.
 */
export const CSV_DIALECTS: Readonly<Record<CsvPreset, CsvDialect>> = {
  excel_eu: { hasBom: true, delimiter: ';', decimal: ',', newline: '\r\n' },
  standard: { hasBom: false, delimiter: ',', decimal: '.', newline: '\n' },
};

const BOM = [0xef, 0xbb, 0xbf];

/** The table as CSV bytes in `preset`: a header row, then one line per row, each line ended by the newline. */
export function toCsv(table: ExportTable, preset: CsvPreset): Uint8Array {
  if (!(CSV_PRESETS as readonly string[]).includes(preset)) {
    throw new Error(`CSV preset must be one of ${CSV_PRESETS.join(', ')}, got "${preset}"`);
  }
  checkExportTable(table);
  const dialect = CSV_DIALECTS[preset];
  const { columns } = table;
  const lines = [columns.map((column) => csvField(headerCell(column), dialect, columns.length))];
  for (const row of table.rows) {
    lines.push(columns.map((column) => csvField(exportCell(row[column.key], column.type), dialect, columns.length)));
  }
  const text = lines.map((fields) => fields.join(dialect.delimiter) + dialect.newline).join('');
  const body = new TextEncoder().encode(text);
  if (!dialect.hasBom) return body;
  const bytes = new Uint8Array(BOM.length + body.length);
  bytes.set(BOM);
  bytes.set(body, BOM.length);
  return bytes;
}

function csvField(cell: ExportCell, dialect: CsvDialect, columnCount: number): string {
  switch (cell.kind) {
    case 'empty':
      // In a one-column file an empty field would be an empty line, which readers skip.
      return columnCount === 1 ? '""' : '';
    case 'number': {
      const text = plainNumber(cell.value);
      return dialect.decimal === '.' ? text : text.replace('.', dialect.decimal);
    }
    case 'date':
      return cell.iso;
    case 'text':
      return quoteField(cell.text, dialect.delimiter);
  }
}

/** RFC 4180: a field holding the delimiter, a quote or a line break is quoted, its quotes doubled. */
function quoteField(text: string, delimiter: string): string {
  if (!text.includes(delimiter) && !/["\r\n]/.test(text)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The shortest decimal that reads back as `value`, never in exponent notation (spreadsheets in some
 * locales read `1e-7` as text): 1e-7 → "0.0000001", 1.5e21 → "1500000000000000000000".
 */
export function plainNumber(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, fraction = '', exponent] = match;
  const digits = lead! + fraction;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
