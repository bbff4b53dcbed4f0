// The scoring worker's plain function (handleScoringRequest) and the page's client, with the Web Worker replaced
// by an in-process stand-in that structured-clones every message both ways (transferring the typed arrays, as
// the page does) and runs the same function. What comes out must be what the inline runner computes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrendResult } from '../../../src/analytics/types.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset } from '../../../src/pipeline.ts';
import { analyzeCustomers, customerStates } from '../../../src/pipeline/analyze.ts';
import {
  scoreFacts,
  scoreTrends,
  transferablesOf,
  type FactsInput,
  type PanelInput,
} from '../../../src/pipeline/scoring.ts';
import { resolveTrendOptions } from '../../../src/analytics/trend.ts';
import { createWorkerScoringRunner, workerScoringRunner, type ScoringFailure, type ScoringWorkerPort } from '../../../src/workers/scoring-client.ts';
import { handleScoringRequest, PART_SIZE, type ScoringRequest, type ScoringResponse } from '../../../src/workers/scoring-protocol.ts';
import { sale } from '../sql/sales-rows.ts';

const AS_OF = '2024-12-31';
const AS_OF_DAY = 20088; // 2024-12-31: 54 years and 13 leap days after 1970-01-01

/** A seeded book of `n` customers: customer i orders every (7 + i % 50) days, from a day set by i, until AS_OF. */
function factsOf(n: number, { isFullAnalysis = true } = {}): FactsInput {
  const days: number[] = [];
  const dayOffsets = new Int32Array(n + 1);
  const lastOrderDay = new Int32Array(n);
  const orders = new Float64Array(n);
  const revenue = new Float64Array(n);
  const cost = new Float64Array(n);
  const hasCost = new Uint8Array(n);
  const trailing12 = new Float64Array(n);
  const best12 = new Float64Array(n);
  const orders12 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const gap = 7 + (i % 50);
    const first = AS_OF_DAY - 900 + ((i * 37) % 880);
    const stop = AS_OF_DAY - ((i * 13) % 400);
    let count = 0;
    for (let day = first; day <= Math.max(first, stop); day += gap) {
      days.push(day);
      count++;
      if (day > AS_OF_DAY - 365) orders12[i]!++;
    }
    dayOffsets[i + 1] = days.length;
    lastOrderDay[i] = days.at(-1)!;
    orders[i] = count;
    revenue[i] = count * (10 + (i % 7));
    trailing12[i] = orders12[i]! * (10 + (i % 7));
    best12[i] = Math.max(trailing12[i]!, revenue[i]! / 3);
    if (i % 3 !== 0) {
      cost[i] = revenue[i]! * 0.6;
      hasCost[i] = 1;
    }
  }
  return {
    asOf: AS_OF,
    isFullAnalysis,
    customerIds: Array.from({ length: n }, (_, i) => `C${String(i).padStart(6, '0')}`),
    lastOrderDay,
    orders,
    revenue,
    cost,
    hasCost,
    trailing12,
    best12,
    orders12,
    dayOffsets,
    days: Int32Array.from(days),
  };
}

/** Monthly series of 24 periods for `n` customers (the last one without a panel row), rising or falling by i. */
function panelOf(n: number): PanelInput {
  const length = 24;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + (i === n - 1 ? 0 : length);
  const total = offsets[n]!;
  const input: PanelInput = {
    unit: 'month',
    trend: resolveTrendOptions({}),
    customerIds: Array.from({ length: n }, (_, i) => `C${i}`),
    starts: Array.from({ length: n }, (_, i) => (i === n - 1 ? '' : '2023-01-01')),
    tenurePeriods: Int32Array.from({ length: n }, (_, i) => (i === n - 1 ? 0 : 24 + (i % 5))),
    offsets,
    revenue: new Float64Array(total),
    items: new Float64Array(total),
    orders: new Float64Array(total),
    breadth: new Float64Array(total),
  };
  for (let i = 0; i < n - 1; i++) {
    const slope = (i % 5) - 2;
    for (let k = 0; k < length; k++) {
      const at = offsets[i]! + k;
      input.revenue[at] = Math.max(0, 100 + slope * 4 * k + ((i * k) % 7));
      input.items[at] = Math.max(0, 5 + slope * k * 0.2);
      input.orders[at] = k % (2 + (i % 3)) === 0 ? 0 : 1;
      input.breadth[at] = 1 + ((i + k) % 3);
    }
  }
  return input;
}

/** Every answer to `request`, each as the page would receive it (structured-cloned). */
function answersTo(request: ScoringRequest): ScoringResponse[] {
  const answers: ScoringResponse[] = [];
  handleScoringRequest(structuredClone(request), (response) => answers.push(structuredClone(response)));
  return answers;
}

