// The page's side of the model worker: a ModelRunner (pipeline/predict.ts) whose fits run in a Web Worker, so
// the page never blocks on a fit. The worker starts on the first call, never when this module is imported; if
// it dies, every pending call is rejected with MODEL_WORKER_CRASHED and the next call starts a new one.
import type { HoldoutReport } from '../analytics/holdout.ts';
import type { ValuePredictions } from '../analytics/value-model.ts';
import type { ModelRunner } from '../pipeline/predict.ts';
import type { ModelFailureCode, ModelRequest, ModelResponse } from './model-protocol.ts';

/** A failed model call, with a code the UI translates. */
export type ModelFailure = Error & { code: ModelFailureCode };

export function modelFailure(code: ModelFailureCode, message: string): ModelFailure {
  const error = new Error(message) as ModelFailure;
  error.name = 'ModelFailure';
  error.code = code;
  return error;
}

/** What the client needs of a worker (a real `Worker`, or a stand-in in tests). */
export interface ModelWorkerPort {
  postMessage(request: ModelRequest): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface WorkerModelRunner extends ModelRunner {
  /** Stops the worker, rejecting the calls in progress with MODEL_WORKER_CRASHED; the next call starts a new one. */
  stop(): void;
  /** A worker is running (started and not crashed or stopped). */
  readonly isRunning: boolean;
}

/** Starts the real model worker (bundled by Vite from this `new Worker(new URL(…))` pattern). */
function startModelWorker(): ModelWorkerPort {
  return new Worker(new URL('./model.worker.ts', import.meta.url), { type: 'module', name: 'ciclo-model' });
}

/** A request before it gets its id (Omit, applied to each member of the union). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  settle(response: ModelResponse): void;
  crash(error: ModelFailure): void;
}

/**
 * A ModelRunner backed by a worker that `startWorker` starts on the first call (default: model.worker.ts).
 * Calls are answered in the order the worker finishes them; each promise resolves with the model's result or
 * rejects with a ModelFailure carrying the model's code (MODEL_NO_DATA, MODEL_NOT_CONVERGED, MODEL_BAD_INPUT)
 * or MODEL_WORKER_CRASHED.
 */
export function createWorkerModelRunner(startWorker: () => ModelWorkerPort = startModelWorker): WorkerModelRunner {
  let worker: ModelWorkerPort | null = null;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const crash = (which: ModelWorkerPort, message: string) => {
    if (worker !== which) return;
    which.terminate();
    worker = null;
    const error = modelFailure('MODEL_WORKER_CRASHED', message);
    const stranded = [...pending.values()];
    pending.clear();
    for (const call of stranded) call.crash(error);
  };

  const started = (): ModelWorkerPort => {
    if (worker) return worker;
    let fresh: ModelWorkerPort;
    try {
      fresh = startWorker();
    } catch (thrown) {
      throw modelFailure('MODEL_WORKER_CRASHED', `The model worker could not start: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
    fresh.addEventListener('message', (event) => {
      const response = (event as MessageEvent<ModelResponse>).data;
      const call = pending.get(response?.id);
      if (!call) return;
      pending.delete(response.id);
      call.settle(response);
    });
    fresh.addEventListener('error', (event) => {
      event.preventDefault();
      const message = (event as Partial<ErrorEvent>).message;
      const detail = typeof message === 'string' && message !== '' ? message : 'it could not be loaded';
      crash(fresh, `The model worker stopped (${detail}); the predictions were not computed. Try again to restart it.`);
    });
    fresh.addEventListener('messageerror', () => crash(fresh, 'The model worker sent a reply that could not be read.'));
    worker = fresh;
    return fresh;
  };

  function call<T>(request: WithoutId<ModelRequest>, read: (response: ModelResponse) => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const target = started();
      const id = ++nextId;
      pending.set(id, {
        settle(response) {
          if (response.kind === 'failed') {
            reject(modelFailure(response.error.code, response.error.message));
            return;
          }
          const value = read(response);
          if (value === undefined) reject(modelFailure('UNEXPECTED', `The model worker answered ${response.kind} to a ${request.kind} request.`));
          else resolve(value);
        },
        crash: reject,
      });
      target.postMessage({ ...request, id } as ModelRequest);
    });
  }

  return {
    predict: (summaries, options) =>
      call<ValuePredictions>({ kind: 'predict', summaries, options }, (response) => (response.kind === 'predicted' ? response.predictions : undefined)),
    holdout: (lines, options) =>
      call<HoldoutReport>({ kind: 'holdout', lines, options }, (response) => (response.kind === 'validated' ? response.report : undefined)),
    stop() {
      if (worker) crash(worker, 'The model worker was stopped.');
    },
    get isRunning() {
      return worker !== null;
    },
  };
}

/** The page's model runner: one worker for the whole page, started on first use. */
export const workerModelRunner: WorkerModelRunner = createWorkerModelRunner();
