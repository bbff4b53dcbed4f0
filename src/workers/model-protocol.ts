// The messages between the page and the model worker, plain records with named fields that survive structured
// cloning, and `handleModelRequest`, the plain function the worker runs on each one (so Node tests run it too).
import { holdoutValidation, type HoldoutOptions, type HoldoutReport } from '../analytics/holdout.ts';
import { isModelError, type ModelErrorCode } from '../analytics/optimize.ts';
import type { PurchaseLine, PurchaseSummary } from '../analytics/rfm-summary.ts';
import { predictValues, type ValueModelOptions, type ValuePredictions } from '../analytics/value-model.ts';

export type ModelRequest =
  /** Fit BG/NBD and Gamma-Gamma (or the heuristic) and predict every customer: analytics/value-model.ts. */
  | { id: number; kind: 'predict'; summaries: readonly PurchaseSummary[]; options: ValueModelOptions }
  /** The calibration / holdout check: analytics/holdout.ts. */
  | { id: number; kind: 'holdout'; lines: readonly PurchaseLine[]; options: HoldoutOptions };

/**
 * Why a model call failed: the models' own codes (no data to fit, no convergence), `MODEL_BAD_INPUT` (the
 * models refused their input: a bug upstream), `MODEL_WORKER_CRASHED` (the worker stopped or could not be
 * loaded; set by the client), `UNEXPECTED` (anything else).
 */
export type ModelFailureCode = ModelErrorCode | 'MODEL_BAD_INPUT' | 'MODEL_WORKER_CRASHED' | 'UNEXPECTED';

export type ModelResponse =
  | { id: number; kind: 'predicted'; predictions: ValuePredictions }
  | { id: number; kind: 'validated'; report: HoldoutReport }
  | { id: number; kind: 'failed'; error: { code: ModelFailureCode; message: string } };

/**
 * Answers one request: the pure model function's result, or what it threw as a `failed` response with a code.
 * Never throws, so the worker always answers the id it was sent.
 */
export function handleModelRequest(request: ModelRequest): ModelResponse {
  const id = typeof request?.id === 'number' ? request.id : -1;
  try {
    switch (request?.kind) {
      case 'predict':
        return { id, kind: 'predicted', predictions: predictValues(request.summaries, request.options) };
      case 'holdout':
        return { id, kind: 'validated', report: holdoutValidation(request.lines, request.options) };
      default:
        return failed(id, 'UNEXPECTED', `The model worker does not know the request ${JSON.stringify((request as { kind?: unknown })?.kind)}`);
    }
  } catch (thrown) {
    if (isModelError(thrown)) return failed(id, thrown.code, thrown.message);
    if (thrown instanceof RangeError) return failed(id, 'MODEL_BAD_INPUT', thrown.message);
    return failed(id, 'UNEXPECTED', thrown instanceof Error ? thrown.message : String(thrown));
  }
}

function failed(id: number, code: ModelFailureCode, message: string): ModelResponse {
  return { id, kind: 'failed', error: { code, message } };
}
