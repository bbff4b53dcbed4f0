// Remembers the column → role choices per set of headers, so a monthly export from the same system
// is mapped the same way next time. Stored in the browser's localStorage, never sent anywhere.
import { ROLES, type Mapping, type Role } from '../../import/types.ts';

const PREFIX = 'ciclo.mapping.';

/** Header text as users see it as "the same": case, accents and spacing do not matter. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Storage key for a header list: a 32-bit FNV-1a hash of the normalised headers, in order, plus
 * their count. http://www.isthe.com/chongo/tech/comp/fnv/ (public domain).
 */
export function headerKey(headers: readonly string[]): string {
  const text = headers.map(normaliseHeader).join('\u001f');
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${PREFIX}${headers.length}.${hash.toString(16).padStart(8, '0')}`;
}

export type MappingStorage = Pick<Storage, 'getItem' | 'setItem'>;

function defaultStorage(): MappingStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function rememberMapping(
  headers: readonly string[],
  mapping: Mapping,
  storage: MappingStorage | null = defaultStorage(),
): void {
  try {
    storage?.setItem(headerKey(headers), JSON.stringify(mapping));
  } catch {
    // Full or disabled storage: the user simply maps the columns again next time.
  }
}

/** The mapping saved for these headers, keeping only roles and column indexes that still fit them. */
export function recallMapping(
  headers: readonly string[],
  storage: MappingStorage | null = defaultStorage(),
): Mapping | null {
  let saved: unknown;
  try {
    const text = storage?.getItem(headerKey(headers));
    if (!text) return null;
    saved = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof saved !== 'object' || saved === null) return null;
  const mapping: Mapping = {};
  for (const [role, column] of Object.entries(saved)) {
    if (!(ROLES as readonly string[]).includes(role)) continue;
    if (!Number.isInteger(column) || column < 0 || column >= headers.length) continue;
    mapping[role as Role] = column as number;
  }
  return Object.keys(mapping).length > 0 ? mapping : null;
}
