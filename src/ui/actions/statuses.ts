// What the user decides about the action list, kept in this browser between visits (IndexedDB through
// idb-keyval): which actions are done or dismissed and why, the relationship levels they set, and the goals of
// each account plan. Everything is filed under the dataset (its file names), so two books never mix, and is
// read back through checks that drop whatever does not have the expected shape.
import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { ActionRow } from '../../analytics/actions.ts';
import { readDecisions, type ActionDecisions } from '../../notebook/decisions.ts';

// The shape and the checks are shared with the notebook file, which carries the same decisions.
export { ACTION_STATUSES, readDecisions, type ActionDecisions, type ActionStatus, type StatusRecord } from '../../notebook/decisions.ts';

export const NO_DECISIONS: ActionDecisions = { statuses: {}, relationship: {}, goals: {} };

/** The dataset a decision belongs to: its file names, in any order. */
export function datasetKey(fileNames: readonly string[]): string {
  return JSON.stringify([...new Set(fileNames)].sort());
}

/** One action of one customer: the same customer, action and offer in a later analysis finds its status again. */
export function actionKey(row: Pick<ActionRow, 'customerId' | 'action' | 'offer'>): string {
  return JSON.stringify([row.customerId, row.action, row.offer ?? '']);
}

export interface DecisionStore {
  load(dataset: string): Promise<ActionDecisions>;
  save(dataset: string, decisions: ActionDecisions): Promise<void>;
}

/** The browser's store of decisions (its own database, apart from the notebook's). Opens nothing until used. */
export function decisionStore({ store }: { store?: UseStore } = {}): DecisionStore {
  let opened: UseStore | null = store ?? null;
  const db = () => (opened ??= createStore('ciclo-actions', 'decisions'));
  return {
    async load(dataset) {
      return readDecisions(await get<unknown>(dataset, db()));
    },
    async save(dataset, decisions) {
      // A plain copy: IndexedDB cannot clone Svelte's state proxies.
      await set(dataset, JSON.parse(JSON.stringify(decisions)) as ActionDecisions, db());
    },
  };
}
