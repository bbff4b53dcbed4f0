// What the user decides about the action list, kept in this browser between visits (IndexedDB through
// idb-keyval): which actions are done or dismissed and why, the relationship levels they set, and the goals of
// each account plan. Everything is filed under the dataset (its file names), so two books never mix, and is
// read back through checks that drop whatever does not have the expected shape.
import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { ActionRow } from '../../analytics/actions.ts';
import type { RelationshipLevel } from '../../analytics/relationship.ts';
import { checkGoal, type AccountGoal } from './goal-tracking.ts';

export type ActionStatus = 'done' | 'dismissed';
export const ACTION_STATUSES = ['done', 'dismissed'] as const satisfies readonly ActionStatus[];

export interface StatusRecord {
  status: ActionStatus;
  /** The user's note, possibly empty. */
  note: string;
  /** ISO timestamp of the decision. */
  at: string;
}

/** Everything kept for one dataset. */
export interface ActionDecisions {
  /** By actionKey. */
  statuses: Record<string, StatusRecord>;
  /** Relationship levels set by the user, by customer id. */
  relationship: Record<string, RelationshipLevel>;
  /** Account-plan goals, by customer id. */
  goals: Record<string, AccountGoal[]>;
}

export const NO_DECISIONS: ActionDecisions = { statuses: {}, relationship: {}, goals: {} };

/** The dataset a decision belongs to: its file names, in any order. */
export function datasetKey(fileNames: readonly string[]): string {
  return JSON.stringify([...new Set(fileNames)].sort());
}

/** One action of one customer: the same customer, action and offer in a later analysis finds its status again. */
export function actionKey(row: Pick<ActionRow, 'customerId' | 'action' | 'offer'>): string {
  return JSON.stringify([row.customerId, row.action, row.offer ?? '']);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads stored decisions, keeping only well-formed entries (the store outlives versions of Ciclo). */
export function readDecisions(value: unknown): ActionDecisions {
  if (!isRecord(value)) return { statuses: {}, relationship: {}, goals: {} };
  const statuses: Record<string, StatusRecord> = {};
  if (isRecord(value.statuses)) {
    for (const [key, entry] of Object.entries(value.statuses)) {
      if (!isRecord(entry) || !(ACTION_STATUSES as readonly unknown[]).includes(entry.status)) continue;
      statuses[key] = { status: entry.status as ActionStatus, note: typeof entry.note === 'string' ? entry.note : '', at: typeof entry.at === 'string' ? entry.at : '' };
    }
  }
  const relationship: Record<string, RelationshipLevel> = {};
  if (isRecord(value.relationship)) {
    for (const [id, level] of Object.entries(value.relationship)) {
      if (level === 1 || level === 2 || level === 3 || level === 4 || level === 5) relationship[id] = level;
    }
  }
  const goals: Record<string, AccountGoal[]> = {};
  if (isRecord(value.goals)) {
    for (const [id, list] of Object.entries(value.goals)) {
      if (!Array.isArray(list)) continue;
      const kept = list.filter((goal): goal is AccountGoal => {
        try {
          checkGoal(goal as AccountGoal);
          return true;
        } catch {
          return false;
        }
      });
      if (kept.length > 0) goals[id] = kept;
    }
  }
  return { statuses, relationship, goals };
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
