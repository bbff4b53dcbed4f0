// Hand-made action rows for the action list's screen helpers: only the fields a test sets differ from a plain
// cross-sell to an active, stable customer.
import type { ActionRow, ActionType } from '../../../src/analytics/actions.ts';
import { reasonText } from '../../../src/analytics/action-reasons.ts';
import type { Stage } from '../../../src/analytics/types.ts';
import type { ListedAction } from '../../../src/ui/actions/action-filters.ts';
import { actionKey, type ActionStatus } from '../../../src/ui/actions/statuses.ts';

export interface RowSketch {
  id: string;
  name?: string | null;
  action?: ActionType;
  stage?: Stage;
  offer?: string | null;
  priority?: number;
  valueAtStake?: number;
  pAlive?: number;
  timing?: string;
}

const CROSS_SELL_PARAMS = { antecedent: 'Café', consequent: 'Açúcar', confidence: 0.68, lift: 2.4, support: 0.1, customers: 40, typicalSpend: 1234.5 };

export function actionRow(s: RowSketch): ActionRow {
  const valueAtStake = s.valueAtStake ?? 1000;
  const params = { ...CROSS_SELL_PARAMS, valueAtStake };
  return {
    customerId: s.id,
    customerName: s.name === undefined ? `Customer ${s.id}` : s.name,
    action: s.action ?? 'cross_sell',
    reasonCodes: ['never_bought'],
    reasonKey: 'cross_sell',
    reasonParams: params,
    reason: reasonText('cross_sell', params),
    offerCategory: s.offer === undefined ? 'Açúcar' : s.offer,
    offerProduct: null,
    offerTier: null,
    offer: s.offer === undefined ? 'Açúcar' : s.offer,
    stage: s.stage ?? 'active',
    trend: 'stable',
    pAlive: s.pAlive ?? 0.9,
    predictedClv: 2000,
    valueAtStake,
    likelihood: 0.5,
    priority: s.priority ?? valueAtStake * 0.5,
    timing: s.timing ?? '2024-07-01',
    keyAccount: false,
    relationshipLevel: 2,
  };
}

export function listed(row: ActionRow, extra: { status?: ActionStatus | null; salesperson?: string | null; region?: string | null } = {}): ListedAction {
  return { row, key: actionKey(row), status: extra.status ?? null, salesperson: extra.salesperson ?? null, region: extra.region ?? null };
}
