// Every problem shown to the user, as one plain record: a stable code (translated by code), where
// it happened, and the values its message needs. Built once where the problem comes in.
import type { ImportIssue } from '../import/types.ts';
import { isErrorCode, type ErrorCode } from '../i18n/index.ts';
import { outOfMemory } from '../engine/memory.ts';

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
  // DuckDB's out-of-memory error arrives as a failed query; named for what it is, with its sizes.
  const memory = record.code === undefined || record.code === 'ENGINE_QUERY_FAILED' ? outOfMemory(thrown) : null;
  if (memory) {
    return {
      code: 'MEMORY_LIMIT_REACHED',
      file,
      params: { detail, ...sizeParam('used', memory.usedBytes), ...sizeParam('limit', memory.limitBytes) },
    };
  }
  // The workers that fit the models and score the customers name their own crash; for the user it is one thing.
  if (record.code === 'MODEL_WORKER_CRASHED' || record.code === 'SCORING_WORKER_CRASHED') {
    return { code: 'ANALYSIS_WORKER_CRASHED', file, params: { detail } };
  }
  if (isErrorCode(record.code)) {
    const params = isParams(record.params) ? record.params : {};
    return { code: record.code, file: typeof record.file === 'string' ? record.file : file, params: { detail, ...params } };
  }
  if (thrown instanceof DOMException && (thrown.name === 'NotReadableError' || thrown.name === 'NotFoundError')) {
    return { code: 'FILE_UNREADABLE', file, params: { detail } };
  }
  return { code: 'UNEXPECTED', file, params: { detail } };
}

export function isAbort(thrown: unknown): boolean {
  return (thrown instanceof DOMException || thrown instanceof Error) && thrown.name === 'AbortError';
}

function isParams(value: unknown): value is Record<string, string | number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number');
}

/**
 * A size DuckDB reported, as `<name>Bytes` (error-text.ts writes it in the reader's language as `<name>`),
 * or `?` under `<name>` when it did not say.
 */
export function sizeParam(name: string, bytes: number | null): Record<string, string | number> {
  return bytes === null ? { [name]: '?' } : { [`${name}Bytes`]: bytes };
}
