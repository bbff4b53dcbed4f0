// XLSX export of Ciclo's lists with typed cells: numbers are numbers (with a number format), dates are real
// Excel dates, text is text and never a formula. Written with SheetJS (@e965/xlsx, the maintained
// republish of SheetJS CE 0.20.3). SheetJS CE writes no fonts and no frozen panes (cell styles are a
// SheetJS Pro feature: https://docs.sheetjs.com/docs/csf/features/#cell-styles — "not supported in the
// community edition"), so the bold, frozen header row is added afterwards, by editing two XML parts of
// the written zip with SheetJS's own zip reader and writer.
import * as XLSX from '@e965/xlsx';
import { plainNumber } from './csv';
import {
  checkExportTable,
  exportCell,
  headerCell,
  type ExportCell,
  type ExportColumnType,
  type ExportTable,
} from './table';

export interface XlsxOptions {
  /** 1–31 characters, none of : \ / ? * [ ], not starting or ending with an apostrophe (Excel's rules). */
  sheetName: string;
}

/** Number formats per column type (Excel format codes; the reader's locale decides the separators shown). */
const NUMBER_FORMATS: Readonly<Record<ExportColumnType, string | undefined>> = {
  text: undefined,
  number: undefined, // General
  money: '#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
};

/** Excel's serial for 1970-01-01 in the 1900 date system. */
const SERIAL_OF_EPOCH = 25_569;
/** Serial 61 is 1900-03-01: earlier serials are off by Excel's phantom 29 February 1900. */
const FIRST_SAFE_SERIAL = 61;
/** Excel's limit on the characters of one cell. */
const MAX_CELL_TEXT = 32_767;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** The table as an .xlsx workbook of one sheet: a bold, frozen header row with filters, typed cells below. */
export function toXlsx(table: ExportTable, { sheetName }: XlsxOptions): Uint8Array {
  checkSheetName(sheetName);
  checkExportTable(table);
  const { columns, rows } = table;
  const sheet: XLSX.WorkSheet = {};
  const widths = columns.map((column) => displayWidth(headerCell(column), column.type) + 2); // + filter button

  columns.forEach((column, c) => {
    sheet[XLSX.utils.encode_cell({ r: 0, c })] = sheetCell(headerCell(column), 'text');
  });
  rows.forEach((row, r) => {
    columns.forEach((column, c) => {
      const cell = exportCell(row[column.key], column.type);
      if (cell.kind === 'empty') return;
      sheet[XLSX.utils.encode_cell({ r: r + 1, c })] = sheetCell(cell, column.type);
      widths[c] = Math.max(widths[c]!, displayWidth(cell, column.type));
    });
  });
  const range = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: columns.length - 1 } });
  sheet['!ref'] = range;
  sheet['!autofilter'] = { ref: range };
  sheet['!cols'] = widths.map((width) => ({ wch: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)) }));

  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, sheet, sheetName);
  const written: ArrayBuffer = XLSX.write(workbook, {
    type: 'array',
    bookType: 'xlsx',
    bookSST: true,
    compression: true,
  });
  return withBoldFrozenHeader(new Uint8Array(written));
}

function sheetCell(cell: Exclude<ExportCell, { kind: 'empty' }>, type: ExportColumnType): XLSX.CellObject {
  switch (cell.kind) {
    case 'number': {
      const format = NUMBER_FORMATS[type === 'date' ? 'number' : type];
      return format ? { t: 'n', v: cell.value, z: format } : { t: 'n', v: cell.value };
    }
    case 'date': {
      // The serial is computed from the day count, not from a Date, so no time zone can shift it.
      const serial = cell.day + SERIAL_OF_EPOCH;
      if (serial < FIRST_SAFE_SERIAL) return { t: 's', v: cell.iso };
      return { t: 'n', v: serial, z: NUMBER_FORMATS.date! };
    }
    case 'text':
      return { t: 's', v: cell.text.slice(0, MAX_CELL_TEXT) };
  }
}

/** Characters the cell shows, roughly, for the column width. */
function displayWidth(cell: ExportCell, type: ExportColumnType): number {
  switch (cell.kind) {
    case 'empty':
      return 0;
    case 'date':
      return 10;
    case 'text':
      return Math.max(...cell.text.split(/\r\n|\r|\n/).map((line) => line.length));
    case 'number': {
      if (type === 'percent') return (cell.value * 100).toFixed(1).length + 1;
      if (type !== 'money') return Math.min(plainNumber(cell.value).length, 12);
      const whole = Math.trunc(Math.abs(cell.value)).toString().length;
      return whole + Math.floor((whole - 1) / 3) + 3 + (cell.value < 0 ? 1 : 0);
    }
  }
}

