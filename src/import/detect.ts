// detect.ts: everything the import wizard proposes from the first megabyte of a file — encoding,
// delimiter, quote, header line, number and date formats, column roles — and what it must ask or
// refuse. Settings the user pinned are kept and the rest is re-detected around them.
import { detectDateOrder } from './dates';
import { detectDelimiter, detectQuote, modalFieldCount, readSepLine } from './dialect';
import { bomLength, createTextDecoder, fileKindIssue, sniffFileKind } from './encoding';
import { findHeaderLine, normalizeHeaders } from './header';
import { detectNumberFormat } from './numbers';
import { isBlankRecord, readRecords, type CsvRecord } from './records';
import { suggestMapping } from './roles';
import { HEAD_SAMPLE_BYTES, type CsvSettings, type Detection, type ImportIssue, type Mapping, type Role } from './types';

const SAMPLE_ROWS = 20;
/** Data records whose values decide the number and date formats. */
const EVIDENCE_ROWS = 2000;

/**
 * Sniffs a head sample of the file (the first ~1 MiB, or the whole file if smaller). `overrides`
 * pins any settings the user chose; the rest is re-detected around them (e.g. new delimiter → new
 * headers, new mapping). `isWholeFile` defaults to "the sample is shorter than HEAD_SAMPLE_BYTES".
 * `tail`, the last TAIL_SAMPLE_BYTES of a larger file, adds date evidence from the file's end.
 */
export function detect(
  head: Uint8Array,
  fileName: string,
  overrides: Partial<CsvSettings> = {},
  isWholeFile: boolean = head.length < HEAD_SAMPLE_BYTES,
  tail?: Uint8Array,
): Detection {
  const refuse = (fatal: ImportIssue, { settings, ...found }: Partial<Detection> = {}): Detection => ({
    settings: { ...defaultSettings(), ...settings, ...overrides },
    headers: [],
    mapping: {},
    preambleLines: [],
    sampleRows: [],
    sampleLines: [],
    questions: [],
    ...found,
    fatal,
  });
  if (head.length === 0) return refuse({ code: 'IMPORT_EMPTY_FILE', file: fileName });

  const kind = sniffFileKind(head, isWholeFile);
  if (kind.kind === 'spreadsheet' || (kind.kind !== 'text' && overrides.encoding === undefined)) {
    return refuse(fileKindIssue(kind, fileName)!);
  }
  const encoding = overrides.encoding ?? (kind.kind === 'text' ? kind.encoding : 'utf-8');
  const hasBom = overrides.hasBom ?? bomLength(head, encoding) > 0;
  let decoder;
  try {
    decoder = createTextDecoder(encoding);
  } catch {
    return refuse({ code: 'IMPORT_UNSUPPORTED_ENCODING', file: fileName, params: { encoding } });
  }
  const text = decoder.decode(head, isWholeFile);
  const notices: ImportIssue[] = [];
  if (encoding === 'utf-8' && kind.kind === 'text' && kind.invalidUtf8 > 0) {
    notices.push({ code: 'IMPORT_MIXED_ENCODING', file: fileName, params: { invalidSequences: kind.invalidUtf8 } });
  }
  if (decoder.nulCount > 0) notices.push({ code: 'IMPORT_NUL_BYTES_REMOVED', file: fileName, params: { nulBytes: decoder.nulCount } });
  const settingsSoFar = { encoding, hasBom };
  if (text.trim() === '') return refuse({ code: 'IMPORT_EMPTY_FILE', file: fileName }, { settings: withDefaults(settingsSoFar), notices });

  const sepDelimiter = readSepLine(physicalLines(text, 1)[0] ?? '');
  const skipLines = sepDelimiter ? 1 : 0;
  const quote = overrides.quote ?? detectQuote(text);
  const delimiter = overrides.delimiter ?? sepDelimiter ?? detectDelimiter(text, quote, skipLines)?.delimiter;
  if (delimiter === undefined) {
    return refuse({ code: 'IMPORT_NO_DELIMITER', file: fileName, line: skipLines + 1 }, { settings: withDefaults({ ...settingsSoFar, quote }), notices });
  }
  const dialect = { ...settingsSoFar, quote, delimiter };

  const { records, unterminatedQuoteLine } = readRecords(text, { delimiter, quote, skipLines, isComplete: isWholeFile });
  const filled = records.filter((r) => !isBlankRecord(r.cells));
  const fieldCount = modalFieldCount(filled.map((r) => r.cells.length));
  const guessedHeaderLine = findHeaderLine(filled, fieldCount) ?? filled[0]?.line ?? skipLines + 1;
  const headerIndex = filled.findIndex((r) => r.line >= (overrides.headerLine ?? guessedHeaderLine));
  const headerRecord = filled[headerIndex];
  if (!headerRecord) {
    const fatal: ImportIssue =
      unterminatedQuoteLine !== null
        ? { code: 'IMPORT_UNTERMINATED_QUOTE', file: fileName, line: unterminatedQuoteLine, params: { quote } }
        : { code: 'IMPORT_NO_DATA_ROWS', file: fileName, line: overrides.headerLine ?? guessedHeaderLine };
    return refuse(fatal, { settings: withDefaults(dialect), notices });
  }
  const headerLine = headerRecord.line;
  const { headers, duplicates } = normalizeHeaders(headerRecord.cells);
  for (const name of duplicates) notices.push({ code: 'IMPORT_DUPLICATE_HEADER', file: fileName, line: headerLine, column: name });
  const dataRecords = filled.slice(headerIndex + 1);
  const evidence = dataRecords.slice(0, EVIDENCE_ROWS);
  const mapping = suggestMapping(headers, evidence.map((r) => r.cells));

  // Numbers like `1,234` that fit both conventions lean on the rest of the file: a `;` delimiter, R$ or
  // €, or day-first dates in a file not separated by commas (where `1,234` would need quoting) point
  // to the decimal comma of Brazil and continental Europe.
  const dateValues = columnValues(evidence, mapping, ['order_date']);
  if (tail && !isWholeFile && mapping.order_date !== undefined && encoding !== 'utf-16le' && encoding !== 'utf-16be') {
    dateValues.push(...columnValues(tailRecords(tail, encoding, delimiter, quote, headers.length), mapping, ['order_date']));
  }
  const orderSeen = detectDateOrder(dateValues, 'mdy');
  const isDayFirst = orderSeen.order === 'dmy' && !orderSeen.isAmbiguous;
  const numberValues = columnValues(evidence, mapping, ['amount', 'unit_price', 'quantity']);
  const numberFormat = detectNumberFormat(numberValues, {
    preferDecimalComma: delimiter === ';' || numberValues.some((v) => /R\$|€/.test(v)) || (isDayFirst && delimiter !== ','),
  });
  const decimal = overrides.decimal ?? numberFormat.decimal;
  const thousands = overrides.thousands ?? (numberFormat.thousands === decimal ? (decimal === ',' ? '.' : ',') : numberFormat.thousands);

  const fallbackOrder = delimiter === ';' || decimal === ',' ? 'dmy' : 'mdy';
  const dateGuess = detectDateOrder(dateValues, fallbackOrder);
  const dateOrder = overrides.dateOrder ?? dateGuess.order;
  const dateColumn = mapping.order_date === undefined ? undefined : headers[mapping.order_date];

  const settings: CsvSettings = { encoding, hasBom, delimiter, quote, headerLine, decimal, thousands, dateOrder };
  const questions: ImportIssue[] = [];
  if (dateGuess.isAmbiguous && overrides.dateOrder === undefined) {
    questions.push({
      code: 'IMPORT_AMBIGUOUS_DATE',
      file: fileName,
      column: dateColumn,
      value: dateGuess.examples[0],
      expected: 'date dd/mm/yyyy or mm/dd/yyyy',
      params: { examples: dateGuess.examples.join(', '), defaultOrder: fallbackOrder },
    });
  }

  let fatal: ImportIssue | null = null;
  if (isWholeFile && unterminatedQuoteLine !== null) {
    fatal = { code: 'IMPORT_UNTERMINATED_QUOTE', file: fileName, line: unterminatedQuoteLine, params: { quote } };
  } else if (isWholeFile && dataRecords.length === 0) {
    fatal = { code: 'IMPORT_NO_DATA_ROWS', file: fileName, line: headerLine };
  } else if (dateGuess.isUnknown) {
    const first = evidence.find((r) => (r.cells[mapping.order_date!] ?? '').trim() !== '');
    fatal = {
      code: 'IMPORT_UNKNOWN_DATE_FORMAT',
      file: fileName,
      line: first?.line,
      column: dateColumn,
      value: dateGuess.examples[0],
      expected: 'date yyyy-mm-dd, dd/mm/yyyy or mm/dd/yyyy',
      params: { examples: dateGuess.examples.join(', ') },
    };
  }

  const sample = dataRecords.slice(0, SAMPLE_ROWS);
  const detection: Detection = {
    settings,
    headers,
    mapping,
    preambleLines: physicalLines(text, headerLine - 1),
    sampleRows: sample.map((r) => r.cells),
    sampleLines: sample.map((r) => r.line),
    questions,
    fatal,
  };
  if (notices.length > 0) detection.notices = notices;
  return detection;
}

