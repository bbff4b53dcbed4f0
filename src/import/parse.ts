// parse.ts: a whole sales export → canonical rows in batches, plus every rejected line with its reason.
// Bytes arrive in pieces of any size (a File stream in the browser, a buffer in the CLI); decoding,
// quoting and line counting carry across the cuts, so the result never depends on where they fall.
import { createDateGate, type DateGate } from './date-plausibility';
import { createTextDecoder, fileKindIssue, sniffFileKind, type TextStreamDecoder } from './encoding';
import { normalizeHeaders } from './header';
import { createRecordReader, isBlankRecord, type RecordReader } from './records';
import { checkMapping } from './roles';
import { createRowReader, type RowOutcome, type RowReader } from './rows';
import type { ImportIssue, ParseOptions, ParseResult, Role, SalesRow } from './types';

/** Bytes looked at before parsing starts, to refuse a spreadsheet or binary file parsed by mistake. */
const SNIFF_BYTES = 64 * 1024;
/** parseBytes hands the text machinery this many bytes at a time. */
const PIECE_BYTES = 1024 * 1024;
/** onProgress is called each time this many more bytes have been read, and at the end. */
const PROGRESS_STEP_BYTES = 256 * 1024;
/** IMPORT_TOO_MANY_REJECTED: more than this share of the records rejected, once there are enough of them. */
const MAX_REJECTED_SHARE = 0.5;
const MIN_RECORDS_FOR_REJECTED_SHARE = 20;

/** Parses a whole file held in memory. */
export function parseBytes(bytes: Uint8Array, options: ParseOptions): ParseResult {
  const run = createImportRun(bytes.length, options);
  for (let offset = 0; offset < bytes.length && !run.isStopped; offset += PIECE_BYTES) {
    run.push(bytes.subarray(offset, offset + PIECE_BYTES));
  }
  return run.end();
}

/** Parses a file that arrives as chunks of bytes, in order. Same result as `parseBytes` however it is cut. */
export async function parseChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  totalBytes: number,
  options: ParseOptions,
): Promise<ParseResult> {
  const run = createImportRun(totalBytes, options);
  for await (const chunk of chunks) {
    run.push(chunk);
    if (run.isStopped) break;
  }
  return run.end();
}

interface ImportRun {
  push(bytes: Uint8Array): void;
  end(): ParseResult;
  readonly isStopped: boolean;
}

