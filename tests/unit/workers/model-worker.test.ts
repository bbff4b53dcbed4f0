// The model worker's plain function (handleModelRequest) on CDNOW, and the page's client with the Web Worker
// replaced by an in-process stand-in that structured-clones every message and runs the same function.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizePurchases } from '../../../src/analytics/rfm-summary.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import { appendSalesRows, createDataset, predictCustomerValues } from '../../../src/pipeline.ts';
import { createWorkerModelRunner, workerModelRunner, type ModelFailure, type ModelWorkerPort } from '../../../src/workers/model-client.ts';
import { handleModelRequest, type ModelRequest, type ModelResponse } from '../../../src/workers/model-protocol.ts';
import { CALIBRATION_END, cdnowLines, dayOf } from '../../fixtures/cdnow/cdnow.ts';
import { sale } from '../sql/sales-rows.ts';

const lines = cdnowLines();
const asOfDay = dayOf(CALIBRATION_END);
const summaries = summarizePurchases(lines, { asOfDay, unitDays: 7 });
const withinHalfPercent = (actual: number, expected: number) => expect(Math.abs(actual / expected - 1)).toBeLessThan(0.005);

describe('handleModelRequest', () => {
  it('predicts CDNOW with the published BG/NBD fit, answering the id it was sent', () => {
    const response = handleModelRequest({ id: 7, kind: 'predict', summaries, options: { unitDays: 7, asOfDay } });
    if (response.kind !== 'predicted') throw new Error(JSON.stringify(response));
    expect(response.id).toBe(7);
    const { bgnbd, customers, method } = response.predictions;
    expect(method).toBe('bgnbd_gamma_gamma');
    withinHalfPercent(bgnbd!.r, 0.2426);
    withinHalfPercent(bgnbd!.alpha, 4.4136);
    withinHalfPercent(bgnbd!.a, 0.7929);
    withinHalfPercent(bgnbd!.b, 2.4259);
    expect(customers).toHaveLength(2357);
    // A plain record: it crosses to the page unchanged.
    expect(structuredClone(response)).toEqual(response);
  });

  it('runs the holdout check, counting the holdout purchase days as a plain count of the raw lines does', () => {
    const holdoutEndDay = dayOf('1998-06-30');
    const response = handleModelRequest({ id: 8, kind: 'holdout', lines, options: { calibrationEndDay: asOfDay, holdoutEndDay, unitDays: 7 } });
    if (response.kind !== 'validated') throw new Error(JSON.stringify(response));
    const holdoutDays = new Set(lines.filter((l) => l.day > asOfDay && l.day <= holdoutEndDay).map((l) => `${l.customerId}|${l.day}`));
    expect(response.report.actualRepeatPurchases).toBe(holdoutDays.size);
    expect(response.report.holdoutLength).toBe(39);
    expect(structuredClone(response)).toEqual(response);
  });

  it('turns what the models throw into failed answers with a code', () => {
    expect(handleModelRequest({ id: 1, kind: 'predict', summaries, options: { unitDays: 0, asOfDay } })).toEqual({
      id: 1,
      kind: 'failed',
      error: { code: 'MODEL_BAD_INPUT', message: 'unitDays must be a finite number of days > 0 (1, 7 or 30.4375), got 0' },
    });
    // Nobody bought twice: BG/NBD has nothing to fit.
    const once = [
      { customerId: 'a', day: 100, amount: 5 },
      { customerId: 'b', day: 110, amount: 5 },
    ];
    const noRepeat = handleModelRequest({ id: 2, kind: 'holdout', lines: once, options: { calibrationEndDay: 120, holdoutEndDay: 200, unitDays: 7 } });
    expect(noRepeat).toMatchObject({ id: 2, kind: 'failed', error: { code: 'MODEL_NO_DATA' } });
    const unknown = handleModelRequest({ id: 3, kind: 'refit' } as unknown as ModelRequest);
    expect(unknown).toMatchObject({ id: 3, kind: 'failed', error: { code: 'UNEXPECTED', message: expect.stringContaining('"refit"') } });
  });
});

