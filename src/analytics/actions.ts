// actions.ts: Ciclo's call list — for each customer, what to do next, why (in numbers), what to offer and
// when: cross-sell, upgrade, downgrade-to-save, win-back, nurture, stabilise and protect a key account.
// Every row carries priority = value at stake × likelihood, both in plain formulas (see nextBestActions), so
// the list sorts the money most worth chasing first and a salesperson can check any row by hand.
import {
  ACTION_TYPES,
  checkActionCustomer,
  resolveActionOptions,
  type ActionCustomer,
  type ActionInput,
  type ActionOptions,
  type ActionRow,
  type ActionType,
  type ResolvedActionOptions,
} from './action-input.ts';
import { reasonText, type ReasonKey, type ReasonParams } from './action-reasons.ts';
import { dayOf, isoOfDay } from './days.ts';
import { crossSellOffers, tierSteps, type TierStep } from './offers.ts';
import { tierCatalogue, type Tier, type TierCatalogue } from './tiers.ts';
import type { PeriodUnit, Stage } from './types.ts';
import { percentile } from './value.ts';

export * from './action-input.ts';

/** Stages of customers who are still buying: the offers (cross-sell, up- and downgrade, stabilise) go to them. */
const BUYING: readonly Stage[] = ['new', 'active', 'reactivated', 'at_risk'];

/** Trend periods in a year, to turn a gain per period into a gain per year. */
const PERIODS_PER_YEAR: Readonly<Record<PeriodUnit, number>> = { month: 12, week: 365.25 / 7 };

/**
 * The action list, highest priority first (then customer id, then action type). Several actions per customer
 * are allowed. Value at stake (revenue per 12 months) and likelihood of each action:
 * - cross_sell (stages new, active, reactivated, at risk): for each item never bought, the best rule whose
 *   antecedent the customer holds (support, confidence, lift and count at their minimums), ranked by
 *   confidence × lift × typical spend (offers.ts); value = typical spend of the item; likelihood =
 *   pAlive × confidence; timing = the expected next order date, else now.
 * - upgrade (active or reactivated, not a downtrader; uptrader or F ≥ minFrequencyScore, a 3-level F mapped
 *   1 → 1, 2 → 3, 3 → 5): in a category where the highest tier bought is t < 3 and tier t + 1 exists;
 *   value = category spend × (price(t + 1) ÷ price(t) − 1), price = median unit price of the category's tier;
 *   the category with the largest value; likelihood = pAlive × acceptance; timing = next order date, else now.
 * - downgrade_to_save (downtrader, still buying: active, at risk or reactivated; average order fallen by
 *   minOrderValueDrop or a quiet downtrader, or buying tier 3): the category with the highest tier t ≥ 2 bought (tier 3 only when the
 *   order value has not fallen) and a tier t − 1, largest spend on ties; value = trailing12 − category spend ×
 *   (1 − min(1, price(t − 1) ÷ price(t))), the revenue kept when the customer stays on the cheaper tier;
 *   likelihood = pAlive × acceptance; now.
 * - win_back (at risk or lapsed with a value at or above the winBackPercentile of the book's values; lost at or
 *   above lostWinBackPercentile): value = max(predictedClv, historic value per year = historicLtv × 12 ÷
 *   max(12, tenureMonths)) > 0; likelihood = pAlive × acceptance; now.
 * - nurture (stage new): value = predictedClv; likelihood = pAlive × acceptance; timing = the expected next
 *   order date, else the last order + the usual gap (never before now).
 * - stabilise (uptrader, still buying): value = the growth a year, max(0, recent − baseline revenue per period)
 *   × periods per year (12, or 365.25 ÷ 7 for weeks), which a stable relationship keeps; likelihood = pAlive ×
 *   acceptance; now.
 * - protect_key_account (class A with risk ≥ keyAccountRisk): value = revenue at risk (trailing12 × risk);
 *   likelihood = acceptance (the risk already weighs P(alive)); now.
 * Value at stake is floored at 0 and likelihood kept in [0, 1]; priority = value at stake × likelihood.
 */