function createImportRun(
  totalBytes: number,
  { fileName, settings, mapping, batchSize = 10_000, onRows, onProgress, maxRejectedListed = 1000, dateWindow, maxDateGapYears }: ParseOptions,
): ImportRun {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be an integer ≥ 1, got ${batchSize}`);
  if (!Number.isInteger(maxRejectedListed) || maxRejectedListed < 0) {
    throw new RangeError(`maxRejectedListed must be an integer ≥ 0, got ${maxRejectedListed}`);
  }
  if (!Number.isInteger(settings.headerLine) || settings.headerLine < 1) {
    throw new RangeError(`settings.headerLine must be an integer ≥ 1, got ${settings.headerLine}`);
  }

  let fatal: ImportIssue | null = checkMapping(mapping, fileName);
  let bytesRead = 0;
  let progressReported = 0;
  let sniffBuffer: Uint8Array[] | null = [];
  let sniffLength = 0;
  let decoder: TextStreamDecoder | null = null;
  let records: RecordReader | null = null;
  let headers: string[] | null = null;
  let readRow: RowReader | null = null;
  let rowCount = 0;
  let rejectedCount = 0;
  let batch: SalesRow[] = [];
  const rejected: ImportIssue[] = [];
  const rejectedByColumn = new Map<string, { code: string; column: string | undefined; count: number }>();

  let gate: DateGate | null = null;

  function keep(outcome: RowOutcome): void {
    if (outcome.row !== null) {
      rowCount++;
      batch.push(outcome.row);
      if (batch.length >= batchSize) {
        if (!fatal) onRows?.(batch);
        batch = [];
      }
      return;
    }
    const issue = outcome.issues[0]!;
    rejectedCount++;
    if (rejected.length < maxRejectedListed) rejected.push(issue);
    const key = `${issue.code}\u0000${issue.column ?? ''}`;
    const tally = rejectedByColumn.get(key) ?? { code: issue.code, column: issue.column, count: 0 };
    tally.count++;
    rejectedByColumn.set(key, tally);
  }

  function onRecord(cells: string[], line: number): void {
    if (fatal) return;
    if (headers === null) {
      if (isBlankRecord(cells)) return;
      headers = normalizeHeaders(cells).headers;
      const outOfRange = (Object.entries(mapping) as Array<[Role, number]>).filter(([, i]) => !(i >= 0 && i < cells.length));
      if (outOfRange.length > 0) {
        fatal = {
          code: 'IMPORT_MISSING_ROLE',
          file: fileName,
          line,
          params: { roles: outOfRange.map(([role]) => role).join(','), role: outOfRange[0]![0], columns: cells.length },
        };
        return;
      }
      readRow = createRowReader({ fileName, headers, settings, mapping, dateWindow });
      gate = createDateGate({
        fileName,
        column: mapping.order_date === undefined ? undefined : headers[mapping.order_date],
        maxGapYears: maxDateGapYears,
        onOutcome: keep,
      });
      return;
    }
    const outcome = readRow!(cells, line);
    if (outcome) gate!.offer(outcome);
  }

  function startText(): void {
    const head = concat(sniffBuffer!, sniffLength);
    sniffBuffer = null;
    const kind = sniffFileKind(head.subarray(0, SNIFF_BYTES), bytesRead >= totalBytes);
    // NUL bytes are half of UTF-16 text: the user who chose it has seen the text in the preview.
    const isRefused = kind.kind === 'spreadsheet' || (kind.kind === 'binary' && !settings.encoding.startsWith('utf-16'));
    fatal ??= isRefused ? fileKindIssue(kind, fileName) : null;
    if (fatal) return;
    try {
      decoder = createTextDecoder(settings.encoding);
    } catch {
      fatal = { code: 'IMPORT_UNSUPPORTED_ENCODING', file: fileName, params: { encoding: settings.encoding } };
      return;
    }
    records = createRecordReader({
      delimiter: settings.delimiter,
      quote: settings.quote,
      skipLines: settings.headerLine - 1,
      onRecord,
    });
    if (head.length > 0) records.push(decoder.decode(head, false));
  }

  const run: ImportRun = {
    get isStopped() {
      return fatal !== null;
    },
    push(bytes) {
      if (fatal) return;
      bytesRead += bytes.length;
      if (sniffBuffer !== null) {
        sniffBuffer.push(bytes.slice());
        sniffLength += bytes.length;
        if (sniffLength >= SNIFF_BYTES) startText();
      } else if (bytes.length > 0) {
        records!.push(decoder!.decode(bytes, false));
      }
      if (bytesRead - progressReported >= PROGRESS_STEP_BYTES) {
        progressReported = bytesRead;
        onProgress?.(bytesRead, totalBytes);
      }
    },
    end() {
      if (!fatal && sniffBuffer !== null) startText();
      let notices: ImportIssue[] = [];
      if (!fatal && records && decoder) {
        records.push(decoder.decode(new Uint8Array(0), true));
        const { unterminatedQuoteLine } = records.end();
        if (unterminatedQuoteLine !== null && !fatal) {
          fatal = {
            code: 'IMPORT_UNTERMINATED_QUOTE',
            file: fileName,
            line: unterminatedQuoteLine,
            params: { quote: settings.quote },
          };
        }
        notices = decoderNotices(decoder, fileName);
      }
      // Held rows are still counted after a stop (keep() hands nothing on once `fatal` is set).
      gate?.finish();
      if (!fatal) fatal = wholeFileProblem();
      if (!fatal && batch.length > 0) onRows?.(batch);
      batch = [];
      onProgress?.(bytesRead, totalBytes);
      const result: ParseResult = { fileName, rowCount, rejectedCount, rejected, fatal };
      if (notices.length > 0) result.notices = notices;
      return result;
    },
  };
  return run;

  function wholeFileProblem(): ImportIssue | null {
    if (headers === null) return { code: 'IMPORT_EMPTY_FILE', file: fileName };
    const total = rowCount + rejectedCount;
    if (total === 0) return { code: 'IMPORT_NO_DATA_ROWS', file: fileName, line: settings.headerLine };
    if (total >= MIN_RECORDS_FOR_REJECTED_SHARE && rejectedCount > total * MAX_REJECTED_SHARE) {
      let worst = { code: '', column: undefined as string | undefined, count: 0 };
      for (const tally of rejectedByColumn.values()) if (tally.count > worst.count) worst = tally;
      const issue: ImportIssue = {
        code: 'IMPORT_TOO_MANY_REJECTED',
        file: fileName,
        params: { rejected: rejectedCount, records: total, mostCommonCode: worst.code, mostCommonCount: worst.count },
      };
      if (worst.column !== undefined) {
        issue.column = worst.column;
        issue.params!.column = worst.column;
      }
      return issue;
    }
    return null;
  }
}

function decoderNotices(decoder: TextStreamDecoder, fileName: string): ImportIssue[] {
  const notices: ImportIssue[] = [];
  if (decoder.replacementCount > 0) {
    notices.push({ code: 'IMPORT_MIXED_ENCODING', file: fileName, params: { replacedCharacters: decoder.replacementCount } });
  }
  if (decoder.nulCount > 0) notices.push({ code: 'IMPORT_NUL_BYTES_REMOVED', file: fileName, params: { nulBytes: decoder.nulCount } });
  return notices;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
