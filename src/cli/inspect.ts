// `ciclo inspect FILE`: what Ciclo makes of a sales export (format, columns, questions, rejected lines and the
// first rows), as one JSON document with a fixed key order, so it can be diffed and read by scripts.
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { checkMapping, detect, parseBytes } from '../import/index.ts';
import {
  HEAD_SAMPLE_BYTES,
  TAIL_SAMPLE_BYTES,
  ROLES,
  type CsvSettings,
  type DateOrder,
  type DecimalSeparator,
  type Delimiter,
  type Detection,
  type EncodingName,
  type ImportIssue,
  type Mapping,
  type Role,
  type SalesRow,
  type ThousandsSeparator,
} from '../import/types.ts';
import { UsageError, type ParsedArgs } from './args.ts';
import { readInspectRequest, ROWS_SHOWN, type InspectRequest } from './inspect-args.ts';
import type { CliIo } from './main.ts';
import { cliError, describeIssue, issueError, salesFileSize, type ErrorDocument } from './messages.ts';

/** Runs `ciclo inspect` with parsed arguments; prints the JSON document and returns the exit status. */
export async function inspectCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const request = readInspectRequest(args);
  const document = await inspectFile(request);
  io.stdout(`${JSON.stringify(document, null, 2)}\n`);
  return 'error' in document ? 1 : 0;
}

interface Question {
  code: string;
  message: string;
  column: string | null;
  expected: string | null;
  /** What the command did instead of asking. */
  answeredWith: string;
}

interface Notice {
  code: string;
  message: string;
  line: number | null;
}

interface RejectedLine {
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
  expected: string | null;
}

export interface InspectDocument {
  file: string;
  sizeBytes: number;
  encoding: EncodingName;
  hasBom: boolean;
  delimiter: Delimiter;
  quote: string;
  headerLine: number;
  preambleLines: string[];
  decimalSeparator: DecimalSeparator;
  thousandsSeparator: ThousandsSeparator;
  dateFormat: { order: DateOrder; pattern: string };
  headers: string[];
  mapping: Partial<Record<Role, string>>;
  questions: Question[];
  /** Findings that did not stop the import (bytes that were not UTF-8, a renamed duplicate header…). */
  notices: Notice[];
  rowCount: number;
  rejectedCount: number;
  rejected: RejectedLine[];
  rows: SalesRow[];
}

/** Reads, detects and parses `request.file`. Never throws for a bad file: that is an error document. */
export async function inspectFile(request: InspectRequest): Promise<InspectDocument | ErrorDocument> {
  const { file } = request;
  const fileName = basename(file);
  const size = await salesFileSize(file);
  if (typeof size !== 'number') return size;

  let head: Uint8Array;
  let tail: Uint8Array | undefined;
  const isWholeFile = size <= HEAD_SAMPLE_BYTES;
  try {
    head = await readHead(file, Math.min(size, HEAD_SAMPLE_BYTES));
    if (!isWholeFile) {
      const from = Math.max(HEAD_SAMPLE_BYTES, size - TAIL_SAMPLE_BYTES);
      tail = await readHead(file, size - from, from);
    }
  } catch (thrown) {
    return cliError('CLI_FILE_UNREADABLE', file, (thrown as Error).message);
  }
  const detection = await detect(head, fileName, request.overrides, isWholeFile, tail);
  if (detection.fatal) return issueError(detection.fatal, file);
  const mapping = remapped(detection, request.remap);
  const missing = checkMapping(mapping, fileName);
  if (missing) return issueError(missing, file);

  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (thrown) {
    return cliError('CLI_FILE_UNREADABLE', file, (thrown as Error).message);
  }
  const rows: SalesRow[] = [];
  const result = await parseBytes(bytes, {
    fileName,
    settings: detection.settings,
    mapping,
    maxRejectedListed: request.maxRejected,
    onRows(batch) {
      if (rows.length < ROWS_SHOWN) rows.push(...batch.slice(0, ROWS_SHOWN - rows.length));
    },
  });
  if (result.fatal) return issueError(result.fatal, file);

  const { settings, headers } = detection;
  return {
    file,
    sizeBytes: size,
    encoding: settings.encoding,
    hasBom: settings.hasBom,
    delimiter: settings.delimiter,
    quote: settings.quote,
    headerLine: settings.headerLine,
    preambleLines: detection.preambleLines,
    decimalSeparator: settings.decimal,
    thousandsSeparator: settings.thousands,
    dateFormat: { order: settings.dateOrder, pattern: datePattern(settings.dateOrder, sampleDate(detection, mapping)) },
    headers,
    mapping: Object.fromEntries(ROLES.flatMap((role) => (mapping[role] === undefined ? [] : [[role, headers[mapping[role]] ?? `column ${mapping[role] + 1}`]]))),
    questions: detection.questions.map((q) => question(q, settings, file)),
    notices: [...(detection.notices ?? []), ...(result.notices ?? [])].map((issue) => ({
      code: issue.code,
      message: describeIssue(issue, file),
      line: issue.line ?? null,
    })),
    rowCount: result.rowCount,
    rejectedCount: result.rejectedCount,
    rejected: result.rejected.map((issue) => ({
      line: issue.line ?? null,
      column: issue.column ?? null,
      value: issue.value ?? null,
      reason: issue.code,
      expected: issue.expected ?? null,
    })),
    rows: rows.map(canonicalOrder),
  };
}