function columnValues(records: readonly CsvRecord[], mapping: Mapping, roles: readonly Role[]): string[] {
  const values: string[] = [];
  for (const role of roles) {
    const col = mapping[role];
    if (col === undefined) continue;
    for (const r of records) {
      const v = r.cells[col];
      if (v !== undefined && v.trim() !== '') values.push(v);
    }
  }
  return values;
}

/**
 * Records from the end of a file, read line by line so that a quoted field cut by the slice (or an
 * embedded newline) cannot shift the rest: the first, cut line is dropped, and only lines that read as
 * one complete record with the header's field count are kept. UTF-16 is left out because a slice may
 * start mid-character.
 */
function tailRecords(tail: Uint8Array, encoding: CsvSettings['encoding'], delimiter: CsvSettings['delimiter'], quote: CsvSettings['quote'], fieldCount: number): CsvRecord[] {
  const lines = createTextDecoder(encoding).decode(tail, true).split(/\r\n|\r|\n/).slice(1);
  const kept: CsvRecord[] = [];
  for (const line of lines) {
    const { records, unterminatedQuoteLine } = readRecords(line, { delimiter, quote, isComplete: true });
    const record = records[0];
    if (unterminatedQuoteLine === null && records.length === 1 && record && record.cells.length === fieldCount) kept.push(record);
  }
  return kept;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** The first `count` physical lines (CRLF, LF or CR), without their line breaks. */
function physicalLines(text: string, count: number): string[] {
  const lines: string[] = [];
  let from = 0;
  while (lines.length < count && from < text.length) {
    LINE_BREAK.lastIndex = from;
    const m = LINE_BREAK.exec(text);
    if (!m) {
      lines.push(text.slice(from));
      break;
    }
    lines.push(text.slice(from, m.index));
    from = m.index + m[0].length;
  }
  return lines;
}

function defaultSettings(): CsvSettings {
  return { encoding: 'utf-8', hasBom: false, delimiter: ',', quote: '"', headerLine: 1, decimal: '.', thousands: ',', dateOrder: 'ymd' };
}

function withDefaults(partial: Partial<CsvSettings>): CsvSettings {
  return { ...defaultSettings(), ...partial };
}