function checkSheetName(sheetName: string): void {
  if (
    typeof sheetName !== 'string' ||
    sheetName.length < 1 ||
    sheetName.length > 31 ||
    /[:\\/?*[\]]/.test(sheetName) ||
    sheetName.startsWith("'") ||
    sheetName.endsWith("'")
  ) {
    throw new Error(
      'sheetName must have 1–31 characters, none of : \\ / ? * [ ] and no apostrophe at either end, ' +
        `got "${sheetName}"`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// The bold, frozen header row, added to SheetJS's output.

interface ZipEntry {
  content: Uint8Array | number[];
  size: number;
}

/** The part of SheetJS's bundled zip library (CFB) used here; @e965/xlsx types it as `any`. */
interface ZipLibrary {
  read(data: Uint8Array, options: { type: 'array' }): unknown;
  find(container: unknown, path: string): ZipEntry | null;
  write(container: unknown, options: { fileType: 'zip'; type: 'array'; compression: boolean }): ArrayBuffer | number[];
}

const STYLES_PART = '/xl/styles.xml';
const SHEET_PART = '/xl/worksheets/sheet1.xml';

function withBoldFrozenHeader(xlsx: Uint8Array): Uint8Array {
  const zip = XLSX.CFB as ZipLibrary;
  const container = zip.read(xlsx, { type: 'array' });
  const styles = part(zip, container, STYLES_PART);
  const sheet = part(zip, container, SHEET_PART);
  const { xml: stylesXml, headerStyle } = addBoldStyle(readXml(styles));
  writeXml(styles, stylesXml);
  writeXml(sheet, freezeAndStyleHeader(readXml(sheet), headerStyle));
  const out = zip.write(container, { fileType: 'zip', type: 'array', compression: true });
  return out instanceof ArrayBuffer ? new Uint8Array(out) : Uint8Array.from(out);
}

/** Adds a bold copy of the default font and a cell format using it; returns that format's index. */
function addBoldStyle(xml: string): { xml: string; headerStyle: number } {
  const fonts = /<fonts count="(\d+)">([\s\S]*?)<\/fonts>/.exec(xml);
  const firstFont = fonts && /<font>([\s\S]*?)<\/font>/.exec(fonts[2]!);
  const formats = /<cellXfs count="(\d+)">([\s\S]*?)<\/cellXfs>/.exec(xml);
  if (!fonts || !firstFont || !formats) throw xmlShapeError(STYLES_PART);
  const boldFont = Number(fonts[1]);
  const headerStyle = Number(formats[1]);
  const patched = xml
    .replace(fonts[0], () => `<fonts count="${boldFont + 1}">${fonts[2]}<font><b/>${firstFont[1]}</font></fonts>`)
    .replace(
      formats[0],
      () =>
        `<cellXfs count="${headerStyle + 1}">${formats[2]}` +
        `<xf numFmtId="0" fontId="${boldFont}" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>`,
    );
  return { xml: patched, headerStyle };
}

/** Freezes the pane below row 1 and gives row 1's cells the bold format. */
function freezeAndStyleHeader(xml: string, headerStyle: number): string {
  const view = /<sheetView([^>]*?)\/>/.exec(xml);
  const headerRow = /<row r="1"[^>]*>[\s\S]*?<\/row>/.exec(xml);
  if (!view || !headerRow) throw xmlShapeError(SHEET_PART);
  const frozenView =
    `<sheetView${view[1]}><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
    `<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>`;
  const boldRow = headerRow[0].replace(/<c r="([A-Z]+1)"(?: s="\d+")?/g, `<c r="$1" s="${headerStyle}"`);
  // Function replacers, so no `$` in the XML is read as a replacement pattern.
  return xml.replace(view[0], () => frozenView).replace(headerRow[0], () => boldRow);
}

function part(zip: ZipLibrary, container: unknown, path: string): ZipEntry {
  const entry = zip.find(container, path);
  if (!entry) throw xmlShapeError(path);
  return entry;
}

function readXml(entry: ZipEntry): string {
  return new TextDecoder().decode(entry.content instanceof Uint8Array ? entry.content : Uint8Array.from(entry.content));
}

function writeXml(entry: ZipEntry, xml: string): void {
  const bytes = new TextEncoder().encode(xml);
  entry.content = bytes;
  entry.size = bytes.length;
}

function xmlShapeError(path: string): Error {
  return new Error(`XLSX_WRITER_CHANGED: ${path} no longer has the shape Ciclo patches for the bold, frozen header`);
}