/** Reads `length` bytes of `file` from byte `start` (the head by default). */
async function readHead(file: string, length: number, start = 0): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** Detection's mapping with the user's `--map ROLE=HEADER` applied (exact header first, then case-blind). */
function remapped(detection: Detection, remap: ReadonlyArray<[Role, string]>): Mapping {
  const mapping: Mapping = { ...detection.mapping };
  for (const [role, header] of remap) {
    if (header === '') {
      delete mapping[role];
      continue;
    }
    let index = detection.headers.indexOf(header);
    if (index < 0) index = detection.headers.findIndex((h) => h.trim().toLowerCase() === header.toLowerCase());
    if (index < 0) throw new UsageError(`--map ${role}=${header}: no such column; the headers are ${detection.headers.map((h) => JSON.stringify(h)).join(', ')}`);
    for (const other of ROLES) if (mapping[other] === index) delete mapping[other];
    mapping[role] = index;
  }
  return mapping;
}

function sampleDate(detection: Detection, mapping: Mapping): string | undefined {
  const column = mapping.order_date;
  if (column === undefined) return undefined;
  return detection.sampleRows.map((row) => row[column]?.trim()).find((cell) => cell !== undefined && cell !== '');
}

/** A human pattern such as `dd/mm/yyyy`, using the separator the file's own dates use. */
export function datePattern(order: DateOrder, example?: string): string {
  if (order === 'excel') return 'Excel day number (days since 1899-12-30)';
  const separator = example?.match(/^\d+([/.-])/)?.[1] ?? (order === 'ymd' ? '-' : '/');
  const parts = { dmy: ['dd', 'mm', 'yyyy'], mdy: ['mm', 'dd', 'yyyy'], ymd: ['yyyy', 'mm', 'dd'] }[order];
  return parts.join(separator);
}

function question(issue: ImportIssue, settings: CsvSettings, file: string): Question {
  const answeredWith =
    issue.code === 'IMPORT_AMBIGUOUS_DATE'
      ? `parsed as ${datePattern(settings.dateOrder)} (the default); pass --date-order ${settings.dateOrder === 'mdy' ? 'dmy' : 'mdy'} to read the other way`
      : 'parsed with the detected settings';
  return {
    code: issue.code,
    message: describeIssue(issue, file),
    column: issue.column ?? null,
    expected: issue.expected ?? null,
    answeredWith,
  };
}

const ROW_KEYS = [
  'customer_id', 'order_date', 'amount', 'quantity', 'unit_price', 'cost', 'order_id', 'product', 'category', 'channel',
  'salesperson', 'customer_name', 'region', 'source_file', 'source_line',
] as const satisfies ReadonlyArray<keyof SalesRow>;

function canonicalOrder(row: SalesRow): SalesRow {
  return Object.fromEntries(ROW_KEYS.map((key) => [key, row[key] ?? null])) as unknown as SalesRow;
}