describe('handleScoringRequest', () => {
  it('answers a facts request in parts of PART_SIZE customers, then the stage history, all of them plain records', () => {
    const n = 2 * PART_SIZE + 123;
    const input = factsOf(n);
    const answers = answersTo({ id: 4, kind: 'facts', input });
    expect(answers.map((a) => [a.id, a.kind, 'from' in a ? a.from : null])).toEqual([
      [4, 'facts-part', 0],
      [4, 'facts-part', PART_SIZE],
      [4, 'facts-part', 2 * PART_SIZE],
      [4, 'facts-done', null],
    ]);
    const direct = scoreFacts(factsOf(n));
    const parts = answers.filter((a) => a.kind === 'facts-part');
    expect(parts.flatMap((p) => p.stages)).toEqual(direct.stages);
    expect(parts.flatMap((p) => p.rfm)).toEqual(direct.rfm);
    expect(parts.flatMap((p) => p.values!)).toEqual(direct.values);
    expect(answers.at(-1)).toEqual({ id: 4, kind: 'facts-done', customers: n, stageHistory: direct.stageHistory });
    // Twelve month-ends × six stages, each month counting the customers who had ordered by then.
    expect(direct.stageHistory).toHaveLength(72);
    expect(direct.stageHistory!.filter((p) => p.date === AS_OF).reduce((sum, p) => sum + p.customers, 0)).toBe(n);
  });

  it('leaves out values and stage history for the migration table', () => {
    const answers = answersTo({ id: 5, kind: 'facts', input: factsOf(10, { isFullAnalysis: false }) });
    expect(answers).toMatchObject([
      { kind: 'facts-part', from: 0, values: null },
      { kind: 'facts-done', customers: 10, stageHistory: null },
    ]);
  });

  it('answers a trends request in parts, with the trends the inline scoring reads', () => {
    const n = PART_SIZE + 2;
    const answers = answersTo({ id: 6, kind: 'trends', input: panelOf(n) });
    expect(answers.map((a) => a.kind)).toEqual(['trends-part', 'trends-part', 'trends-done']);
    const trends = answers.flatMap((a) => (a.kind === 'trends-part' ? a.trends : []));
    expect(trends).toEqual(scoreTrends(panelOf(n)));
    // The customer without a panel row is new; the others, with 24 periods, all got a label.
    expect(trends.at(-1)!.label).toBe('new');
    expect(new Set(trends.slice(0, -1).map((t) => t.label)).has('new')).toBe(false);
  });

  it('turns what the scoring throws into one failed answer, and unknown requests too', () => {
    const input = factsOf(3);
    input.days[1] = input.days[0]! - 5; // customer 0's order days no longer ascend
    expect(answersTo({ id: 7, kind: 'facts', input })).toEqual([
      { id: 7, kind: 'failed', error: { code: 'UNEXPECTED', message: expect.stringMatching(/ascending/) } },
    ]);
    expect(answersTo({ id: 8, kind: 'rescore' } as unknown as ScoringRequest)).toEqual([
      { id: 8, kind: 'failed', error: { code: 'UNEXPECTED', message: expect.stringContaining('"rescore"') } },
    ]);
  });
});