export function nextBestActions(input: ActionInput, options: ActionOptions = {}): ActionRow[] {
  const o = resolveActionOptions(options);
  const asOfDay = dayOf(input.asOf);
  input.customers.forEach(checkActionCustomer);
  const values = Float64Array.from(input.customers, winBackValue).sort();
  const book: Book = {
    o,
    asOfDay,
    input,
    catalogue: tierCatalogue(input.tiers ?? new Map(), input.productBuyers),
    winBackFrom: {
      atRisk: values.length > 0 ? percentile(values, o.winBackPercentile) : Infinity,
      lost: values.length > 0 ? percentile(values, o.lostWinBackPercentile) : Infinity,
    },
  };
  const rows: ActionRow[] = [];
  for (const c of input.customers) {
    for (const action of ACTION_TYPES) {
      for (const proposal of PROPOSERS[action](c, book)) rows.push(toRow(c, action, proposal, asOfDay));
    }
  }
  const order = (a: ActionType): number => ACTION_TYPES.indexOf(a);
  return rows.sort(
    (a, b) =>
      b.priority - a.priority ||
      compareText(a.customerId, b.customerId) ||
      order(a.action) - order(b.action) ||
      compareText(a.offer ?? '', b.offer ?? ''),
  );
}

interface Book {
  o: ResolvedActionOptions;
  asOfDay: number;
  input: ActionInput;
  catalogue: TierCatalogue;
  winBackFrom: { atRisk: number; lost: number };
}

interface Offer {
  category: string | null;
  product: string | null;
  tier: Tier | null;
}

/** One action for one customer, before it becomes a row. */
interface Proposal {
  codes: string[];
  key: ReasonKey;
  params: ReasonParams;
  offer: Offer | null;
  valueAtStake: number;
  likelihood: number;
  /** Defaults to now (the analysis date). */
  timingDay?: number;
}

