// The next best actions as the screens see them: the action list and key accounts computed from the last
// analysis (and the predicted values of the same date, when there are any), the list's filters and order, the
// open account plan, and what the user decided (statuses, notes, relationship levels, goals), which is kept in
// this browser per dataset. Runs are numbered, so a result arriving after a newer run started is dropped.
import type { RelationshipLevel } from '../../analytics/relationship.ts';
import { customerDetail, nextActions, type ActionsResult, type Analysis, type CustomerDetail, type CustomerValueModel } from '../../pipeline.ts';
import { dataset } from '../dataset.svelte.ts';
import type { Task } from '../task.ts';
import { fromThrown } from '../user-error.ts';
import { DEFAULT_ACTION_SORT, NO_ACTION_FILTERS, type ActionFilters, type ActionSort } from './action-filters.ts';
import type { ActionRow } from '../../analytics/actions.ts';
import type { AccountGoal } from './goal-tracking.ts';
import { actionKey, datasetKey, decisionStore, NO_DECISIONS, type ActionDecisions, type ActionStatus } from './statuses.ts';

export type ActionsView = 'list' | 'keyAccounts';

/** Class A (key accounts): the top customers making up this share of the last 12 months' revenue. */
export const KEY_ACCOUNT_SHARE = 0.8;

export interface ActionsRequest {
  analysis: Analysis;
  /** Predictions of the same analysis date, or null to let the action list use its own estimates. */
  model: CustomerValueModel | null;
}

class ActionsState {
  task = $state.raw<Task<ActionsResult>>({ status: 'idle' });
  /** The last finished action list, kept on screen while the next one runs or if it fails. */
  latest = $state.raw<ActionsResult | null>(null);
  isRunning = $derived(this.task.status === 'running');

  view = $state<ActionsView>('list');
  filters = $state.raw<ActionFilters>(NO_ACTION_FILTERS);
  sort = $state.raw<ActionSort>(DEFAULT_ACTION_SORT);

  /** The key account whose plan is open. */
  accountId = $state<string | null>(null);
  detail = $state.raw<Task<CustomerDetail>>({ status: 'idle' });

  decisions = $state.raw<ActionDecisions>(NO_DECISIONS);
  /** The decisions of the current dataset have been read from the browser. */
  hasDecisions = $state(false);
  /** The last save failed (storage full or disabled): decisions then live only until the page closes. */
  saveFailed = $state(false);

  #run = 0;
  #detailRun = 0;
  #dataset: string | null = null;
  #loading: Promise<void> | null = null;
  #store = decisionStore();
  /** What the list on screen (or under way) was computed from. */
  #from: { analysis: Analysis; model: CustomerValueModel | null; overrides: string } | null = null;
  #request: ActionsRequest | null = null;