/** Stands in for `new Worker(…scoring.worker.ts…)`: transfers and clones each message, answers asynchronously. */
class FakeWorker extends EventTarget implements ScoringWorkerPort {
  static started: FakeWorker[] = [];
  isTerminated = false;
  received: ScoringRequest[] = [];
  constructor(readonly isHolding = false) {
    super();
    FakeWorker.started.push(this);
  }
  postMessage(request: ScoringRequest, transfer: Transferable[]): void {
    const copy = structuredClone(request, { transfer });
    this.received.push(copy);
    if (this.isHolding) return;
    setTimeout(() => {
      handleScoringRequest(copy, (response) => {
        if (!this.isTerminated) this.dispatchEvent(new MessageEvent('message', { data: structuredClone(response) }));
      });
    });
  }
  terminate(): void {
    this.isTerminated = true;
  }
  fail(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}

describe('the scoring worker client', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
    await createDataset(engine);
    const rows = [];
    // Twelve customers, monthly buyers for a stretch of 2023–2024, some slowing down, one returning an item.
    for (let c = 0; c < 12; c++) {
      for (let month = c % 4; month < 24 - (c % 5) * 2; month++) {
        const date = new Date(Date.UTC(2023, month, 3 + c)).toISOString().slice(0, 10);
        rows.push(sale({ customer_id: `K${c}`, order_date: date, amount: 40 + c * 5 - (c % 3) * month, quantity: 1 + (month % 3), category: `cat${(c + month) % 4}` }));
      }
    }
    rows.push(sale({ customer_id: 'K3', order_date: '2024-06-20', amount: -25 }));
    await appendSalesRows(engine, rows, 'book.csv');
  });
  afterAll(async () => {
    await engine.close();
  });

  it('starts no worker when imported or created, one on the first call, and reuses it', async () => {
    expect(workerScoringRunner.isRunning).toBe(false);
    FakeWorker.started = [];
    const runner = createWorkerScoringRunner(() => new FakeWorker());
    expect(FakeWorker.started).toHaveLength(0);
    const [facts, trends] = await Promise.all([runner.scoreFacts(factsOf(PART_SIZE + 1)), runner.scoreTrends(panelOf(3))]);
    expect(FakeWorker.started).toHaveLength(1);
    expect([facts.stages.length, facts.values!.length, trends.length]).toEqual([PART_SIZE + 1, PART_SIZE + 1, 3]);
    runner.stop();
  });

  it('hands the typed arrays over without copying them (the caller keeps empty ones)', async () => {
    const runner = createWorkerScoringRunner(() => new FakeWorker());
    const input = factsOf(50);
    const before = transferablesOf(input).length;
    const scores = await runner.scoreFacts(input);
    expect(before).toBe(10);
    expect([input.days.length, input.revenue.length, input.customerIds.length]).toEqual([0, 0, 50]);
    expect(scores).toEqual(scoreFacts(factsOf(50)));
    runner.stop();
  });

  it('analyses a book exactly as the inline runner does, and replays stages and segments like an analysis', async () => {
    const runner = createWorkerScoringRunner(() => new FakeWorker());
    for (const options of [{ asOf: '2024-10-31' }, { asOf: '2024-09-30', unit: 'week' as const }]) {
      const viaWorker = await analyzeCustomers(engine, options, runner);
      expect(viaWorker).toEqual(await analyzeCustomers(engine, options));
      expect(viaWorker.customers.length).toBeGreaterThan(8);
      const states = await customerStates(engine, options.asOf, runner);
      expect(states.customers).toEqual(viaWorker.customers.map((c) => ({ customerId: c.customerId, stage: c.stage.stage, segment: c.rfm.segment })));
    }
    runner.stop();
  });

  it("rejects with the scoring's message when the scoring fails, and the worker carries on", async () => {
    const runner = createWorkerScoringRunner(() => new FakeWorker());
    const input = factsOf(3);
    input.days[1] = input.days[0]! - 5;
    await expect(runner.scoreFacts(input)).rejects.toMatchObject({ name: 'ScoringFailure', code: 'UNEXPECTED', message: expect.stringMatching(/ascending/) });
    expect(runner.isRunning).toBe(true);
    expect(await runner.scoreTrends(panelOf(2))).toHaveLength(2);
    runner.stop();
  });

  it('rejects every pending call when the worker dies, and starts a new one on the next call', async () => {
    FakeWorker.started = [];
    let isHolding = true;
    const runner = createWorkerScoringRunner(() => new FakeWorker(isHolding));
    const pending = [runner.scoreFacts(factsOf(5)), runner.scoreTrends(panelOf(5))];
    const crashed = FakeWorker.started[0]!;
    expect(crashed.received.map((r) => [r.id, r.kind])).toEqual([
      [1, 'facts'],
      [2, 'trends'],
    ]);
    crashed.fail('out of memory');
    for (const call of pending) {
      await expect(call).rejects.toMatchObject({ code: 'SCORING_WORKER_CRASHED', message: expect.stringContaining('out of memory') });
    }
    expect([crashed.isTerminated, runner.isRunning]).toEqual([true, false]);

    isHolding = false;
    const again: TrendResult[] = await runner.scoreTrends(panelOf(4));
    expect(again).toHaveLength(4);
    expect(FakeWorker.started).toHaveLength(2);
    // A late message from the dead worker changes nothing.
    crashed.dispatchEvent(new MessageEvent('message', { data: { id: 1, kind: 'failed', error: { code: 'UNEXPECTED', message: 'late' } } }));
    runner.stop();
  });

  it('rejects pending calls on stop(), on an unreadable reply, on a lost part, and when no worker can start', async () => {
    FakeWorker.started = [];
    const runner = createWorkerScoringRunner(() => new FakeWorker(true));
    const stopped = runner.scoreTrends(panelOf(2));
    runner.stop();
    const failure = (await stopped.catch((thrown: unknown) => thrown)) as ScoringFailure;
    expect([failure.code, failure.message]).toEqual(['SCORING_WORKER_CRASHED', 'The scoring worker was stopped.']);

    const unreadable = runner.scoreTrends(panelOf(2));
    FakeWorker.started[1]!.dispatchEvent(new Event('messageerror'));
    await expect(unreadable).rejects.toMatchObject({ code: 'SCORING_WORKER_CRASHED', message: 'The scoring worker sent a reply that could not be read.' });

    const skipped = runner.scoreTrends(panelOf(2));
    const worker = FakeWorker.started[2]!;
    const id = worker.received[0]!.id;
    worker.dispatchEvent(new MessageEvent('message', { data: { id, kind: 'trends-part', from: 5, trends: [] } }));
    await expect(skipped).rejects.toMatchObject({ code: 'UNEXPECTED', message: expect.stringContaining('skipped') });
    runner.stop();

    const unstartable = createWorkerScoringRunner(() => {
      throw new Error('module workers are not supported');
    });
    await expect(unstartable.scoreFacts(factsOf(1))).rejects.toMatchObject({
      code: 'SCORING_WORKER_CRASHED',
      message: 'The scoring worker could not start: module workers are not supported',
    });
  });
});