const PROPOSERS: Record<ActionType, (c: ActionCustomer, book: Book) => Proposal[]> = {
  cross_sell(c, { o, input }) {
    const crossSell = input.crossSell;
    if (!crossSell || !isBuying(c)) return [];
    const held = crossSell.items === 'category' ? c.categories : c.products;
    const settings = { ...o, limit: o.crossSellPerCustomer };
    return crossSellOffers(held, crossSell.rules, crossSell.typicalSpend, settings).map(({ item, rule, typicalSpend }) => ({
      codes: ['never_bought', 'bought_together'],
      key: 'cross_sell',
      params: {
        antecedent: rule.antecedent.join(' and '),
        consequent: item,
        confidence: rule.confidence,
        lift: rule.lift,
        support: rule.support,
        customers: rule.count,
        typicalSpend,
      },
      offer:
        crossSell.items === 'category'
          ? { category: item, product: null, tier: null }
          : { category: input.tiers?.get(item)?.category ?? null, product: item, tier: null },
      valueAtStake: typicalSpend,
      likelihood: c.prediction.pAlive * rule.confidence,
      timingDay: c.prediction.expectedNextOrderDay ?? undefined,
    }));
  },

  upgrade(c, book) {
    const { o } = book;
    const isUptrader = c.trend.label === 'uptrader';
    const frequency = c.rfm.levels === 3 ? ([1, 3, 5][c.rfm.f - 1] ?? c.rfm.f) : c.rfm.f;
    const isEligible = c.stage.stage === 'active' || c.stage.stage === 'reactivated';
    if (!isEligible || c.trend.label === 'downtrader' || !(isUptrader || frequency >= o.minFrequencyScore)) return [];
    const steps = customerTierSteps(c, book).filter((s) => s.to > s.from);
    const best = pick(
      steps.map((s) => ({ ...s, value: s.spend * (s.priceRatio - 1) })),
      (a, b) => b.value - a.value,
    );
    if (!best) return [];
    return [
      {
        codes: [isUptrader ? 'uptrader' : 'frequent_buyer', 'buys_lower_tier'],
        key: isUptrader ? 'upgrade.uptrader' : 'upgrade.frequent',
        params: {
          slope: c.trend.slopePct ?? 0,
          unit: o.periodUnit,
          frequency: c.rfm.f,
          levels: c.rfm.levels,
          category: best.category ?? '',
          currentTier: best.from,
          offerTier: best.to,
          priceStep: best.priceRatio - 1,
          categorySpend: best.spend,
        },
        offer: { category: best.category, product: best.product, tier: best.to },
        valueAtStake: best.value,
        likelihood: c.prediction.pAlive * o.acceptance.upgrade,
        timingDay: c.prediction.expectedNextOrderDay ?? undefined,
      },
    ];
  },

  downgrade_to_save(c, book) {
    const { o } = book;
    if (c.trend.label !== 'downtrader' || !isBuying(c) || c.stage.stage === 'new') return [];
    const ov = c.orderValue;
    const hasSmallerOrders = ov !== null && ov.previous > 0 && ov.recent <= ov.previous * (1 - o.minOrderValueDrop);
    // A quiet downtrader keeps the usual rhythm while spending less, so each order is smaller too.
    const isFalling = hasSmallerOrders || c.trend.quiet;
    // A falling order value opens a step down from any tier; otherwise only premium buyers are offered one.
    const steps = customerTierSteps(c, book).filter((s) => s.to < s.from && (s.from === 3 || isFalling));
    const best = pick(steps, (a, b) => b.from - a.from || b.spend - a.spend);
    if (!best) return [];
    const [code, key] = hasSmallerOrders
      ? (['order_value_falling', 'downgrade_to_save.order_value'] as const)
      : c.trend.quiet
        ? (['quiet_downtrader', 'downgrade_to_save.quiet'] as const)
        : (['buys_premium_tier', 'downgrade_to_save.premium'] as const);
    return [
      {
        codes: ['downtrader', code],
        key,
        params: {
          decline: -(c.trend.slopePct ?? 0),
          unit: o.periodUnit,
          previousOrderValue: ov?.previous ?? 0,
          recentOrderValue: ov?.recent ?? 0,
          category: best.category ?? '',
          currentTier: best.from,
          offerTier: best.to,
          trailing12: c.value.trailing12,
        },
        offer: { category: best.category, product: best.product, tier: best.to },
        valueAtStake: c.value.trailing12 - best.spend * (1 - Math.min(1, best.priceRatio)),
        likelihood: c.prediction.pAlive * o.acceptance.downgrade_to_save,
      },
    ];
  },

  win_back(c, { o, winBackFrom }) {
    const { stage } = c.stage;
    const from = stage === 'lost' ? winBackFrom.lost : stage === 'at_risk' || stage === 'lapsed' ? winBackFrom.atRisk : Infinity;
    const value = winBackValue(c);
    if (!(value > 0 && value >= from)) return [];
    const p = c.prediction;
    const historicPerYear = historicValuePerYear(c);
    return [
      {
        codes: [stage, p.predictedClv >= historicPerYear ? 'high_predicted_value' : 'high_historic_value'],
        key: 'win_back',
        params: {
          daysSinceLast: c.stage.daysSinceLast,
          overdue: c.stage.overdue,
          typicalGapDays: c.stage.typicalGapDays,
          predictedClv: p.predictedClv,
          historicPerYear,
          pAlive: p.pAlive,
        },
        offer: null,
        valueAtStake: value,
        likelihood: p.pAlive * o.acceptance.win_back,
      },
    ];
  },

  nurture(c, { o, asOfDay }) {
    if (c.stage.stage !== 'new') return [];
    const p = c.prediction;
    const usualDay = asOfDay - c.stage.daysSinceLast + Math.round(c.stage.typicalGapDays);
    const timingDay = Math.max(asOfDay, p.expectedNextOrderDay ?? usualDay);
    return [
      {
        codes: ['new_customer', 'second_order'],
        key: 'nurture',
        params: { daysSinceLast: c.stage.daysSinceLast, timing: isoOfDay(timingDay), pAlive: p.pAlive, predictedClv: p.predictedClv },
        offer: null,
        valueAtStake: p.predictedClv,
        likelihood: p.pAlive * o.acceptance.nurture,
        timingDay,
      },
    ];
  },

  stabilise(c, { o }) {
    if (c.trend.label !== 'uptrader' || !isBuying(c)) return [];
    const evidence = c.trend.evidence;
    return [
      {
        codes: ['uptrader'],
        key: 'stabilise',
        params: {
          slope: c.trend.slopePct ?? 0,
          unit: o.periodUnit,
          recentPerPeriod: evidence?.recentPerPeriod ?? 0,
          baselinePerPeriod: evidence?.baselinePerPeriod ?? 0,
        },
        offer: null,
        valueAtStake: Math.max(0, evidence?.deltaPerPeriod ?? 0) * PERIODS_PER_YEAR[o.periodUnit],
        likelihood: c.prediction.pAlive * o.acceptance.stabilise,
      },
    ];
  },

  protect_key_account(c, { o }) {
    const ka = c.keyAccount;
    const main = ka?.reasons[0];
    if (!ka?.keyAccount || !main || !(ka.risk > 0 && ka.risk >= o.keyAccountRisk)) return [];
    return [
      {
        codes: ['key_account', ...ka.reasons.filter((r) => r.value * r.weight > 0).map((r) => r.code)],
        key: 'protect_key_account',
        params: {
          trailing12: c.value.trailing12,
          risk: ka.risk,
          mainReason: main.code,
          mainReasonShare: (main.value * main.weight) / ka.risk,
          revenueAtRisk: ka.revenueAtRisk,
        },
        offer: null,
        valueAtStake: ka.revenueAtRisk,
        likelihood: o.acceptance.protect_key_account,
      },
    ];
  },
};

