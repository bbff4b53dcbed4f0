// file-size.ts: refuses a file too big for the browser tab before a single byte is read.
import { MAX_FILE_BYTES, type ImportIssue } from './types';

/**
 * IMPORT_FILE_TOO_LARGE (params: sizeBytes, limitBytes, and the human-readable size and limit in
 * binary units, e.g. `1.5 GB`) when `sizeBytes` exceeds `limitBytes`, else null.
 */
export function checkFileSize(fileName: string, sizeBytes: number, limitBytes: number = MAX_FILE_BYTES): ImportIssue | null {
  if (!(Number.isFinite(sizeBytes) && sizeBytes >= 0)) throw new RangeError(`sizeBytes must be a number ≥ 0, got ${sizeBytes}`);
  if (!(Number.isFinite(limitBytes) && limitBytes > 0)) throw new RangeError(`limitBytes must be a number > 0, got ${limitBytes}`);
  if (sizeBytes <= limitBytes) return null;
  return {
    code: 'IMPORT_FILE_TOO_LARGE',
    file: fileName,
    params: { sizeBytes, limitBytes, size: formatBytes(sizeBytes), limit: formatBytes(limitBytes) },
  };
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/** `1536` → `1.5 KB` (1 KB = 1024 bytes, as file managers on Windows show sizes). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = unit === 0 ? String(value) : String(Math.round(value * 10) / 10);
  return `${rounded} ${UNITS[unit]}`;
}
