// value.ts: what each customer has been worth and could be worth — historic value, the last 12 months,
// and a potential read from the customer's own best year or from peers who order about as often.
import { scoreByRank } from './rfm';
import type { ValueResult } from './types';

export interface ValueInput {
  /** Net revenue to date. */
  revenue: number;
  /** Cost of that revenue to date; null when no cost column is mapped. */
  cost: number | null;
  /** Net revenue over the 12 months ending at the analysis date. */
  trailing12: number;
  /** The customer's best 12 consecutive months of net revenue. */
  best12: number;
  /** Orders in the 12 months ending at the analysis date. */
  orders12: number;
}

export interface ValueOptions {
  /** Percentile of the peers' trailing-12-month revenue taken as reachable (default 0.75). */
  peerPercentile?: number;
  /** Groups of similar order counts (default 5: quintiles). */
  peerGroups?: number;
}

/**
 * The p-quantile of ascending `sorted` values by linear interpolation between order statistics
 * (Hyndman & Fan 1996, type 7 — the default of R and of spreadsheets' PERCENTILE.INC):
 * h = (n − 1)·p, q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). NaN for no values.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`p must be a number from 0 to 1, got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo]!;
  return lo + 1 < n ? below + (h - lo) * (sorted[lo + 1]! - below) : below;
}

/**
 * Value and potential of every customer, in input order.
 *
 * Peers are the customers in the same quintile (`peerGroups`) of orders in the last 12 months, ranked
 * among customers with at least one such order (tied order counts share a quintile; see
 * `scoreByRank`). The peers' reachable value is the `peerPercentile` percentile (type 7) of their
 * trailing-12-month revenue; a customer with no order in 12 months has no peers and a peer value of 0.
 * potential = max(0, best12, peer value), with basis `peers` only when the peer value is strictly
 * larger than the customer's own best year; headroom = max(0, potential − trailing12);
 * historicMargin = revenue − cost when cost is known.
 */
export function customerValues(
  inputs: readonly ValueInput[],
  { peerPercentile = 0.75, peerGroups = 5 }: ValueOptions = {},
): ValueResult[] {
  if (!(peerPercentile >= 0 && peerPercentile <= 1)) {
    throw new Error(`peerPercentile must be a number from 0 to 1, got ${peerPercentile}`);
  }
  if (!(Number.isInteger(peerGroups) && peerGroups >= 1 && peerGroups <= 255)) {
    throw new Error(`peerGroups must be an integer from 1 to 255, got ${peerGroups}`);
  }
  inputs.forEach(checkInput);

  // Rank only the customers who ordered in the last 12 months into order-count groups.
  const ordering: number[] = [];
  inputs.forEach((c, i) => c.orders12 > 0 && ordering.push(i));
  const groups = scoreByRank(
    ordering.map((i) => inputs[i]!.orders12),
    peerGroups,
  );
  const revenueByGroup: number[][] = Array.from({ length: peerGroups + 1 }, () => []);
  ordering.forEach((i, k) => revenueByGroup[groups[k]!]!.push(inputs[i]!.trailing12));
  const peerValueByGroup = revenueByGroup.map((values) =>
    values.length === 0 ? 0 : percentile(Float64Array.from(values).sort(), peerPercentile),
  );
  const peerValue = new Float64Array(inputs.length);
  ordering.forEach((i, k) => (peerValue[i] = peerValueByGroup[groups[k]!]!));

  return inputs.map((c, i): ValueResult => {
    const own = Math.max(0, c.best12);
    const peers = peerValue[i]!;
    const potential = Math.max(own, peers);
    return {
      historicLtv: c.revenue,
      historicMargin: c.cost === null ? null : c.revenue - c.cost,
      trailing12: c.trailing12,
      potential,
      potentialBasis: peers > own ? 'peers' : 'own_best',
      headroom: Math.max(0, potential - c.trailing12),
    };
  });
}

function checkInput(c: ValueInput, i: number): void {
  for (const key of ['revenue', 'trailing12', 'best12'] as const) {
    if (!Number.isFinite(c[key])) throw new Error(`inputs[${i}].${key} must be a finite number, got ${c[key]}`);
  }
  if (c.cost !== null && !Number.isFinite(c.cost)) throw new Error(`inputs[${i}].cost must be a finite number or null, got ${c.cost}`);
  if (!(Number.isInteger(c.orders12) && c.orders12 >= 0)) {
    throw new Error(`inputs[${i}].orders12 must be an integer ≥ 0, got ${c.orders12}`);
  }
}
