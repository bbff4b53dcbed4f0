// actions.csv, rules.csv and the customers.csv columns of the next best actions, written from a hand-made result
// so that every expected line is spelled out here.
import { describe, expect, it } from 'vitest';
import type { ActionRow } from '../../../src/analytics/actions.ts';
import type { AssociationRule } from '../../../src/analytics/association.ts';
import type { KeyAccount } from '../../../src/analytics/key-accounts.ts';
import { actionFiles, customerActionColumns } from '../../../src/cli/actions-output.ts';
import type { ActionsResult } from '../../../src/pipeline.ts';

const ACTION_HEADER = [
  'customer_id', 'action', 'offer', 'reason', 'priority', 'value_at_stake',
  'customer_name', 'offer_category', 'offer_product', 'offer_tier', 'reason_codes', 'likelihood', 'timing', 'stage',
  'trend', 'p_alive', 'predicted_clv', 'key_account', 'relationship_level', 'salesperson', 'region', 'channel',
].join(',');
const RULE_HEADER = 'antecedent,consequent,support,confidence,lift,leverage,conviction,count,level';

function actionRow(fields: Partial<ActionRow> & Pick<ActionRow, 'customerId' | 'action'>): ActionRow {
  return {
    customerName: null,
    reasonCodes: [],
    reasonKey: 'win_back',
    reasonParams: {},
    reason: '',
    offerCategory: null,
    offerProduct: null,
    offerTier: null,
    offer: null,
    stage: 'active',
    trend: 'stable',
    pAlive: 1,
    predictedClv: 0,
    valueAtStake: 0,
    likelihood: 0,
    priority: 0,
    timing: '2025-06-30',
    keyAccount: false,
    relationshipLevel: null,
    ...fields,
  };
}

function rule(antecedent: string[], consequent: string[], fields: Partial<AssociationRule>): AssociationRule {
  return {
    antecedent,
    consequent,
    support: 0,
    confidence: 0,
    lift: 0,
    leverage: 0,
    conviction: 0,
    antecedentSupport: 0,
    consequentSupport: 0,
    count: 0,
    ...fields,
  };
}

const account = (customerId: string, keyAccount: boolean): KeyAccount => ({
  customerId,
  keyAccount,
  abc: keyAccount ? 'A' : 'C',
  revenueShare: 0,
  risk: 0,
  reasons: [],
  revenueAtRisk: 0,
});

const EMPTY: ActionsResult = {
  asOf: '2025-06-30',
  rows: [],
  keyAccounts: [],
  relationship: [],
  categoryRules: [],
  productRules: [],
  basketRules: [],
  crossSellItems: 'category',
  tiers: [],
  attributes: [],
  pAliveSource: 'model',
};

const RESULT: ActionsResult = {
  ...EMPTY,
  rows: [
    actionRow({
      customerId: 'C1',
      action: 'cross_sell',
      customerName: 'Padaria "Sol", Centro',
      offer: 'Açúcar',
      offerCategory: 'Açúcar',
      reason: '68 % of customers who buy Café also buy Açúcar; lift 2.4.',
      reasonCodes: ['never_bought', 'bought_together'],
      valueAtStake: 1234.567,
      likelihood: 0.5,
      priority: 617.2835,
      pAlive: 0.87654321,
      predictedClv: 999.999,
      timing: '2025-07-15',
      keyAccount: true,
      relationshipLevel: 3,
    }),
    actionRow({ customerId: 'C2', action: 'win_back', stage: 'lapsed', trend: 'inactive', valueAtStake: 10, likelihood: 0.2, priority: 2 }),
  ],
  keyAccounts: [account('C1', true), account('C2', false)],
  relationship: [
    { customerId: 'C1', level: 3, source: 'inferred', inferredLevel: 3, rule: 'established_regular_and_broad' },
    { customerId: 'C2', level: 5, source: 'override', inferredLevel: 1, rule: 'first_contact_or_occasional' },
  ],
  categoryRules: [rule(['Café'], ['Açúcar'], { support: 0.6, confidence: 1, lift: 1.25, leverage: 0.12, conviction: Infinity, count: 3 })],
  productRules: [rule(['Leite 1L', 'Café 500g'], ['Açúcar 1kg'], { support: 0.1, confidence: 0.75, lift: 0.9, leverage: -0.0125, conviction: 1.6, count: 7 })],
  basketRules: [rule(['=A'], ['B'], { support: 1 / 3, confidence: 0.5, lift: 2, leverage: 0.1, conviction: 2, count: 5 })],
  attributes: [
    { customerId: 'C1', salesperson: 'Ana', region: 'SP', channel: null },
    { customerId: 'C2', salesperson: null, region: null, channel: 'Loja' },
  ],
};

describe('actionFiles', () => {
  it('writes actions.csv with the promised columns first, money in cents and RFC 4180 quoting', () => {
    const text = actionFiles(RESULT)['actions.csv'];
    expect(text.split('\n')).toEqual([
      ACTION_HEADER,
      'C1,cross_sell,Açúcar,68 % of customers who buy Café also buy Açúcar; lift 2.4.,617.28,1234.57,' +
        '"Padaria ""Sol"", Centro",Açúcar,,,never_bought|bought_together,0.5,2025-07-15,active,stable,0.876543,1000,true,3,Ana,SP,',
      'C2,win_back,,,2,10,,,,,,0.2,2025-06-30,lapsed,inactive,1,0,false,,,,Loja',
      '',
    ]);
  });

  it('writes rules.csv level by level, items joined with " + ", an infinite conviction empty', () => {
    expect(actionFiles(RESULT)['rules.csv'].split('\n')).toEqual([
      RULE_HEADER,
      'Café,Açúcar,0.6,1,1.25,0.12,,3,customer_category',
      'Leite 1L + Café 500g,Açúcar 1kg,0.1,0.75,0.9,-0.0125,1.6,7,customer_product',
      "'=A,B,0.333333,0.5,2,0.1,2,5,basket",
      '',
    ]);
  });

  it('writes only the headers for a book without actions or rules, with no byte order mark', () => {
    const files = actionFiles(EMPTY);
    expect(files).toEqual({ 'actions.csv': `${ACTION_HEADER}\n`, 'rules.csv': `${RULE_HEADER}\n` });
  });
});

describe('customerActionColumns', () => {
  it('gives relationship_level and key_account by customer id, null for an unknown customer', () => {
    const columns = customerActionColumns(RESULT);
    expect(columns.map(([name]) => name)).toEqual(['relationship_level', 'key_account']);
    expect(['C1', 'C2', 'C9'].map((id) => columns.map(([, read]) => read(id)))).toEqual([
      [3, true],
      [5, false],
      [null, null],
    ]);
  });
});
