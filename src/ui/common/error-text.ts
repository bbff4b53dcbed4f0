// Writes a UserError in the interface language: its message, the next step, and where it happened.
import { ROLES, type Role } from '../../import/types.ts';
import { formatBytes, formatDate, formatNumber, t } from '../../i18n/index.ts';
import type { TextKey } from '../../i18n/catalog.ts';
import type { UserError } from '../user-error.ts';

/** Byte counts the import sends next to its English sizes: `size` and `limit` are rewritten from them. */
const BYTE_PARAMS: Record<string, string> = { sizeBytes: 'size', limitBytes: 'limit', usedBytes: 'used', readBytes: 'read' };

function paramText(name: string, value: string | number): string {
  if (typeof value === 'number') return formatNumber(value);
  if (name === 'role' && value in ROLE_NAMES) return t(`roles.${value as Role}`);
  return value;
}

const ROLE_NAMES: Record<string, true> = Object.fromEntries(ROLES.map((role) => [role, true]));

export interface ErrorText {
  message: string;
  action: string;
  /** "File x.csv", "line 7", "column “Data”", "value “31/02”", "expected …": the parts that are known. */
  where: string[];
}

export function errorText(error: UserError): ErrorText {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.params ?? {})) params[name] = paramText(name, value);
  for (const [name, value] of Object.entries(error.params ?? {})) {
    const sizeName = BYTE_PARAMS[name];
    if (sizeName && typeof value === 'number') params[sizeName] = formatBytes(value);
  }
  if (error.column !== undefined) params.column ??= error.column;
  if (error.value !== undefined) params.value ??= error.value;
  const where: string[] = [];
  if (error.file) where.push(t('errors.file', { file: error.file }));
  if (error.line !== undefined) where.push(t('errors.line', { line: formatNumber(error.line, { useGrouping: false }) }));
  if (error.column) where.push(t('errors.column', { column: error.column }));
  if (error.value !== undefined) where.push(t('errors.value', { value: error.value }));
  if (error.expected) where.push(t('errors.expected', { expected: expectedText(error.expected) }));
  return {
    message: t(`errors.codes.${error.code}.message` as TextKey, params),
    action: t(`errors.codes.${error.code}.action` as TextKey, params),
    where,
  };
}

/**
 * Translates the import's "what was expected": `date dd/mm/yyyy`, `date dd/mm/yyyy or mm/dd/yyyy`,
 * `date between 1900-01-01 and 2100-12-31`, `date (Excel serial number)`, `number 1.234,56`,
 * `12 fields`. Date patterns get the language's letters (aaaa for the year in pt, es, it).
 * Anything else is shown as the import wrote it.
 */
export function expectedText(expected: string): string {
  const text = expected.trim();
  const between = /^date between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})$/i.exec(text);
  if (between) return t('expected.dateBetween', { from: formatDate(between[1]!, 'medium'), to: formatDate(between[2]!, 'medium') });
  if (/^date \(excel/i.test(text)) return t('expected.excelDate');
  const fields = /^(\d+) fields?$/i.exec(text);
  if (fields) return t('expected.columns', { pattern: fields[1]! });
  const match = /^(date|number|integer|text)\s+(.+)$/i.exec(text);
  if (!match) return expected;
  const kind = (match[1] ?? '').toLowerCase() as 'date' | 'number' | 'integer' | 'text';
  let pattern = match[2] ?? '';
  if (kind === 'date') {
    pattern = pattern
      .replace(/yyyy|yy|dd|mm/gi, (token) => {
        const lower = token.toLowerCase();
        if (lower.startsWith('y')) return lower.length === 4 ? t('expected.yearToken') : t('expected.yearToken').slice(0, 2);
        return lower === 'dd' ? t('expected.dayToken') : t('expected.monthToken');
      })
      .replace(/ or /g, ` ${t('expected.or')} `);
  }
  return t(`expected.${kind}`, { pattern });
}
