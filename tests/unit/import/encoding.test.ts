import { describe, expect, it } from 'vitest';
import { bomLength, createTextDecoder, sniffFileKind } from '../../../src/import/encoding';
import { detect } from '../../../src/import/index';

const TEXT = 'cliente;data;valor\nJoão;05/03/2024;1.234,56\nAndré – Café;06/03/2024;€ 12,50\n';

function utf8(text: string, withBom = false): Uint8Array {
  const body = new TextEncoder().encode(text);
  return withBom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...body]) : body;
}

function utf16(text: string, endian: 'le' | 'be', withBom = true): Uint8Array {
  const bytes: number[] = withBom ? (endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (endian === 'le') bytes.push(unit & 0xff, unit >> 8);
    else bytes.push(unit >> 8, unit & 0xff);
  }
  return Uint8Array.from(bytes);
}

const WINDOWS_1252: Record<string, number> = { á: 0xe1, ã: 0xe3, é: 0xe9, '–': 0x96, '€': 0x80, '’': 0x92, ç: 0xe7, '“': 0x93, '”': 0x94 };
function windows1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : WINDOWS_1252[c]!)));
}

function decodeAll(bytes: Uint8Array, encoding: Parameters<typeof createTextDecoder>[0]): string {
  return createTextDecoder(encoding).decode(bytes, true);
}

describe('sniffFileKind', () => {
  const cases: Array<[name: string, bytes: Uint8Array, expected: object]> = [
    ['UTF-8 without BOM', utf8(TEXT), { kind: 'text', encoding: 'utf-8', hasBom: false }],
    ['UTF-8 with BOM', utf8(TEXT, true), { kind: 'text', encoding: 'utf-8', hasBom: true }],
    ['pure ASCII', utf8('a,b\n1,2\n'), { kind: 'text', encoding: 'utf-8', hasBom: false }],
    ['UTF-16 LE with BOM', utf16(TEXT, 'le'), { kind: 'text', encoding: 'utf-16le', hasBom: true }],
    ['UTF-16 BE with BOM', utf16(TEXT, 'be'), { kind: 'text', encoding: 'utf-16be', hasBom: true }],
    ['UTF-16 LE without BOM', utf16(TEXT, 'le', false), { kind: 'text', encoding: 'utf-16le', hasBom: false }],
    ['UTF-16 BE without BOM', utf16(TEXT, 'be', false), { kind: 'text', encoding: 'utf-16be', hasBom: false }],
    ['windows-1252 accents and en dash', windows1252(TEXT), { kind: 'text', encoding: 'windows-1252' }],
    ['an .xlsx (zip)', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), { kind: 'spreadsheet', format: 'xlsx' }],
    ['an old .xls (OLE)', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), { kind: 'spreadsheet', format: 'xls' }],
    ['UTF-32 LE', Uint8Array.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), { kind: 'unsupported', encoding: 'utf-32le' }],
    ['mostly NUL bytes', new Uint8Array(1000).fill(0, 0, 900).fill(0x61, 900), { kind: 'binary' }],
    ['control characters', Uint8Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 0x01 : 0x61)), { kind: 'binary' }],
  ];
  it.each(cases)('recognizes %s', (_, bytes, expected) => {
    expect(sniffFileKind(bytes, true)).toMatchObject(expected);
  });

  it('does not call a UTF-8 character cut by the end of the sample invalid', () => {
    const bytes = utf8('nome\nJoã');
    expect(sniffFileKind(bytes.subarray(0, bytes.length - 1), false)).toMatchObject({ encoding: 'utf-8', invalidUtf8: 0 });
    expect(sniffFileKind(bytes.subarray(0, bytes.length - 1), true)).toMatchObject({ encoding: 'windows-1252' });
  });

  it('reads a mostly UTF-8 file with a few stray windows-1252 bytes as UTF-8 and counts the strays', () => {
    const mixed = Uint8Array.from([...utf8('São Paulo;Açaí;Pão\n'), 0xe9, 0x0a]);
    expect(sniffFileKind(mixed, true)).toEqual({ kind: 'text', encoding: 'utf-8', hasBom: false, invalidUtf8: 1 });
  });

  it('refuses UTF-8 overlongs and surrogates as UTF-8', () => {
    expect(sniffFileKind(Uint8Array.from([0x61, 0xc0, 0xaf, 0x62]), true)).toMatchObject({ encoding: 'windows-1252' });
    expect(sniffFileKind(Uint8Array.from([0x61, 0xed, 0xa0, 0x80, 0x62]), true)).toMatchObject({ encoding: 'windows-1252' });
  });

  it('keeps a text file with a few NUL bytes sprinkled in as text', () => {
    const bytes = utf8(TEXT.repeat(5));
    for (let i = 10; i < bytes.length; i += 40) bytes[i] = 0;
    expect(sniffFileKind(bytes, true)).toMatchObject({ kind: 'text' });
  });
});

