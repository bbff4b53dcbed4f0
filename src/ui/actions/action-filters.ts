// The action list as the user narrows and orders it: filters by action type, stage, salesperson and region,
// a search over customer and offer, a switch that hides what is already done or dismissed, and the counts
// each filter chip shows. Plain functions over plain records, so the list on screen, its chip counts and the
// exported file are the same rows.
import type { ActionRow, ActionType } from '../../analytics/actions.ts';
import type { Stage } from '../../analytics/types.ts';
import type { ActionStatus } from './statuses.ts';

/** One row of the list with what the screen adds to it: its storage key, its status and the customer's team. */
export interface ListedAction {
  row: ActionRow;
  /** actionKey(row): the key its status is kept under. */
  key: string;
  status: ActionStatus | null;
  salesperson: string | null;
  region: string | null;
}

export interface ActionFilters {
  actions: readonly ActionType[];
  stages: readonly Stage[];
  salespeople: readonly string[];
  regions: readonly string[];
  search: string;
  /** Hides rows marked done or dismissed. */
  hideClosed: boolean;
}

export const NO_ACTION_FILTERS: ActionFilters = { actions: [], stages: [], salespeople: [], regions: [], search: '', hideClosed: false };

/** The chip groups; each one's counts ignore its own selection (facet counts). */
export type FacetGroup = 'actions' | 'stages' | 'salespeople' | 'regions';

/** Lower case without accents, so "sao" finds "São". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function facetValue(item: ListedAction, group: FacetGroup): string | null {
  switch (group) {
    case 'actions':
      return item.row.action;
    case 'stages':
      return item.row.stage;
    case 'salespeople':
      return item.salesperson;
    case 'regions':
      return item.region;
  }
}

function matches(item: ListedAction, filters: ActionFilters, search: string, except: FacetGroup | null): boolean {
  if (filters.hideClosed && item.status !== null) return false;
  for (const group of ['actions', 'stages', 'salespeople', 'regions'] as const) {
    if (group === except) continue;
    const chosen = filters[group] as readonly string[];
    if (chosen.length === 0) continue;
    const value = facetValue(item, group);
    if (value === null || !chosen.includes(value)) return false;
  }
  if (search === '') return true;
  const { customerId, customerName, offer } = item.row;
  return [customerId, customerName ?? '', offer ?? ''].some((text) => foldText(text).includes(search));
}

/** The rows every filter lets through, in their input order. */
export function filterActions(items: readonly ListedAction[], filters: ActionFilters): ListedAction[] {
  const search = foldText(filters.search.trim());
  return items.filter((item) => matches(item, filters, search, null));
}

/**
 * Rows per value of each chip group, among the rows the other filters let through: a chip's count is how
 * many rows the list shows when that chip alone is picked in its group. Rows without a value (no
 * salesperson mapped) are not counted in that group.
 */
export function facetCounts(items: readonly ListedAction[], filters: ActionFilters): Record<FacetGroup, Map<string, number>> {
  const search = foldText(filters.search.trim());
  const counts = { actions: new Map(), stages: new Map(), salespeople: new Map(), regions: new Map() } as Record<FacetGroup, Map<string, number>>;
  for (const group of ['actions', 'stages', 'salespeople', 'regions'] as const) {
    for (const item of items) {
      const value = facetValue(item, group);
      if (value === null || !matches(item, filters, search, group)) continue;
      counts[group].set(value, (counts[group].get(value) ?? 0) + 1);
    }
  }
  return counts;
}

/** The distinct non-empty values of a team attribute, sorted for the select. */
export function facetValues(items: readonly ListedAction[], group: 'salespeople' | 'regions', language: string): string[] {
  const values = new Set<string>();
  for (const item of items) {
    const value = facetValue(item, group);
    if (value !== null && value !== '') values.add(value);
  }
  return [...values].sort((a, b) => a.localeCompare(b, language));
}

export type ActionSortColumn =
  | 'customer'
  | 'action'
  | 'offer'
  | 'stage'
  | 'trend'
  | 'pAlive'
  | 'predictedClv'
  | 'valueAtStake'
  | 'priority'
  | 'timing'
  | 'status';

export interface ActionSort {
  column: ActionSortColumn;
  descending: boolean;
}

/** The list's order until the user picks another: the money most worth chasing first. */
export const DEFAULT_ACTION_SORT: ActionSort = { column: 'priority', descending: true };

const NUMERIC: ReadonlySet<ActionSortColumn> = new Set(['pAlive', 'predictedClv', 'valueAtStake', 'priority']);

function sortValue(item: ListedAction, column: ActionSortColumn): string | number | null {
  const { row } = item;
  switch (column) {
    case 'customer':
      return row.customerName ?? row.customerId;
    case 'action':
      return row.action;
    case 'offer':
      return row.offer;
    case 'stage':
      return row.stage;
    case 'trend':
      return row.trend;
    case 'timing':
      return row.timing;
    case 'status':
      return item.status;
    default:
      return row[column];
  }
}

/**
 * The rows in a new order; equal values keep their input order (the priority order of nextBestActions).
 * Empty values (no offer, no status) go last in either direction. Text compares in the user's language.
 */
export function sortActions(items: readonly ListedAction[], { column, descending }: ActionSort, language: string): ListedAction[] {
  const collator = new Intl.Collator(language, { numeric: true, sensitivity: 'base' });
  const sign = descending ? -1 : 1;
  const keyed = items.map((item, index) => ({ item, index, value: sortValue(item, column) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
    const order = NUMERIC.has(column) ? (a.value as number) - (b.value as number) : collator.compare(String(a.value), String(b.value));
    return sign * order || a.index - b.index;
  });
  return keyed.map((k) => k.item);
}

/** Clicking a header: a new column starts descending for numbers and ascending for text; the same column flips. */
export function nextActionSort(current: ActionSort, column: ActionSortColumn): ActionSort {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: NUMERIC.has(column) };
}
