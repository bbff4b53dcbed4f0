// What a user decided about the action list of one dataset (actions done or dismissed with a note, relationship
// levels set by hand, account-plan goals), and the checks of each entry. The browser's store and the notebook file
// share these checks: the store keeps the well-formed entries and drops the rest, the file refuses the first
// entry that fails, at its place. Pure: no DOM, no storage.
import type { RelationshipLevel } from '../analytics/relationship.ts';

export type ActionStatus = 'done' | 'dismissed';
export const ACTION_STATUSES = ['done', 'dismissed'] as const satisfies readonly ActionStatus[];

export interface StatusRecord {
  status: ActionStatus;
  /** The user's note, possibly empty. */
  note: string;
  /** ISO timestamp of the decision. */
  at: string;
}

/** A goal of an account plan, as kept (the same shape as the account plan's `AccountGoal`). */
export interface DecisionGoal {
  id: string;
  metric: 'revenue' | 'categories';
  /** Per quarter: revenue (money) or distinct categories bought. */
  target: number;
  /** The first quarter tracked, `YYYY-Qn`. */
  fromQuarter: string;
}

/** Everything decided for one dataset. */
export interface ActionDecisions {
  /** By action key (customer, action and offer). */
  statuses: Record<string, StatusRecord>;
  /** Relationship levels set by the user, by customer id. */
  relationship: Record<string, RelationshipLevel>;
  /** Account-plan goals, by customer id. */
  goals: Record<string, DecisionGoal[]>;
}

export const DECISION_LIMITS = {
  /** Entries of each section. */
  entries: 100_000,
  /** Characters of an action key or a customer id. */
  keyChars: 1_000,
  /** Characters of a note. */
  noteChars: 10_000,
  /** Characters of a goal id. */
  idChars: 100,
  goalsPerCustomer: 100,
  /** Characters of a decision's timestamp (an ISO timestamp as written by Ciclo). */
  timestampChars: 64,
} as const;

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const QUARTER = /^\d{4}-Q[1-4]$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value));

