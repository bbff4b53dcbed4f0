import { describe, expect, it } from 'vitest';
import type { KeyAccount } from '../../../src/analytics/key-accounts.ts';
import { accountOpportunities, keyAccountRows, shownRelationship, type RelationshipEntry } from '../../../src/ui/actions/account-plan.ts';
import { actionRow } from './actions-fixtures.ts';

function account(customerId: string, keyAccount: boolean, risk: number, trailing12: number): KeyAccount {
  return {
    customerId,
    keyAccount,
    abc: keyAccount ? 'A' : 'C',
    revenueShare: trailing12 / 10_000,
    risk,
    reasons: [
      { code: 'downtrend', value: risk > 0 ? 1 : 0, weight: 0.3 },
      { code: 'overdue', value: risk > 0 ? 0.5 : 0, weight: 0.2 },
      { code: 'falling_p_alive', value: 0, weight: 0.25 },
    ],
    revenueAtRisk: trailing12 * risk,
  };
}

const relationship: RelationshipEntry[] = [
  { customerId: 'A1', level: 3, source: 'inferred', inferredLevel: 3, rule: 'established_regular_and_broad' },
  { customerId: 'A2', level: 4, source: 'inferred', inferredLevel: 4, rule: 'long_regular_broad_key_account' },
];
const customers = new Map([
  ['A1', { customerName: 'Empório A', value: { trailing12: 4000 } }],
  ['A2', { customerName: 'Empório B', value: { trailing12: 5000 } }],
  ['C1', { customerName: 'Loja C', value: { trailing12: 100 } }],
]);

describe('keyAccountRows', () => {
  it('lists class A only, the most revenue at risk first, with the reasons that add to the risk', () => {
    const result = { keyAccounts: [account('A2', true, 0.1, 5000), account('C1', false, 0.9, 100), account('A1', true, 0.4, 4000)], relationship };
    const rows = keyAccountRows(result, customers, {});
    // Revenue at risk: A1 4000 × 0.4 = 1600, A2 5000 × 0.1 = 500.
    expect(rows.map((r) => [r.customerId, r.revenueAtRisk, r.level])).toEqual([
      ['A1', 1600, 3],
      ['A2', 500, 4],
    ]);
    expect(rows[0]!.mainReasons).toEqual(['downtrend', 'overdue']);
    expect(rows[0]!.customerName).toBe('Empório A');
  });

  it('shows the level the user set, even before the list is recomputed', () => {
    const rows = keyAccountRows({ keyAccounts: [account('A1', true, 0.4, 4000)], relationship }, customers, { A1: 5 });
    expect(rows[0]!.level).toBe(5);
  });
});

describe('shownRelationship', () => {
  it('keeps the inferred level and its rule next to the user setting', () => {
    expect(shownRelationship(relationship, 'A1', { A1: 5 })).toEqual({ level: 5, source: 'override', inferredLevel: 3, rule: 'established_regular_and_broad' });
    expect(shownRelationship(relationship, 'A2', {})).toEqual({ level: 4, source: 'inferred', inferredLevel: 4, rule: 'long_regular_broad_key_account' });
    expect(shownRelationship(relationship, 'Z9', {})).toBeNull();
  });
});

describe('accountOpportunities', () => {
  it('keeps the cross-sell and upgrade offers of the customer, highest priority first', () => {
    const rows = [
      actionRow({ id: 'A1', action: 'cross_sell', priority: 10 }),
      actionRow({ id: 'A1', action: 'protect_key_account', priority: 99, offer: null }),
      actionRow({ id: 'A1', action: 'upgrade', priority: 20, offer: 'Café, tier 3' }),
      actionRow({ id: 'B1', action: 'upgrade', priority: 50 }),
    ];
    expect(accountOpportunities(rows, 'A1').map((r) => [r.action, r.priority])).toEqual([
      ['upgrade', 20],
      ['cross_sell', 10],
    ]);
  });
});