function toRow(c: ActionCustomer, action: ActionType, proposal: Proposal, asOfDay: number): ActionRow {
  const { codes, key, offer } = proposal;
  const valueAtStake = Math.max(0, proposal.valueAtStake);
  const likelihood = Math.min(1, Math.max(0, proposal.likelihood));
  const params: ReasonParams = { ...proposal.params, valueAtStake };
  return {
    customerId: c.customerId,
    customerName: c.customerName,
    action,
    reasonCodes: codes,
    reasonKey: key,
    reasonParams: params,
    reason: reasonText(key, params),
    offerCategory: offer?.category ?? null,
    offerProduct: offer?.product ?? null,
    offerTier: offer?.tier ?? null,
    offer: offer ? offerLabel(offer) : null,
    stage: c.stage.stage,
    trend: c.trend.label,
    pAlive: c.prediction.pAlive,
    predictedClv: c.prediction.predictedClv,
    valueAtStake,
    likelihood,
    priority: valueAtStake * likelihood,
    timing: isoOfDay(Math.max(asOfDay, proposal.timingDay ?? asOfDay)),
    keyAccount: c.keyAccount?.keyAccount ?? false,
    relationshipLevel: c.relationshipLevel,
  };
}

const isBuying = (c: ActionCustomer): boolean => BUYING.includes(c.stage.stage);

function customerTierSteps(c: ActionCustomer, { input, catalogue }: Book): TierStep[] {
  if (!input.tiers) return [];
  return tierSteps(c.products, input.tiers, catalogue, c.value.trailing12, c.categorySpend);
}

/** The first item under `compare`, ties broken by category name; undefined for none. */
function pick<T extends { category: string | null }>(items: T[], compare: (a: T, b: T) => number): T | undefined {
  return items.sort((a, b) => compare(a, b) || compareText(a.category ?? '', b.category ?? ''))[0];
}

function offerLabel({ category, product, tier }: Offer): string {
  const head = [category, tier === null ? null : `tier ${tier}`].filter((x) => x !== null).join(', ');
  if (product === null) return head;
  return head === '' ? product : `${head}: ${product}`;
}

/** Historic revenue per year of tenure (a customer younger than a year counts as one year). */
function historicValuePerYear(c: ActionCustomer): number {
  return (c.value.historicLtv * 12) / Math.max(12, c.tenureMonths);
}

function winBackValue(c: ActionCustomer): number {
  return Math.max(c.prediction.predictedClv, historicValuePerYear(c));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
