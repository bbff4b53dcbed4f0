// The predicted value of the customers as the screens see it: the model settings (time unit, horizon, monthly
// discount), the predictions as a task that runs after each analysis, and the holdout check as a second task
// that runs only once the user opens "How accurate is it?". The fits run in the model worker, so the page stays
// responsive; each task has its own run counter, so a result that arrives after a newer run started is dropped.
import { isModelError, type ModelErrorCode } from '../../analytics/optimize.ts';
import type { CustomerPrediction } from '../../analytics/value-model.ts';
import {
  predictCustomerValues,
  validateValueModel,
  type CustomerValueModel,
  type ModelRunner,
  type ModelUnit,
  type ValueModelValidation,
} from '../../pipeline.ts';
import { dataset } from '../dataset.svelte.ts';
import type { Task } from '../task.ts';
import { fromThrown } from '../user-error.ts';
import { predictionsById } from './value-figures.ts';

export interface ValueRequest {
  asOf: string;
  unit: ModelUnit;
  horizonMonths: number;
  monthlyDiscount: number;
}

export interface ValidationRequest {
  asOf: string;
  unit: ModelUnit;
  /** ISO last day the model sees; null for Ciclo's default split. */
  calibrationEnd: string | null;
}

/** A task that can also end with the models unable to work on this data (a ModelError), which is not a fault. */
export type ModelTask<T> = Task<T> | { status: 'unfit'; code: ModelErrorCode; detail: string };

/** Where the fits run; the page's model worker, loaded when first needed so that no worker starts on import. */
async function pageRunner(): Promise<ModelRunner> {
  const { workerModelRunner } = await import('../../workers/model-client.ts');
  return workerModelRunner;
}

class ValueState {
  unit = $state<ModelUnit>('week');
  horizonMonths = $state(12);
  monthlyDiscount = $state(0.01);

  model = $state.raw<Task<CustomerValueModel>>({ status: 'idle' });
  /** The last finished predictions, kept on screen while the next ones run or if they fail. */
  latest = $state.raw<CustomerValueModel | null>(null);
  byCustomer = $derived<ReadonlyMap<string, CustomerPrediction>>(this.latest ? predictionsById(this.latest.predictions.customers) : new Map());
  isRunning = $derived(this.model.status === 'running');

  /** "How accurate is it?" is open (kept while the overview redraws for another date, so the check follows it). */
  isValidationOpen = $state(false);
  /** The user's calibration end for the check; null for the default split. */
  calibrationEnd = $state<string | null>(null);
  validation = $state.raw<ModelTask<ValueModelValidation>>({ status: 'idle' });

  #run = 0;
  /** What the predictions on screen (or under way) were asked for: an analysis that changes nothing they read does not refit. */
  #key: string | null = null;
  #request: ValueRequest | null = null;
  #validationRun = 0;
  /** What the validation on screen (or under way) was asked for, so reopening the panel does not refit. */
  #validationKey: string | null = null;

  /**
   * Predicts every customer's value for an analysis date and settings, unless the same predictions are already
   * on screen or under way (an analysis re-run for another significance level changes nothing here). An earlier
   * run still under way is dropped.
   */
  async run(request: ValueRequest): Promise<void> {
    const key = JSON.stringify([dataset.revision, request.asOf, request.unit, request.horizonMonths, request.monthlyDiscount]);
    if (key === this.#key && this.model.status !== 'failed') return;
    this.#key = key;
    this.#request = request;
    const run = ++this.#run;
    this.model = { status: 'running', progress: null };
    try {
      const engine = await dataset.ready();
      const runner = await pageRunner();
      const model = await predictCustomerValues(engine, request, runner);
      if (run !== this.#run) return;
      this.model = { status: 'done', value: model };
      this.latest = model;
    } catch (thrown) {
      if (run !== this.#run) return;
      this.model = { status: 'failed', error: fromThrown(thrown) };
    }
  }

  /** Runs the last predictions again (after a failure, e.g. a model worker that stopped). */
  async retry(): Promise<void> {
    if (this.#request === null) return;
    this.#key = null;
    await this.run(this.#request);
  }

  /**
   * Runs the holdout check for an analysis date, unit and calibration end, unless the same check is already on
   * screen or under way (`force` runs it again, e.g. after a failure).
   */
  async validate(request: ValidationRequest, { force = false } = {}): Promise<void> {
    const key = JSON.stringify([dataset.revision, request.asOf, request.unit, request.calibrationEnd]);
    if (!force && key === this.#validationKey && this.validation.status !== 'failed') return;
    this.#validationKey = key;
    const run = ++this.#validationRun;
    this.validation = { status: 'running', progress: null };
    try {
      const engine = await dataset.ready();
      const runner = await pageRunner();
      const report = await validateValueModel(engine, { asOf: request.asOf, unit: request.unit, calibrationEnd: request.calibrationEnd ?? undefined }, runner);
      if (run !== this.#validationRun) return;
      this.validation = { status: 'done', value: report };
    } catch (thrown) {
      if (run !== this.#validationRun) return;
      this.validation = isModelError(thrown)
        ? { status: 'unfit', code: thrown.code, detail: thrown.message }
        : { status: 'failed', error: fromThrown(thrown) };
    }
  }

  /** Drops whatever an earlier dataset produced (called when the data is cleared); the settings stay. */
  reset(): void {
    this.#run++;
    this.#key = null;
    this.#request = null;
    this.#validationRun++;
    this.#validationKey = null;
    this.model = { status: 'idle' };
    this.latest = null;
    this.validation = { status: 'idle' };
    this.isValidationOpen = false;
    this.calibrationEnd = null;
  }
}

export const value = new ValueState();
