// encoding.ts: what kind of bytes a sales export holds (text in which encoding, or a spreadsheet or
// binary file dropped by mistake), and a streaming decoder that turns them into text.
//
// Rules, in order (the first that applies wins):
//  1. `PK\x03\x04` (zip: .xlsx/.ods) or `D0 CF 11 E0 A1 B1 1A E1` (OLE: old .xls) → spreadsheet, refused.
//  2. A byte-order mark: EF BB BF → UTF-8, FF FE → UTF-16 LE, FE FF → UTF-16 BE.
//  3. No BOM but every other byte is NUL → UTF-16 without BOM (LE or BE by which half is NUL).
//  4. Over 25 % NUL bytes or over 5 % other control bytes → binary, refused. A few NULs sprinkled in
//     a text file are only removed (and reported as a notice).
//  5. Strictly valid UTF-8 (pure ASCII included) → UTF-8.
//  6. Invalid UTF-8: when the valid multi-byte UTF-8 characters outnumber the invalid sequences, the file
//     is mostly UTF-8 with a few stray bytes (two exports pasted together): it is read as UTF-8 and the
//     stray bytes become U+FFFD (notice IMPORT_MIXED_ENCODING). Otherwise it is windows-1252, what
//     Excel writes on Western-locale Windows, where 0x80–0x9F are characters such as the en dash 0x96.
import type { EncodingName, ImportIssue } from './types';

export type FileKind =
  | { kind: 'text'; encoding: EncodingName; hasBom: boolean; invalidUtf8: number }
  | { kind: 'spreadsheet'; format: 'xlsx' | 'xls' }
  | { kind: 'binary'; nulBytes: number; controlBytes: number; sampledBytes: number }
  | { kind: 'unsupported'; encoding: string };

const NUL_SHARE_BINARY = 0.25;
const CONTROL_SHARE_BINARY = 0.05;

/** Looks at the first bytes of a file and says what it is. `isWholeFile` tells a cut multi-byte character from a bad one. */
export function sniffFileKind(bytes: Uint8Array, isWholeFile: boolean): FileKind {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return { kind: 'spreadsheet', format: 'xlsx' };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'spreadsheet', format: 'xls' };
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) return { kind: 'unsupported', encoding: 'utf-32le' };
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) return { kind: 'unsupported', encoding: 'utf-32be' };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { kind: 'text', encoding: 'utf-8', hasBom: true, invalidUtf8: 0 };
  if (startsWith(bytes, [0xff, 0xfe])) return { kind: 'text', encoding: 'utf-16le', hasBom: true, invalidUtf8: 0 };
  if (startsWith(bytes, [0xfe, 0xff])) return { kind: 'text', encoding: 'utf-16be', hasBom: true, invalidUtf8: 0 };

  const utf16 = guessUtf16WithoutBom(bytes);
  if (utf16) return { kind: 'text', encoding: utf16, hasBom: false, invalidUtf8: 0 };

  let nulBytes = 0;
  let controlBytes = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0) nulBytes++;
    // Tab, LF, VT, FF, CR and Ctrl-Z (old DOS end-of-file mark) are normal in text files.
    else if ((b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 0x1a) || b === 0x7f) controlBytes++;
  }
  if (bytes.length > 0 && (nulBytes > bytes.length * NUL_SHARE_BINARY || controlBytes > bytes.length * CONTROL_SHARE_BINARY)) {
    return { kind: 'binary', nulBytes, controlBytes, sampledBytes: bytes.length };
  }

  const { validMultiByte, invalid } = checkUtf8(bytes, isWholeFile);
  if (invalid === 0 || validMultiByte > invalid) {
    return { kind: 'text', encoding: 'utf-8', hasBom: false, invalidUtf8: invalid };
  }
  return { kind: 'text', encoding: 'windows-1252', hasBom: false, invalidUtf8: 0 };
}

/** Length of the byte-order mark of `encoding` at the start of `bytes` (0 when there is none). */
export function bomLength(bytes: Uint8Array, encoding: EncodingName): number {
  if (encoding === 'utf-8') return startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  if (encoding === 'utf-16le') return startsWith(bytes, [0xff, 0xfe]) ? 2 : 0;
  if (encoding === 'utf-16be') return startsWith(bytes, [0xfe, 0xff]) ? 2 : 0;
  return 0;
}

