// Text columns of a sales batch: the UTF-8 they write is TextEncoder's, byte for byte.
import { describe, expect, it } from 'vitest';
import { writeUtf8 } from '../../../src/pipeline/text-column.ts';

const encoder = new TextEncoder();

function written(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 3 + 1);
  return bytes.subarray(0, writeUtf8(text, bytes, 0));
}

describe('writeUtf8', () => {
  const texts = {
    ascii: 'Loja "A", Lda\n1;2\t3',
    'two-byte letters': 'São João, Zoë, Ñandú, ß',
    'three-byte characters': '客户 € ₹ \u2028 \uffff',
    'characters outside the Basic Multilingual Plane': '👩‍🌾 𝄞 😀',
    'a lone high surrogate, at the end and in the middle': 'a\ud83d b\ud83d',
    'a lone low surrogate and a swapped pair': '\ude00 x \ude00\ud83d',
    'NUL and control characters': '\u0000\u0001\u007f\u0080',
    empty: '',
  };
  for (const [name, text] of Object.entries(texts)) {
    it(`writes ${name} as TextEncoder does`, () => {
      expect(written(text)).toEqual(encoder.encode(text));
    });
  }

  it('writes every UTF-16 code unit as TextEncoder does', () => {
    const units = Array.from({ length: 0x10000 }, (_, code) => code);
    let text = '';
    for (let from = 0; from < units.length; from += 4096) text += String.fromCharCode(...units.slice(from, from + 4096));
    // Compared as base64: an element-by-element comparison of 190 kB is slow.
    expect(Buffer.from(written(text)).toString('base64')).toBe(Buffer.from(encoder.encode(text)).toString('base64'));
  });

  it('appends after the bytes already written', () => {
    const bytes = new Uint8Array(16);
    const end = writeUtf8('é', bytes, writeUtf8('ab', bytes, 0));
    expect(new TextDecoder().decode(bytes.subarray(0, end))).toBe('abé');
  });
});