/** Stands in for `new Worker(…model.worker.ts…)`: clones each message both ways and answers asynchronously. */
class FakeWorker extends EventTarget implements ModelWorkerPort {
  static started: FakeWorker[] = [];
  isTerminated = false;
  /** Requests received; with `isHolding`, they wait here instead of being answered. */
  received: ModelRequest[] = [];
  constructor(readonly isHolding = false) {
    super();
    FakeWorker.started.push(this);
  }
  postMessage(request: ModelRequest): void {
    const copy = structuredClone(request);
    this.received.push(copy);
    if (this.isHolding) return;
    setTimeout(() => {
      if (this.isTerminated) return;
      const response: ModelResponse = handleModelRequest(copy);
      this.dispatchEvent(new MessageEvent('message', { data: structuredClone(response) }));
    });
  }
  terminate(): void {
    this.isTerminated = true;
  }
  /** What a worker that throws at top level or fails to load does. */
  fail(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}

describe('the model worker client', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('starts no worker when imported or created, one on the first call, and reuses it', async () => {
    // This module imported the client, which made `workerModelRunner`, in Node where there is no Worker at all.
    expect(workerModelRunner.isRunning).toBe(false);
    FakeWorker.started = [];
    const runner = createWorkerModelRunner(() => new FakeWorker());
    expect(FakeWorker.started).toHaveLength(0);
    const [first, second] = await Promise.all([
      runner.predict(summaries.slice(0, 50), { unitDays: 7, asOfDay }),
      runner.predict(summaries, { unitDays: 7, asOfDay }),
    ]);
    expect(FakeWorker.started).toHaveLength(1);
    expect(runner.isRunning).toBe(true);
    // 50 customers are too few for a fit: the two calls got their own answers.
    expect([first.method, first.customers.length, second.method, second.customers.length]).toEqual(['heuristic', 50, 'bgnbd_gamma_gamma', 2357]);
    runner.stop();
  });

  it('runs predictCustomerValues like the inline runner', async () => {
    await createDataset(engine);
    await appendSalesRows(
      engine,
      [
        sale({ customer_id: 'A', order_date: '2024-01-10', amount: 30 }),
        sale({ customer_id: 'A', order_date: '2024-02-10', amount: 50 }),
        sale({ customer_id: 'B', order_date: '2024-03-01', amount: 20 }),
      ],
      'small.csv',
    );
    const runner = createWorkerModelRunner(() => new FakeWorker());
    const viaWorker = await predictCustomerValues(engine, { asOf: '2024-03-31' }, runner);
    const inline = await predictCustomerValues(engine, { asOf: '2024-03-31' });
    expect(viaWorker).toEqual(inline);
    expect(viaWorker.predictions.customers.map((c) => c.customerId)).toEqual(['A', 'B']);
    runner.stop();
  });

  it("rejects with the model's code when the model fails", async () => {
    const runner = createWorkerModelRunner(() => new FakeWorker());
    const once = [{ customerId: 'a', day: 100, amount: 5 }];
    await expect(runner.holdout(once, { calibrationEndDay: 120, holdoutEndDay: 200, unitDays: 7 })).rejects.toMatchObject({
      name: 'ModelFailure',
      code: 'MODEL_NO_DATA',
    });
    // The worker survives a failed fit.
    expect(runner.isRunning).toBe(true);
    runner.stop();
  });

  it('rejects every pending call when the worker dies, and starts a new one on the next call', async () => {
    FakeWorker.started = [];
    let isHolding = true;
    const runner = createWorkerModelRunner(() => new FakeWorker(isHolding));
    const pending = [runner.predict(summaries, { unitDays: 7, asOfDay }), runner.holdout(lines, { calibrationEndDay: asOfDay, holdoutEndDay: asOfDay + 70, unitDays: 7 })];
    const crashed = FakeWorker.started[0]!;
    expect(crashed.received.map((r) => [r.id, r.kind])).toEqual([
      [1, 'predict'],
      [2, 'holdout'],
    ]);
    crashed.fail('out of memory');
    for (const call of pending) {
      await expect(call).rejects.toMatchObject({ code: 'MODEL_WORKER_CRASHED', message: expect.stringContaining('out of memory') });
    }
    expect(crashed.isTerminated).toBe(true);
    expect(runner.isRunning).toBe(false);

    isHolding = false;
    const again = await runner.predict(summaries.slice(0, 10), { unitDays: 7, asOfDay });
    expect(again.customers).toHaveLength(10);
    expect(FakeWorker.started).toHaveLength(2);
    // A late message from the dead worker changes nothing.
    crashed.dispatchEvent(new MessageEvent('message', { data: { id: 1, kind: 'failed', error: { code: 'UNEXPECTED', message: 'late' } } }));
    runner.stop();
  });

  it('rejects pending calls on stop() and on an unreadable reply', async () => {
    FakeWorker.started = [];
    const runner = createWorkerModelRunner(() => new FakeWorker(true));
    const stopped = runner.predict(summaries, { unitDays: 7, asOfDay });
    runner.stop();
    const failure = (await stopped.catch((thrown: unknown) => thrown)) as ModelFailure;
    expect([failure.code, failure.message]).toEqual(['MODEL_WORKER_CRASHED', 'The model worker was stopped.']);

    const unreadable = runner.predict(summaries, { unitDays: 7, asOfDay });
    FakeWorker.started[1]!.dispatchEvent(new Event('messageerror'));
    await expect(unreadable).rejects.toMatchObject({ code: 'MODEL_WORKER_CRASHED', message: 'The model worker sent a reply that could not be read.' });
  });

  it('rejects with MODEL_WORKER_CRASHED when the worker cannot be started', async () => {
    const runner = createWorkerModelRunner(() => {
      throw new Error('module workers are not supported');
    });
    await expect(runner.predict(summaries, { unitDays: 7, asOfDay })).rejects.toMatchObject({
      code: 'MODEL_WORKER_CRASHED',
      message: 'The model worker could not start: module workers are not supported',
    });
  });
});
