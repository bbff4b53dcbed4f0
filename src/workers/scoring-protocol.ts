// The messages between the page and the scoring worker, plain records with named fields that survive structured
// cloning, and `handleScoringRequest`, the plain function the worker runs on each one (so Node tests run it too).
// Inputs arrive as columns of typed arrays (transferred, not copied). Answers go back in parts of PART_SIZE
// customers: the page reads each message in one go, and 50,000 trend records read at once would hold its main
// thread for a few hundred milliseconds, where a part of 5,000 takes a few dozen.
import type { RfmResult, StageResult, TrendResult, ValueResult } from '../analytics/types.ts';
import type { StageHistoryPoint } from '../pipeline/analysis-types.ts';
import { scoreFacts, scoreTrends, type FactsInput, type PanelInput } from '../pipeline/scoring.ts';

/** Customers per answer message. */
export const PART_SIZE = 5000;

export type ScoringRequest =
  /** Stage and RFM (and for the analysis, value and stage history) from the customer facts. */
  | { id: number; kind: 'facts'; input: FactsInput }
  /** The trend of each customer from the panel series. */
  | { id: number; kind: 'trends'; input: PanelInput };

/**
 * Why a scoring call failed: `SCORING_WORKER_CRASHED` (the worker stopped or could not be loaded; set by the
 * client), `UNEXPECTED` (the statistics refused their input: a bug upstream, with its message).
 */
export type ScoringFailureCode = 'SCORING_WORKER_CRASHED' | 'UNEXPECTED';

export type ScoringResponse =
  /** Customers `from` … `from + stages.length − 1` of a facts request. */
  | { id: number; kind: 'facts-part'; from: number; stages: StageResult[]; rfm: RfmResult[]; values: ValueResult[] | null }
  /** The end of a facts request: how many customers its parts held, and the stage history. */
  | { id: number; kind: 'facts-done'; customers: number; stageHistory: StageHistoryPoint[] | null }
  | { id: number; kind: 'trends-part'; from: number; trends: TrendResult[] }
  | { id: number; kind: 'trends-done'; customers: number }
  | { id: number; kind: 'failed'; error: { code: ScoringFailureCode; message: string } };

/**
 * Answers one request through `post`: its parts, then its `…-done` message; or a single `failed` message with
 * what the scoring threw. Never throws, so the worker always answers the id it was sent.
 */
export function handleScoringRequest(request: ScoringRequest, post: (response: ScoringResponse) => void): void {
  const id = typeof request?.id === 'number' ? request.id : -1;
  let answer: () => void;
  try {
    switch (request?.kind) {
      case 'facts': {
        const { stages, rfm, values, stageHistory } = scoreFacts(request.input);
        answer = () => {
          for (let from = 0; from < stages.length; from += PART_SIZE) {
            const to = from + PART_SIZE;
            post({ id, kind: 'facts-part', from, stages: stages.slice(from, to), rfm: rfm.slice(from, to), values: values?.slice(from, to) ?? null });
          }
          post({ id, kind: 'facts-done', customers: stages.length, stageHistory });
        };
        break;
      }
      case 'trends': {
        const trends = scoreTrends(request.input);
        answer = () => {
          for (let from = 0; from < trends.length; from += PART_SIZE) post({ id, kind: 'trends-part', from, trends: trends.slice(from, from + PART_SIZE) });
          post({ id, kind: 'trends-done', customers: trends.length });
        };
        break;
      }
      default:
        post(failed(id, 'UNEXPECTED', `The scoring worker does not know the request ${JSON.stringify((request as { kind?: unknown })?.kind)}`));
        return;
    }
  } catch (thrown) {
    post(failed(id, 'UNEXPECTED', thrown instanceof Error ? thrown.message : String(thrown)));
    return;
  }
  answer();
}

function failed(id: number, code: ScoringFailureCode, message: string): ScoringResponse {
  return { id, kind: 'failed', error: { code, message } };
}
