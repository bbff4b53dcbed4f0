// What `ciclo analyze --out DIR` writes about the next best actions: DIR/actions.csv (the call list), DIR/rules.csv
// (the association rules behind cross-sell), and two columns for customers.csv.
//
// Stable contract: actions.csv starts with customer_id, action, offer, reason, priority, value_at_stake and
// rules.csv with antecedent, consequent, support, confidence, lift, in that order; new columns go at the end.
// Both files follow customers.csv's conventions (UTF-8 without BOM, `,`, dot decimals, LF, RFC 4180 quoting),
// written by src/export's "standard" CSV, so every text cell is neutralised against formula injection.
import { toCsv } from '../export/csv.ts';
import { actionRecords, ACTION_COLUMNS, ruleRecords, RULE_COLUMNS, type ActionsResult } from '../pipeline/actions.ts';

/** The first columns of actions.csv, promised by the issue that introduced them. */
export const ACTION_CONTRACT_COLUMNS = ['customer_id', 'action', 'offer', 'reason', 'priority', 'value_at_stake'] as const;

/** The first columns of rules.csv, promised by the issue that introduced them. */
export const RULE_CONTRACT_COLUMNS = ['antecedent', 'consequent', 'support', 'confidence', 'lift'] as const;

/** The text of actions.csv and rules.csv (ACTION_COLUMNS and RULE_COLUMNS of pipeline/actions.ts). */
export function actionFiles(result: ActionsResult): { 'actions.csv': string; 'rules.csv': string } {
  const decoder = new TextDecoder();
  return {
    'actions.csv': decoder.decode(toCsv({ columns: ACTION_COLUMNS, rows: actionRecords(result) }, 'standard')),
    'rules.csv': decoder.decode(toCsv({ columns: RULE_COLUMNS, rows: ruleRecords(result) }, 'standard')),
  };
}

/** A customers.csv value, as src/cli/analyze.ts writes them. */
type Cell = string | number | boolean | null;

/**
 * The columns the actions add to customers.csv, in order, each reading a customer id: relationship_level (1–5,
 * the user's override when set) and key_account (true for ABC class A). Customers absent from `result` read null.
 */
export function customerActionColumns(result: ActionsResult): ReadonlyArray<readonly [string, (customerId: string) => Cell]> {
  const levels = new Map(result.relationship.map((r) => [r.customerId, r.level]));
  const accounts = new Map(result.keyAccounts.map((k) => [k.customerId, k.keyAccount]));
  return [
    ['relationship_level', (id) => levels.get(id) ?? null],
    ['key_account', (id) => accounts.get(id) ?? null],
  ];
}