/** Why a text cannot key a section (an action key or a customer id), or null. */
export function keyProblem(key: string): string | null {
  if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not allowed`;
  if (key === '') return 'expected a non-empty key';
  if (key.length > DECISION_LIMITS.keyChars) return `a key has at most ${DECISION_LIMITS.keyChars} characters, got ${key.length}`;
  return null;
}

/** Why a value is not a status record, or null. `field` names the culprit when it is one field. */
export function statusProblem(value: unknown): { field?: string; detail: string } | null {
  if (!isRecord(value)) return { detail: `expected an object with status, note and at, got ${Array.isArray(value) ? 'an array' : shown(value)}` };
  const unknown = Object.keys(value).find((key) => !['status', 'note', 'at'].includes(key));
  if (unknown !== undefined) return { field: unknown, detail: `unknown field "${unknown}"; expected status, note, at` };
  if (!(ACTION_STATUSES as readonly unknown[]).includes(value.status)) return { field: 'status', detail: `expected done or dismissed, got ${shown(value.status)}` };
  if (typeof value.note !== 'string') return { field: 'note', detail: `expected text, got ${shown(value.note)}` };
  if (value.note.length > DECISION_LIMITS.noteChars) return { field: 'note', detail: `at most ${DECISION_LIMITS.noteChars} characters, got ${value.note.length}` };
  if (typeof value.at !== 'string' || value.at.length > DECISION_LIMITS.timestampChars) {
    return { field: 'at', detail: `expected a timestamp text of at most ${DECISION_LIMITS.timestampChars} characters, got ${shown(value.at)}` };
  }
  return null;
}

export function isRelationshipLevel(value: unknown): value is RelationshipLevel {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}

/** Why a value is not an account-plan goal, or null (the account plan's `checkGoal`, as a problem). */
export function goalProblem(value: unknown): { field?: string; detail: string } | null {
  if (!isRecord(value)) return { detail: `expected a goal object, got ${Array.isArray(value) ? 'an array' : shown(value)}` };
  const unknown = Object.keys(value).find((key) => !['id', 'metric', 'target', 'fromQuarter'].includes(key));
  if (unknown !== undefined) return { field: unknown, detail: `unknown field "${unknown}"; expected id, metric, target, fromQuarter` };
  const { id, metric, target, fromQuarter } = value;
  if (typeof id !== 'string' || id === '' || id.length > DECISION_LIMITS.idChars) {
    return { field: 'id', detail: `expected a non-empty text of at most ${DECISION_LIMITS.idChars} characters, got ${shown(id)}` };
  }
  if (metric !== 'revenue' && metric !== 'categories') return { field: 'metric', detail: `expected revenue or categories, got ${shown(metric)}` };
  if (!(typeof target === 'number' && Number.isFinite(target) && target > 0)) return { field: 'target', detail: `expected a number > 0, got ${shown(target)}` };
  if (metric === 'categories' && !Number.isInteger(target)) return { field: 'target', detail: `a categories goal must be a whole number, got ${target}` };
  if (typeof fromQuarter !== 'string' || !QUARTER.test(fromQuarter)) return { field: 'fromQuarter', detail: `expected a quarter like 2024-Q2, got ${shown(fromQuarter)}` };
  return null;
}

/** Where an entry of the decisions went wrong: `at` lists the keys from the decisions down (`['relationship', 'C001']`). */
export interface DecisionProblem {
  at: (string | number)[];
  detail: string;
}

/**
 * Reads decisions entry by entry. Each problem goes to `onProblem`, which either throws (a file, refused at the
 * first problem) or returns to drop the entry (the store, which outlives versions of Ciclo). Missing sections
 * are empty.
 */
export function readDecisionsWith(value: unknown, onProblem: (problem: DecisionProblem) => void): ActionDecisions {
  const decisions: ActionDecisions = { statuses: {}, relationship: {}, goals: {} };
  if (!isRecord(value)) {
    onProblem({ at: [], detail: `expected an object with statuses, relationship and goals, got ${Array.isArray(value) ? 'an array' : shown(value)}` });
    return decisions;
  }
  const unknown = Object.keys(value).find((key) => !['statuses', 'relationship', 'goals'].includes(key));
  if (unknown !== undefined) onProblem({ at: [unknown], detail: `unknown field "${unknown}"; expected statuses, relationship, goals` });
  const section = (name: 'statuses' | 'relationship' | 'goals'): [string, unknown][] => {
    const part = value[name];
    if (part === undefined) return [];
    if (!isRecord(part)) {
      onProblem({ at: [name], detail: `expected an object, got ${Array.isArray(part) ? 'an array' : shown(part)}` });
      return [];
    }
    const entries = Object.entries(part);
    if (entries.length > DECISION_LIMITS.entries) {
      onProblem({ at: [name], detail: `at most ${DECISION_LIMITS.entries} entries, got ${entries.length}` });
      return [];
    }
    return entries.filter(([key]) => {
      const problem = keyProblem(key);
      if (problem) onProblem({ at: [name, key], detail: problem });
      return problem === null;
    });
  };
  for (const [key, entry] of section('statuses')) {
    const problem = statusProblem(entry);
    if (problem) onProblem({ at: ['statuses', key, ...(problem.field ? [problem.field] : [])], detail: problem.detail });
    else {
      const { status, note, at } = entry as StatusRecord;
      decisions.statuses[key] = { status, note, at };
    }
  }
  for (const [id, level] of section('relationship')) {
    if (isRelationshipLevel(level)) decisions.relationship[id] = level;
    else onProblem({ at: ['relationship', id], detail: `expected a level 1, 2, 3, 4 or 5, got ${shown(level)}` });
  }
  for (const [id, list] of section('goals')) {
    if (!Array.isArray(list)) {
      onProblem({ at: ['goals', id], detail: `expected a list of goals, got ${shown(list)}` });
      continue;
    }
    if (list.length > DECISION_LIMITS.goalsPerCustomer) {
      onProblem({ at: ['goals', id], detail: `at most ${DECISION_LIMITS.goalsPerCustomer} goals, got ${list.length}` });
      continue;
    }
    const kept: DecisionGoal[] = [];
    list.forEach((goal: unknown, index: number) => {
      const problem = goalProblem(goal);
      if (problem) onProblem({ at: ['goals', id, index, ...(problem.field ? [problem.field] : [])], detail: problem.detail });
      else {
        const { id: goalId, metric, target, fromQuarter } = goal as DecisionGoal;
        kept.push({ id: goalId, metric, target, fromQuarter });
      }
    });
    if (kept.length > 0) decisions.goals[id] = kept;
  }
  return decisions;
}

/** Reads stored decisions, keeping only well-formed entries. */
export function readDecisions(value: unknown): ActionDecisions {
  return readDecisionsWith(value, () => {});
}
