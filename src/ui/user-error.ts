// Every problem shown to the user, as one plain record: a stable code (translated by code), where
// it happened, and the values its message needs. Built once where the problem comes in.
import type { ImportIssue } from '../import/types.ts';
import { isErrorCode, type ErrorCode } from '../i18n/index.ts';

export interface UserError {
  code: ErrorCode;
  file?: string;
  /** 1-based physical line of the file, as an editor shows it. */
  line?: number;
  column?: string;
  value?: string;
  /** What was expected, in the import's form (`date dd/mm/yyyy`); see expected-text.ts. */
  expected?: string;
  params?: Record<string, string | number>;
}

export function fromIssue(issue: ImportIssue): UserError {
  return { ...issue };
}

/** Turns anything thrown (an engine error with its code, a browser error) into a UserError. */
export function fromThrown(thrown: unknown, file?: string): UserError {
  const record = typeof thrown === 'object' && thrown !== null ? (thrown as Record<string, unknown>) : {};
  const detail = thrown instanceof Error ? thrown.message : typeof record.message === 'string' ? record.message : String(thrown);
  if (isErrorCode(record.code)) {
    return { code: record.code, file: typeof record.file === 'string' ? record.file : file, params: { detail } };
  }
  if (thrown instanceof DOMException && (thrown.name === 'NotReadableError' || thrown.name === 'NotFoundError')) {
    return { code: 'FILE_UNREADABLE', file, params: { detail } };
  }
  return { code: 'UNEXPECTED', file, params: { detail } };
}

export function isAbort(thrown: unknown): boolean {
  return (thrown instanceof DOMException || thrown instanceof Error) && thrown.name === 'AbortError';
}
