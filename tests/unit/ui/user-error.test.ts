import { describe, expect, it } from 'vitest';
import { engineError } from '../../../src/engine/engine-error.ts';
import { analysisError } from '../../../src/pipeline/analyze.ts';
import { fromThrown, isAbort } from '../../../src/ui/user-error.ts';

describe('problems turned into user errors', () => {
  it('keeps the engine code of a crashed database, with its message as detail', () => {
    const error = fromThrown(engineError('ENGINE_CRASHED', 'worker gone'), 'vendas.csv');
    expect(error).toEqual({ code: 'ENGINE_CRASHED', file: 'vendas.csv', params: { detail: 'worker gone' } });
  });

  it('keeps the code of an import-worker failure', () => {
    const failure = Object.assign(new Error('cannot read'), { code: 'FILE_UNREADABLE' });
    expect(fromThrown(failure, 'a.csv').code).toBe('FILE_UNREADABLE');
  });

  it('keeps the code of an analysis that cannot run, so the message is translated', () => {
    const error = fromThrown(analysisError('ANALYSIS_BAD_DATE', 'asOf must be a calendar date YYYY-MM-DD, got "2025-02-30"'));
    expect(error).toEqual({ code: 'ANALYSIS_BAD_DATE', file: undefined, params: { detail: 'asOf must be a calendar date YYYY-MM-DD, got "2025-02-30"' } });
  });

  it('names a stopped model or scoring worker as one translated problem of the analysis', () => {
    for (const code of ['MODEL_WORKER_CRASHED', 'SCORING_WORKER_CRASHED']) {
      const failure = Object.assign(new Error('worker gone'), { code });
      expect(fromThrown(failure)).toEqual({ code: 'ANALYSIS_WORKER_CRASHED', file: undefined, params: { detail: 'worker gone' } });
    }
  });

  it('calls anything else unexpected and says what it was', () => {
    expect(fromThrown(new TypeError('x is undefined'))).toEqual({ code: 'UNEXPECTED', params: { detail: 'x is undefined' } });
  });

  it('recognises a cancelled import', () => {
    expect(isAbort(new DOMException('stop', 'AbortError'))).toBe(true);
    expect(isAbort(new Error('stop'))).toBe(false);
  });
});