  /** Computes the action list for an analysis, unless the same list is already on screen or under way. */
  async run(request: ActionsRequest): Promise<void> {
    this.#request = request;
    await this.#ensureDecisions();
    const overrides = JSON.stringify(this.decisions.relationship);
    const from = this.#from;
    if (from && from.analysis === request.analysis && from.model === request.model && from.overrides === overrides && this.task.status !== 'failed') return;
    this.#from = { analysis: request.analysis, model: request.model, overrides };
    const run = ++this.#run;
    this.task = { status: 'running', progress: null };
    try {
      const engine = await dataset.ready();
      const result = await nextActions(engine, request.analysis, request.model, {
        aShare: KEY_ACCOUNT_SHARE,
        relationshipOverrides: { ...this.decisions.relationship },
      });
      if (run !== this.#run) return;
      this.task = { status: 'done', value: result };
      this.latest = result;
      if (this.accountId !== null) void this.#loadDetail(this.accountId);
    } catch (thrown) {
      if (run !== this.#run) return;
      this.task = { status: 'failed', error: fromThrown(thrown) };
    }
  }

  /** Runs the last request again (after a failure). */
  async retry(): Promise<void> {
    if (this.#request === null) return;
    this.#from = null;
    await this.run(this.#request);
  }

  /** Reads the decisions of the dataset now loaded, once per dataset. */
  async #ensureDecisions(): Promise<void> {
    const key = datasetKey(dataset.files.map((file) => file.sourceFile));
    if (key === this.#dataset && this.#loading) return this.#loading;
    this.#dataset = key;
    this.hasDecisions = false;
    this.#loading = (async () => {
      let decisions: ActionDecisions = NO_DECISIONS;
      try {
        decisions = await this.#store.load(key);
      } catch {
        // IndexedDB can be unavailable (private windows): start empty, saving will say so.
      }
      if (key !== this.#dataset) return;
      this.decisions = decisions;
      this.hasDecisions = true;
    })();
    return this.#loading;
  }

  #save(decisions: ActionDecisions): void {
    this.decisions = decisions;
    const key = this.#dataset;
    if (key === null) return;
    this.#store.save(key, decisions).then(
      () => (this.saveFailed = false),
      () => (this.saveFailed = true),
    );
  }

  /** The decisions of the dataset now loaded, for a downloaded notebook file; null when no data is loaded. */
  async decisionsForFile(): Promise<ActionDecisions | null> {
    if (!dataset.hasData) return null;
    await this.#ensureDecisions();
    return this.decisions;
  }

  /**
   * Replaces the decisions of the dataset now loaded by those of an opened notebook file (as the file's cells
   * replace the notebook's), keeps them in this browser and recomputes the list. Without data nothing is applied.
   */
  async applyDecisions(decisions: ActionDecisions): Promise<void> {
    if (!dataset.hasData) return;
    await this.#ensureDecisions();
    this.#save(decisions);
    if (this.#request) void this.run(this.#request);
  }

  statusOf(row: ActionRow): ActionStatus | null {
    return this.decisions.statuses[actionKey(row)]?.status ?? null;
  }

  /** Marks an action done or dismissed with a note; null reopens it. */
  decide(row: ActionRow, status: ActionStatus | null, note = ''): void {
    const statuses = { ...this.decisions.statuses };
    const key = actionKey(row);
    if (status === null) delete statuses[key];
    else statuses[key] = { status, note: note.trim(), at: new Date().toISOString() };
    this.#save({ ...this.decisions, statuses });
  }

  /** Sets a customer's relationship level (null goes back to the level read from sales) and recomputes. */
  setRelationship(customerId: string, level: RelationshipLevel | null): void {
    const relationship = { ...this.decisions.relationship };
    if (level === null) delete relationship[customerId];
    else relationship[customerId] = level;
    this.#save({ ...this.decisions, relationship });
    if (this.#request) void this.run(this.#request);
  }

  addGoal(customerId: string, goal: AccountGoal): void {
    const goals = { ...this.decisions.goals, [customerId]: [...(this.decisions.goals[customerId] ?? []), goal] };
    this.#save({ ...this.decisions, goals });
  }

  removeGoal(customerId: string, goalId: string): void {
    const kept = (this.decisions.goals[customerId] ?? []).filter((goal) => goal.id !== goalId);
    const goals = { ...this.decisions.goals };
    if (kept.length === 0) delete goals[customerId];
    else goals[customerId] = kept;
    this.#save({ ...this.decisions, goals });
  }

  openAccount(customerId: string): void {
    this.accountId = customerId;
    void this.#loadDetail(customerId);
  }

  closeAccount(): void {
    this.accountId = null;
    this.#detailRun++;
    this.detail = { status: 'idle' };
  }

  async #loadDetail(customerId: string): Promise<void> {
    const run = ++this.#detailRun;
    const asOf = this.latest?.asOf ?? this.#request?.analysis.settings.asOf;
    if (!asOf) return;
    this.detail = { status: 'running', progress: null };
    try {
      const detail = await customerDetail(await dataset.ready(), customerId, asOf);
      if (run !== this.#detailRun) return;
      this.detail = { status: 'done', value: detail };
    } catch (thrown) {
      if (run !== this.#detailRun) return;
      this.detail = { status: 'failed', error: fromThrown(thrown) };
    }
  }

  /** Drops whatever an earlier dataset produced (called when the data is cleared); filters and decisions stay stored. */
  reset(): void {
    this.#run++;
    this.#detailRun++;
    this.#from = null;
    this.#request = null;
    this.#dataset = null;
    this.#loading = null;
    this.task = { status: 'idle' };
    this.latest = null;
    this.accountId = null;
    this.detail = { status: 'idle' };
    this.decisions = NO_DECISIONS;
    this.hasDecisions = false;
  }
}

export const actions = new ActionsState();
