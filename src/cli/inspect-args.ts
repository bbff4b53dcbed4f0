// The arguments of `ciclo inspect`: its flags, its help text, and their reading into typed settings.
import {
  ROLES,
  type CsvSettings,
  type DateOrder,
  type DecimalSeparator,
  type Delimiter,
  type EncodingName,
  type Role,
  type ThousandsSeparator,
} from '../import/types.ts';
import { UsageError, type FlagSpec, type ParsedArgs } from './args.ts';

/** Canonical rows shown at the end of the document. */
export const ROWS_SHOWN = 20;

export const INSPECT_FLAGS: Readonly<Record<string, FlagSpec>> = {
  '--help': { hasValue: false },
  '--encoding': { hasValue: true },
  '--delimiter': { hasValue: true },
  '--header-line': { hasValue: true },
  '--decimal': { hasValue: true },
  '--thousands': { hasValue: true },
  '--date-order': { hasValue: true },
  '--map': { hasValue: true, isRepeatable: true },
  '--max-rejected': { hasValue: true },
};

export const INSPECT_HELP = `Usage: ciclo inspect FILE [options]

Reads FILE the way the Ciclo site does and prints one JSON document: the detected format, the column
mapping, open questions, the number of rows read and rejected, the rejected lines and the first ${ROWS_SHOWN} rows.

Options (each one replaces what detection found):
  --encoding NAME       utf-8, utf-16le, utf-16be or windows-1252
  --delimiter CHAR      ";", ",", "|" or tab
  --header-line N       line number of the header row (1 = first line)
  --decimal CHAR        "." or ","
  --thousands CHAR      none, ".", ",", "'" or space
  --date-order ORDER    dmy, mdy, ymd or excel (Excel day numbers)
  --map ROLE=HEADER     read column HEADER as ROLE (repeatable); "ROLE=" leaves ROLE unmapped.
                        Roles: ${ROLES.join(', ')}
  --max-rejected N      rejected lines to list (default 100; the count is always complete)
  -h, --help            show this help

Exit status: 0 the file was read (rejected lines included), 1 it could not be read (the JSON
holds "error" with a code, a message and the file), 2 bad arguments.
`;

export interface InspectRequest {
  file: string;
  overrides: Partial<CsvSettings>;
  remap: Array<[Role, string]>;
  maxRejected: number;
}

/** Turns `ciclo inspect` arguments into a request; anything wrong is a UsageError (exit status 2). */
export function readInspectRequest({ positionals, flags }: ParsedArgs): InspectRequest {
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'inspect needs a FILE' : `inspect takes one FILE, got ${positionals.length}`);
  }
  const one = (name: string): string | undefined => flags.get(name)?.[0];
  const overrides: Partial<CsvSettings> = {};
  const encoding = one('--encoding');
  if (encoding !== undefined) overrides.encoding = choose('--encoding', encoding.toLowerCase(), ENCODINGS);
  const delimiter = one('--delimiter');
  if (delimiter !== undefined) overrides.delimiter = choose('--delimiter', delimiter, DELIMITERS);
  const headerLine = one('--header-line');
  if (headerLine !== undefined) overrides.headerLine = wholeNumber('--header-line', headerLine, 1);
  const decimal = one('--decimal');
  if (decimal !== undefined) overrides.decimal = choose('--decimal', decimal, DECIMALS);
  const thousands = one('--thousands');
  if (thousands !== undefined) overrides.thousands = choose('--thousands', thousands, THOUSANDS);
  const dateOrder = one('--date-order');
  if (dateOrder !== undefined) overrides.dateOrder = choose('--date-order', dateOrder.toLowerCase(), DATE_ORDERS);
  const maxRejected = one('--max-rejected');

  const remap = (flags.get('--map') ?? []).map((pair): [Role, string] => {
    const equals = pair.indexOf('=');
    const role = pair.slice(0, equals).trim();
    if (equals < 1 || !(ROLES as readonly string[]).includes(role)) {
      throw new UsageError(`--map expects ROLE=HEADER with ROLE one of ${ROLES.join(', ')}, got “${pair}”`);
    }
    return [role as Role, pair.slice(equals + 1).trim()];
  });
  return {
    file: positionals[0] as string,
    overrides,
    remap,
    maxRejected: maxRejected === undefined ? 100 : wholeNumber('--max-rejected', maxRejected, 0),
  };
}

const ENCODINGS: Record<string, EncodingName> = { 'utf-8': 'utf-8', utf8: 'utf-8', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be', 'windows-1252': 'windows-1252', cp1252: 'windows-1252' };
const DELIMITERS: Record<string, Delimiter> = { ';': ';', ',': ',', '|': '|', '\t': '\t', tab: '\t', '\\t': '\t', semicolon: ';', comma: ',', pipe: '|' };
const DECIMALS: Record<string, DecimalSeparator> = { '.': '.', ',': ',', dot: '.', comma: ',' };
const THOUSANDS: Record<string, ThousandsSeparator> = { none: '', '': '', '.': '.', ',': ',', "'": "'", ' ': ' ', space: ' ', dot: '.', comma: ',' };
const DATE_ORDERS: Record<string, DateOrder> = { dmy: 'dmy', mdy: 'mdy', ymd: 'ymd', excel: 'excel' };

function choose<T>(flag: string, value: string, choices: Record<string, T>): T {
  if (Object.hasOwn(choices, value)) return choices[value] as T;
  throw new UsageError(`${flag} must be one of ${Object.keys(choices).filter(Boolean).map((k) => JSON.stringify(k)).join(', ')}, got ${JSON.stringify(value)}`);
}

function wholeNumber(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) throw new UsageError(`${flag} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}
