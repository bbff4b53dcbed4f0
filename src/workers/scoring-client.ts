// The page's side of the scoring worker: a ScoringRunner (pipeline/scoring.ts) whose statistics run in a Web
// Worker, so the page's main thread only packs columns and reads answers in parts. The input's typed arrays are
// transferred (the caller's copies are emptied). The worker starts on the first call, never when this module is
// imported; if it dies, every pending call is rejected with SCORING_WORKER_CRASHED and the next call starts a new one.
import type { RfmResult, StageResult, TrendResult, ValueResult } from '../analytics/types.ts';
import { transferablesOf, type FactsScores, type ScoringRunner } from '../pipeline/scoring.ts';
import type { ScoringFailureCode, ScoringRequest, ScoringResponse } from './scoring-protocol.ts';

/** A failed scoring call, with a code the UI translates. */
export type ScoringFailure = Error & { code: ScoringFailureCode };

export function scoringFailure(code: ScoringFailureCode, message: string): ScoringFailure {
  const error = new Error(message) as ScoringFailure;
  error.name = 'ScoringFailure';
  error.code = code;
  return error;
}

/** What the client needs of a worker (a real `Worker`, or a stand-in in tests). */
export interface ScoringWorkerPort {
  postMessage(request: ScoringRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface WorkerScoringRunner extends ScoringRunner {
  /** Stops the worker, rejecting the calls in progress with SCORING_WORKER_CRASHED; the next call starts a new one. */
  stop(): void;
  /** A worker is running (started and not crashed or stopped). */
  readonly isRunning: boolean;
}

/** Starts the real scoring worker (bundled by Vite from this `new Worker(new URL(…))` pattern). */
function startScoringWorker(): ScoringWorkerPort {
  return new Worker(new URL('./scoring.worker.ts', import.meta.url), { type: 'module', name: 'ciclo-scoring' });
}

interface Pending {
  /** Takes one answer; returns true when the call is settled. */
  take(response: ScoringResponse): boolean;
  crash(error: ScoringFailure): void;
}

/**
 * A ScoringRunner backed by a worker that `startWorker` starts on the first call (default: scoring.worker.ts).
 * Each promise resolves once the worker's last part has arrived, or rejects with a ScoringFailure
 * (UNEXPECTED with the statistics' message, or SCORING_WORKER_CRASHED).
 */
export function createWorkerScoringRunner(startWorker: () => ScoringWorkerPort = startScoringWorker): WorkerScoringRunner {
  let worker: ScoringWorkerPort | null = null;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const crash = (which: ScoringWorkerPort, message: string) => {
    if (worker !== which) return;
    which.terminate();
    worker = null;
    const error = scoringFailure('SCORING_WORKER_CRASHED', message);
    const stranded = [...pending.values()];
    pending.clear();
    for (const call of stranded) call.crash(error);
  };

  const started = (): ScoringWorkerPort => {
    if (worker) return worker;
    let fresh: ScoringWorkerPort;
    try {
      fresh = startWorker();
    } catch (thrown) {
      throw scoringFailure('SCORING_WORKER_CRASHED', `The scoring worker could not start: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
    fresh.addEventListener('message', (event) => {
      const response = (event as MessageEvent<ScoringResponse>).data;
      const call = pending.get(response?.id);
      if (call?.take(response)) pending.delete(response.id);
    });
    fresh.addEventListener('error', (event) => {
      event.preventDefault();
      const message = (event as Partial<ErrorEvent>).message;
      const detail = typeof message === 'string' && message !== '' ? message : 'it could not be loaded';
      crash(fresh, `The scoring worker stopped (${detail}); the analysis was not finished. Try again to restart it.`);
    });
    fresh.addEventListener('messageerror', () => crash(fresh, 'The scoring worker sent a reply that could not be read.'));
    worker = fresh;
    return fresh;
  };

  /** Sends a request; `collect` takes its parts and returns the result on its `…-done` message. */
  function call<T>(request: ScoringRequest, collect: (response: ScoringResponse) => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const target = started();
      pending.set(request.id, {
        take(response) {
          if (response.kind === 'failed') {
            reject(scoringFailure(response.error.code, response.error.message));
            return true;
          }
          try {
            const value = collect(response);
            if (value === undefined) return false;
            resolve(value);
          } catch (thrown) {
            reject(thrown);
          }
          return true;
        },
        crash: reject,
      });
      target.postMessage(request, transferablesOf(request.input));
    });
  }

  return {
    scoreFacts(input) {
      const id = ++nextId;
      const stages: StageResult[] = [];
      const rfm: RfmResult[] = [];
      const values: ValueResult[] = [];
      return call<FactsScores>({ id, kind: 'facts', input }, (response) => {
        if (response.kind === 'facts-part') {
          append(stages, response.from, response.stages);
          append(rfm, response.from, response.rfm);
          if (response.values) append(values, response.from, response.values);
          return undefined;
        }
        if (response.kind !== 'facts-done') throw unexpected(response.kind, 'facts');
        checkCount(stages.length, response.customers);
        return { stages, rfm, values: input.isFullAnalysis ? values : null, stageHistory: response.stageHistory };
      });
    },
    scoreTrends(input) {
      const id = ++nextId;
      const trends: TrendResult[] = [];
      return call<TrendResult[]>({ id, kind: 'trends', input }, (response) => {
        if (response.kind === 'trends-part') {
          append(trends, response.from, response.trends);
          return undefined;
        }
        if (response.kind !== 'trends-done') throw unexpected(response.kind, 'trends');
        checkCount(trends.length, response.customers);
        return trends;
      });
    },
    stop() {
      if (worker) crash(worker, 'The scoring worker was stopped.');
    },
    get isRunning() {
      return worker !== null;
    },
  };
}

/** Parts arrive in order (a worker's messages keep theirs); `from` guards against a lost one. */
function append<T>(into: T[], from: number, part: readonly T[]): void {
  if (from !== into.length) throw scoringFailure('UNEXPECTED', `The scoring worker's answer skipped customers (part from ${from}, had ${into.length}).`);
  for (const item of part) into.push(item);
}

function checkCount(got: number, expected: number): void {
  if (got !== expected) throw scoringFailure('UNEXPECTED', `The scoring worker answered ${got} of ${expected} customers.`);
}

function unexpected(kind: string, request: string): ScoringFailure {
  return scoringFailure('UNEXPECTED', `The scoring worker answered ${kind} to a ${request} request.`);
}

/** The page's scoring runner: one worker for the whole page, started on first use. */
export const workerScoringRunner: WorkerScoringRunner = createWorkerScoringRunner();
