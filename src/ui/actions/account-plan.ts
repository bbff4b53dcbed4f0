// The figures of the key-account list and of an account plan, read from the action list's result: which
// accounts to show first, the relationship level once the user's own setting is applied, and the offers open
// to an account.
import type { ActionRow } from '../../analytics/actions.ts';
import type { KeyAccount, RiskReasonCode } from '../../analytics/key-accounts.ts';
import { applyOverride, type Relationship, type RelationshipLevel } from '../../analytics/relationship.ts';

/** A customer's relationship as the action list read it. */
export interface RelationshipEntry {
  customerId: string;
  level: RelationshipLevel;
  source: 'inferred' | 'override';
  inferredLevel: 1 | 2 | 3 | 4;
  rule: string | null;
}

export interface KeyAccountRow {
  customerId: string;
  customerName: string | null;
  trailing12: number;
  revenueShare: number;
  risk: number;
  /** The reasons that add to the risk, largest first (at most three). */
  mainReasons: RiskReasonCode[];
  revenueAtRisk: number;
  level: RelationshipLevel | null;
}

/**
 * The level shown for a customer: the user's setting when there is one (it may be newer than the list, which
 * is recomputed in the background), else what the list says; null when the list has no entry.
 */
export function shownRelationship(
  entries: readonly RelationshipEntry[] | ReadonlyMap<string, RelationshipEntry>,
  customerId: string,
  overrides: Readonly<Record<string, RelationshipLevel>>,
): Relationship | null {
  const entry = entries instanceof Map ? entries.get(customerId) : (entries as readonly RelationshipEntry[]).find((e) => e.customerId === customerId);
  if (!entry) return null;
  return applyOverride({ level: entry.inferredLevel, rule: entry.rule }, overrides[customerId] ?? null);
}

/** Class A accounts, the most revenue at risk first (then the larger account, then id). */
export function keyAccountRows(
  result: { keyAccounts: readonly KeyAccount[]; relationship: readonly RelationshipEntry[] },
  customers: ReadonlyMap<string, { customerName: string | null; value: { trailing12: number } }>,
  overrides: Readonly<Record<string, RelationshipLevel>>,
): KeyAccountRow[] {
  const relationship = new Map(result.relationship.map((entry) => [entry.customerId, entry]));
  return result.keyAccounts
    .filter((account) => account.keyAccount)
    .map((account): KeyAccountRow => {
      const customer = customers.get(account.customerId);
      return {
        customerId: account.customerId,
        customerName: customer?.customerName ?? null,
        trailing12: customer?.value.trailing12 ?? 0,
        revenueShare: account.revenueShare,
        risk: account.risk,
        mainReasons: account.reasons
          .filter((reason) => reason.value * reason.weight > 0)
          .slice(0, 3)
          .map((reason) => reason.code),
        revenueAtRisk: account.revenueAtRisk,
        level: shownRelationship(relationship, account.customerId, overrides)?.level ?? null,
      };
    })
    .sort((a, b) => b.revenueAtRisk - a.revenueAtRisk || b.trailing12 - a.trailing12 || (a.customerId < b.customerId ? -1 : 1));
}

/** The offers open to a customer (cross-sell and upgrade), highest priority first. */
export function accountOpportunities(rows: readonly ActionRow[], customerId: string): ActionRow[] {
  return rows
    .filter((row) => row.customerId === customerId && (row.action === 'cross_sell' || row.action === 'upgrade'))
    .sort((a, b) => b.priority - a.priority);
}
