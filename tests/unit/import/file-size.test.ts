import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/import/file-size';
import { checkFileSize, MAX_FILE_BYTES } from '../../../src/import/index';

describe('checkFileSize', () => {
  it('lets a file up to the limit through', () => {
    expect(checkFileSize('vendas.csv', 0)).toBeNull();
    expect(checkFileSize('vendas.csv', MAX_FILE_BYTES)).toBeNull();
  });

  it('refuses a bigger file with its size and the limit, in bytes and in words', () => {
    expect(checkFileSize('vendas.csv', 1.5 * 1024 ** 3)).toEqual({
      code: 'IMPORT_FILE_TOO_LARGE',
      file: 'vendas.csv',
      params: { sizeBytes: 1610612736, limitBytes: 1073741824, size: '1.5 GB', limit: '1 GB' },
    });
    expect(checkFileSize('vendas.csv', 2048, 1024)?.params).toMatchObject({ size: '2 KB', limit: '1 KB' });
  });

  it('checks its arguments', () => {
    expect(() => checkFileSize('f.csv', -1)).toThrow('sizeBytes must be a number ≥ 0, got -1');
    expect(() => checkFileSize('f.csv', 10, 0)).toThrow(RangeError);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1536, '1.5 KB'],
    [64 * 1024 * 1024, '64 MB'],
    [1866367, '1.8 MB'],
  ])('writes %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