/** A whole-file issue for the refusals of `sniffFileKind`, or null for text. */
export function fileKindIssue(kind: FileKind, fileName: string): ImportIssue | null {
  switch (kind.kind) {
    case 'text':
      return null;
    case 'spreadsheet':
      return { code: 'IMPORT_SPREADSHEET_FILE', file: fileName, params: { format: kind.format } };
    case 'binary':
      return {
        code: 'IMPORT_BINARY_FILE',
        file: fileName,
        params: { nulBytes: kind.nulBytes, controlBytes: kind.controlBytes, sampledBytes: kind.sampledBytes },
      };
    case 'unsupported':
      return { code: 'IMPORT_UNSUPPORTED_ENCODING', file: fileName, params: { encoding: kind.encoding } };
  }
}

export interface TextStreamDecoder {
  /** Decodes the next bytes; multi-byte characters cut between calls are carried over. */
  decode(bytes: Uint8Array, isLast: boolean): string;
  /** NUL characters removed so far (they break cell matching and are never meant as data). */
  readonly nulCount: number;
  /** U+FFFD characters produced so far (bytes that were not valid in the encoding). */
  readonly replacementCount: number;
}

/** A stateful decoder for one file. Throws RangeError when the runtime lacks the encoding. */
export function createTextDecoder(encoding: EncodingName): TextStreamDecoder {
  const isWindows1252 = encoding === 'windows-1252';
  // `ignoreBOM: false` (the default) drops a leading BOM for UTF-8 and UTF-16.
  const decodeText = isWindows1252 ? latin1Decoder() : streamDecoder(new TextDecoder(encoding));
  let nulCount = 0;
  let replacementCount = 0;
  return {
    decode(bytes, isLast) {
      let text = decodeText(bytes, isLast);
      // Node 20.18.3+ reads windows-1252 as ISO-8859-1, leaving 0x80–0x9F as C1 controls, while
      // browsers map them (https://github.com/nodejs/node/issues/60888). Decoding as Latin-1 and
      // mapping that block ourselves gives the same text everywhere.
      if (isWindows1252 && C1_CONTROL.test(text)) text = text.replace(C1_CONTROLS, mapWindows1252);
      if (text.indexOf('\u0000') !== -1) {
        const before = text.length;
        text = text.replaceAll('\u0000', '');
        nulCount += before - text.length;
      }
      if (!isWindows1252) replacementCount += countChar(text, '\uFFFD');
      return text;
    },
    get nulCount() {
      return nulCount;
    },
    get replacementCount() {
      return replacementCount;
    },
  };
}

function streamDecoder(decoder: TextDecoder): (bytes: Uint8Array, isLast: boolean) => string {
  return (bytes, isLast) => decoder.decode(bytes, { stream: !isLast });
}

/** Bytes as code points 0–255. Node builds without full ICU lack the `latin1` label (nodejs/node#28190). */
function latin1Decoder(): (bytes: Uint8Array, isLast: boolean) => string {
  try {
    return streamDecoder(new TextDecoder('latin1'));
  } catch {
    return (bytes) => {
      let text = '';
      for (let i = 0; i < bytes.length; i += 8192) {
        text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
      }
      return text;
    };
  }
}

// windows-1252 bytes 0x80–0x9F; the five bytes the code page leaves undefined keep their C1 code point,
// as the WHATWG Encoding Standard does.
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1_CONTROL = /[\u0080-\u009F]/;
const C1_CONTROLS = /[\u0080-\u009F]/g;
function mapWindows1252(c: string): string {
  return WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!;
}

function countChar(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) count++;
  return count;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** UTF-16 text without a BOM puts a NUL in every ASCII character's high byte. */
function guessUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(bytes.length, 8192) >> 1;
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenNul++;
    if (bytes[2 * i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.7 && evenNul <= pairs * 0.1) return 'utf-16le';
  if (evenNul >= pairs * 0.7 && oddNul <= pairs * 0.1) return 'utf-16be';
  return null;
}

/**
 * Counts well-formed multi-byte characters and ill-formed sequences (overlongs, surrogates and code
 * points above U+10FFFF are ill-formed, as in the Unicode standard, table 3-7).
 */
function checkUtf8(bytes: Uint8Array, isWholeFile: boolean): { validMultiByte: number; invalid: number } {
  let validMultiByte = 0;
  let invalid = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else {
      invalid++;
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need && i + j < n; j++) {
      const c = bytes[i + j]!;
      if (j === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) break;
    }
    if (j > need) {
      validMultiByte++;
      i += need + 1;
    } else if (i + j >= n && !isWholeFile) {
      break; // a character cut by the end of the sample, not a bad one
    } else {
      invalid++;
      i += j;
    }
  }
  return { validMultiByte, invalid };
}
