// A stand-in for src/import with the same function shapes, reading a toy format
// (`customer;date;amount` lines after a header), so the worker glue can be tested on its own.
import type { CsvSettings, Detection, ImportIssue, ParseOptions, ParseResult, SalesRow } from '../../../src/import/types.ts';
import type { Importer } from '../../../src/workers/import-tasks.ts';
import { sale } from '../sql/sales-rows.ts';

export interface FakeImporterLog {
  /** Size of each chunk parseChunks received. */
  chunkSizes: number[];
  /** Size of each head detect received, and whether it was told the head is the whole file. */
  detectedHeads: number[];
  wholeFileFlags: boolean[];
}

export function fakeImporter(log: FakeImporterLog = { chunkSizes: [], detectedHeads: [], wholeFileFlags: [] }): Importer {
  return {
    detect(head: Uint8Array, fileName: string, overrides: Partial<CsvSettings> = {}, isWholeFile = true): Detection {
      log.detectedHeads.push(head.byteLength);
      log.wholeFileFlags.push(isWholeFile);
      const headers = new TextDecoder().decode(head).split('\n')[0]!.split(';');
      return {
        settings: {
          encoding: 'utf-8',
          hasBom: false,
          delimiter: ';',
          quote: '"',
          headerLine: 1,
          decimal: '.',
          thousands: '',
          dateOrder: 'ymd',
          ...overrides,
        },
        headers,
        mapping: { customer_id: 0, order_date: 1, amount: 2 },
        preambleLines: [],
        sampleRows: [],
        questions: [],
        fatal: head.byteLength === 0 ? { code: 'IMPORT_EMPTY_FILE', file: fileName } : null,
      };
    },

    checkFileSize(fileName: string, size: number): ImportIssue | null {
      return size > 1_000_000 ? { code: 'IMPORT_FILE_TOO_LARGE', file: fileName, params: { size } } : null;
    },

    async parseChunks(chunks: AsyncIterable<Uint8Array>, totalBytes: number, options: ParseOptions): Promise<ParseResult> {
      const decoder = new TextDecoder();
      const batchSize = options.batchSize ?? 1000;
      let pending: SalesRow[] = [];
      let carry = '';
      let lineNumber = 0;
      let bytesRead = 0;
      let rowCount = 0;
      let rejectedCount = 0;
      const rejected: ImportIssue[] = [];
      const hand = () => {
        if (pending.length > 0) options.onRows?.(pending);
        pending = [];
      };
      const readLine = (line: string): ImportIssue | null => {
        lineNumber++;
        if (lineNumber === 1 || line === '') return null;
        if (line === 'FATAL') return { code: 'IMPORT_UNTERMINATED_QUOTE', file: options.fileName, line: lineNumber };
        const [customer, date, amountText] = line.split(';');
        const amount = Number(amountText);
        if (!Number.isFinite(amount)) {
          rejectedCount++;
          rejected.push({ code: 'IMPORT_BAD_NUMBER', file: options.fileName, line: lineNumber, value: amountText });
          return null;
        }
        pending.push(sale({ customer_id: customer!, order_date: date!, amount, source_file: options.fileName, source_line: lineNumber }));
        rowCount++;
        if (pending.length >= batchSize) hand();
        return null;
      };
      const stop = (fatal: ImportIssue): ParseResult => ({ fileName: options.fileName, rowCount, rejectedCount, rejected, fatal });

      for await (const chunk of chunks) {
        log.chunkSizes.push(chunk.byteLength);
        bytesRead += chunk.byteLength;
        const lines = (carry + decoder.decode(chunk, { stream: true })).split('\n');
        carry = lines.pop()!;
        for (const line of lines) {
          const fatal = readLine(line);
          if (fatal) return stop(fatal);
        }
        hand();
        options.onProgress?.(bytesRead, totalBytes);
      }
      const fatal = readLine(carry + decoder.decode());
      if (fatal) return stop(fatal);
      hand();
      return { fileName: options.fileName, rowCount, rejectedCount, rejected, fatal: null };
    },
  };
}

/** A toy-format file of `count` good lines: customer `C<i % 7>`, dates in 2024, amount i + 0.5. */
export function toyFile(count: number, { extraLines = [] as string[] } = {}): string {
  const lines = ['customer;date;amount'];
  for (let i = 0; i < count; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`C${i % 7};2024-02-${day};${i + 0.5}`);
  }
  return [...lines, ...extraLines].join('\n') + '\n';
}