describe('createTextDecoder', () => {
  it('decodes UTF-8 with and without BOM to the same text', () => {
    expect(decodeAll(utf8(TEXT), 'utf-8')).toBe(TEXT);
    expect(decodeAll(utf8(TEXT, true), 'utf-8')).toBe(TEXT);
  });

  it('decodes UTF-16 LE and BE, dropping the BOM', () => {
    expect(decodeAll(utf16(TEXT, 'le'), 'utf-16le')).toBe(TEXT);
    expect(decodeAll(utf16(TEXT, 'be'), 'utf-16be')).toBe(TEXT);
  });

  it('decodes windows-1252 bytes 0x80–0x9F as the characters Excel meant (en dash, euro, curly quotes)', () => {
    expect(decodeAll(windows1252('André – Café € “ok” d’água'), 'windows-1252')).toBe('André – Café € “ok” d’água');
    expect(decodeAll(Uint8Array.from([0x96]), 'windows-1252')).toBe('\u2013');
  });

  it('carries a multi-byte character cut between two chunks', () => {
    const bytes = utf8('ação');
    const decoder = createTextDecoder('utf-8');
    const text = decoder.decode(bytes.subarray(0, 2), false) + decoder.decode(bytes.subarray(2, 3), false) + decoder.decode(bytes.subarray(3), true);
    expect(text).toBe('ação');
    expect(decoder.replacementCount).toBe(0);
  });

  it('removes NUL characters and counts them', () => {
    const decoder = createTextDecoder('utf-8');
    expect(decoder.decode(Uint8Array.from([0x61, 0, 0x62, 0, 0]), true)).toBe('ab');
    expect(decoder.nulCount).toBe(3);
  });

  it('turns invalid UTF-8 into U+FFFD and counts it', () => {
    const decoder = createTextDecoder('utf-8');
    expect(decoder.decode(Uint8Array.from([0x61, 0xe9, 0x62]), true)).toBe('a\uFFFDb');
    expect(decoder.replacementCount).toBe(1);
  });
});

describe('bomLength', () => {
  it('measures the BOM of the chosen encoding only', () => {
    expect(bomLength(utf8('a', true), 'utf-8')).toBe(3);
    expect(bomLength(utf8('a', true), 'windows-1252')).toBe(0);
    expect(bomLength(utf16('a', 'le'), 'utf-16le')).toBe(2);
    expect(bomLength(utf16('a', 'be'), 'utf-16be')).toBe(2);
    expect(bomLength(utf16('a', 'be'), 'utf-16le')).toBe(0);
  });
});

describe('detect on encodings', () => {
  const variants: Array<[name: string, bytes: Uint8Array, encoding: string, hasBom: boolean]> = [
    ['UTF-8', utf8(TEXT), 'utf-8', false],
    ['UTF-8 with BOM', utf8(TEXT, true), 'utf-8', true],
    ['UTF-16 LE with BOM', utf16(TEXT, 'le'), 'utf-16le', true],
    ['UTF-16 BE with BOM', utf16(TEXT, 'be'), 'utf-16be', true],
    ['windows-1252', windows1252(TEXT), 'windows-1252', false],
  ];
  it.each(variants)('reads the same headers and cells from %s', (_, bytes, encoding, hasBom) => {
    const detection = detect(bytes, 'vendas.csv');
    expect(detection.fatal).toBeNull();
    expect(detection.settings).toMatchObject({ encoding, hasBom, delimiter: ';', decimal: ',' });
    expect(detection.headers).toEqual(['cliente', 'data', 'valor']);
    expect(detection.sampleRows[1]).toEqual(['André – Café', '06/03/2024', '€ 12,50']);
  });

  it('lets the user pin another encoding and re-reads the text with it', () => {
    const detection = detect(utf8(TEXT), 'vendas.csv', { encoding: 'windows-1252' });
    expect(detection.settings.encoding).toBe('windows-1252');
    expect(detection.sampleRows[0]![0]).toBe('JoÃ£o');
  });
});
