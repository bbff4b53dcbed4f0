// Ciclo's call list from the data: the SQL of sql/ reads what the action engine (analytics/actions.ts) needs to
// know beyond the customer analysis — category spend, products, order values, prices, co-occurrence counts and
// usual salesperson — and this module joins it with the analysis and the predicted value, then runs the pure
// engine. The screens and `ciclo analyze` both call nextActions and export with the columns defined here.
import { nextBestActions, resolveActionOptions, type ActionCustomer, type ActionRow } from '../analytics/actions.ts';
import { pairRules, type AssociationRule, type ItemCount, type PairCount } from '../analytics/association.ts';
import { dayOf } from '../analytics/days.ts';
import { keyAccounts, type KeyAccount, type KeyAccountInput } from '../analytics/key-accounts.ts';
import { applyOverride, relationshipLevel, type Relationship, type RelationshipLevel } from '../analytics/relationship.ts';
import { productTiers, type ProductTier, type Tier, type TierBasis } from '../analytics/tiers.ts';
import type { Stage } from '../analytics/types.ts';
import { HEURISTIC_P_ALIVE, type CustomerPrediction } from '../analytics/value-model.ts';
import { percentile } from '../analytics/value.ts';
import type { Engine } from '../engine/engine.ts';
import type { ExportColumn } from '../export/table.ts';
import {
  basketItems,
  basketPairs,
  categoryPairs,
  customerAttributes,
  customerCategorySpend,
  customerOrderValue,
  customerProducts,
  productPairs,
  productPrices,
  run,
} from '../sql/index.ts';
import type { Analysis, CustomerAnalysis } from './analysis-types.ts';
import type { CustomerValueModel } from './predict.ts';

/** Average days per month (365.2425 / 12), for tenure in months, as in pipeline/analyze.ts. */
const DAYS_PER_MONTH = 30.436875;

/**
 * Pairs of products (and of products in one order) read at most: the most frequent ones. A catalogue of
 * thousands of products has millions of pairs, and a rule behind a rare pair would not pass the minimums anyway.
 */
export const MAX_ITEM_PAIRS = 20_000;

/**
 * P(alive) assumed from the lifecycle stage when no value model is given (or a customer has no prediction):
 * the bands of the value model's rule of thumb (HEURISTIC_P_ALIVE), whose limits are the stages' limits; new and
 * reactivated customers count as active. Rows of such customers carry the reason code P_ALIVE_FROM_STAGE.
 */
export const STAGE_P_ALIVE: Readonly<Record<Stage, number>> = {
  new: HEURISTIC_P_ALIVE.active,
  active: HEURISTIC_P_ALIVE.active,
  reactivated: HEURISTIC_P_ALIVE.active,
  at_risk: HEURISTIC_P_ALIVE.atRisk,
  lapsed: HEURISTIC_P_ALIVE.lapsed,
  lost: HEURISTIC_P_ALIVE.lost,
};

/** Reason code added to the rows whose P(alive) and predicted CLV come from STAGE_P_ALIVE. */
export const P_ALIVE_FROM_STAGE = 'p_alive_from_stage';

export interface ActionsOptions {
  /** Key accounts: the top customers reaching this share of trailing-12-month revenue, class A (default 0.8). */
  aShare?: number;
  /** Class B up to this share (default 0.95). */
  bShare?: number;
  /** A key account gets a protect action from this risk (default 0.3). */
  protectRisk?: number;
  /** Rules need this share of customers (of orders, for basket rules) holding both items (default 0.02), … */
  minSupport?: number;
  /** … this confidence (default 0.25), … */
  minConfidence?: number;
  /** … this lift (default 1.1), … */
  minLift?: number;
  /** … and this many customers (orders) behind them (default 5). */
  minRuleCount?: number;
  /**
   * Relationship levels set by the user, by customer id (the only way to level 5); kept with the notebook. Ids
   * of customers absent at the analysis date are ignored.
   */
  relationshipOverrides?: Readonly<Record<string, RelationshipLevel>>;
}

/** One customer's relationship level, as relationship.ts gives it. */
export interface CustomerRelationship extends Relationship {
  customerId: string;
}

export interface ProductTierRow {
  product: string;
  category: string | null;
  tier: Tier;
  basis: TierBasis;
  /** Median unit price over the last 12 months (product-prices.sql). */
  unitPrice: number;
}

export interface CustomerAttributes {
  customerId: string;
  salesperson: string | null;
  region: string | null;
  channel: string | null;
}

export interface ActionsResult {
  asOf: string;
  /** The action list, highest priority first (analytics/actions.ts). */
  rows: ActionRow[];
  /** Per customer, in analysis order. */
  keyAccounts: KeyAccount[];
  /** Per customer, in analysis order. */
  relationship: CustomerRelationship[];
  /** Customer-level rules between categories, between products, and order-level rules between products. */
  categoryRules: AssociationRule[];
  productRules: AssociationRule[];
  basketRules: AssociationRule[];
  /** Which of the customer-level rules the cross-sell offers come from: categories when the book has them. */
  crossSellItems: 'category' | 'product';
  /** Products with a price in the last 12 months, by name. */
  tiers: ProductTierRow[];
  /** Per customer, in analysis order. */
  attributes: CustomerAttributes[];
  /**
   * Where P(alive) and predicted CLV came from: the value model, or STAGE_P_ALIVE for everyone (with a model,
   * a customer it has no prediction for still falls back; their rows say so with P_ALIVE_FROM_STAGE).
   */
  pAliveSource: 'model' | 'stage';
}

/** What the SQL says about one customer. */
interface CustomerFacts {
  categorySpend: Map<string, number>;
  categoriesEver: Set<string>;
  categories12: number;
  products: Set<string>;
  orderValue: { recent: number; previous: number } | null;
  activeMonths12: number;
}

/**
 * The next best actions of every customer of `analysis`, with the key accounts, relationship levels, rules,
 * tiers and usual attributes behind them, all as of the analysis date. Reads (all over the 12 months up to
 * the date): category spend and products per customer, mean order value of the last 6 months and the 6 before,
 * each product's median unit price (its price tercile in its category is its tier), the customer- and
 * order-level co-occurrence counts, and the usual salesperson, region and channel.
 * - P(alive), churn probability, predicted CLV and the expected next order come from `model`; without one
 *   (or for a customer the model has no prediction for: returns only), P(alive) is STAGE_P_ALIVE of the stage,
 *   predicted CLV = max(0, trailing12) × P(alive) (the rule of thumb's 12 months, undiscounted), no expected
 *   next order, and the customer's rows carry the reason code P_ALIVE_FROM_STAGE.
 * - Key accounts: keyAccounts (ABC of trailing12 with aShare, bShare); the dependence signal is the top
 *   category's share of the customer's positive category spend, left out without categories.
 * - Relationship: relationshipLevel from tenure, regularity (calendar months with an order in the last 12 ÷ 12),
 *   categories bought in the last 12 months (products when the book has no categories) and the key account,
 *   then the user's override.
 * - Rules: pairRules on the co-occurrence counts with every minimum; customer-level supports are shares of the
 *   customers who bought an item (category, product) in the 12 months, basket supports shares of the orders.
 * - Cross-sell offers come from the category rules (product rules when no line has a category), valued at the
 *   median 12-month spend on the item among its buyers.
 * Throws on bad options, or when the model was made for another date than the analysis.
 */
export async function nextActions(
  engine: Engine,
  analysis: Analysis,
  model: CustomerValueModel | null,
  {
    aShare = 0.8,
    bShare = 0.95,
    protectRisk = 0.3,
    minSupport = 0.02,
    minConfidence = 0.25,
    minLift = 1.1,
    minRuleCount = 5,
    relationshipOverrides = {},
  }: ActionsOptions = {},
): Promise<ActionsResult> {
  if (!(aShare > 0 && aShare < 1)) throw new Error(`aShare must be a share in (0, 1), got ${aShare}`);
  if (!(bShare >= aShare && bShare <= 1)) throw new Error(`bShare must be a share from aShare (${aShare}) to 1, got ${bShare}`);
  if (!(protectRisk >= 0 && protectRisk <= 1)) throw new Error(`protectRisk must be a share in [0, 1], got ${protectRisk}`);
  if (!(minSupport > 0 && minSupport <= 1)) throw new Error(`minSupport must be a share in (0, 1], got ${minSupport}`);
  for (const [customerId, level] of Object.entries(relationshipOverrides)) {
    if (![1, 2, 3, 4, 5].includes(level)) {
      throw new Error(`relationshipOverrides["${customerId}"] must be a level from 1 to 5, got ${String(level)}`);
    }
  }
  const asOf = analysis.settings.asOf;
  if (model !== null && model.settings.asOf !== asOf) {
    throw new Error(`model must be predicted as of the analysis date ${asOf}, got ${model.settings.asOf}`);
  }
  const actionOptions = { minSupport, minConfidence, minLift, minRuleCount, keyAccountRisk: protectRisk, periodUnit: analysis.settings.unit };
  resolveActionOptions(actionOptions); // checks the rule minimums and protectRisk before any query runs
  const ruleOptions = { minSupport, minCount: minRuleCount, minConfidence, minLift };
  const asOfDay = dayOf(asOf);

  const spendRows = await run(engine, customerCategorySpend, { asOf });
  const productRows = await run(engine, customerProducts, { asOf });
  const orderRows = await run(engine, customerOrderValue, { asOf });
  const priceRows = await run(engine, productPrices, { asOf });
  const basketItemRows = await run(engine, basketItems, { asOf });
  const attributeRows = await run(engine, customerAttributes, { asOf });

  // Per customer, from the SQL rows.
  const facts = new Map<string, CustomerFacts>();
  const factsOf = (id: string): CustomerFacts => {
    let f = facts.get(id);
    if (!f) {
      f = { categorySpend: new Map(), categoriesEver: new Set(), categories12: 0, products: new Set(), orderValue: null, activeMonths12: 0 };
      facts.set(id, f);
    }
    return f;
  };
  const categoryBuyers = new Map<string, number>();
  const categorySpends = new Map<string, number[]>();
  const categoryCustomers = new Set<string>();
  for (const r of spendRows) {
    const f = factsOf(r.customer_id);
    f.categorySpend.set(r.category, r.revenue12);
    if (r.is_bought) f.categoriesEver.add(r.category);
    if (r.is_bought12) {
      f.categories12++;
      categoryCustomers.add(r.customer_id);
      categoryBuyers.set(r.category, (categoryBuyers.get(r.category) ?? 0) + 1);
      pushTo(categorySpends, r.category, r.revenue12);
    }
  }
  const productSpends = new Map<string, number[]>();
  for (const r of productRows) {
    factsOf(r.customer_id).products.add(r.product);
    pushTo(productSpends, r.product, r.revenue12);
  }
  for (const r of orderRows) {
    const f = factsOf(r.customer_id);
    f.activeMonths12 = r.active_months12;
    if (r.recent_order_value !== null && r.previous_order_value !== null) {
      f.orderValue = { recent: r.recent_order_value, previous: r.previous_order_value };
    }
  }
  const hasCategories = spendRows.length > 0;
  const crossSellItems = hasCategories ? 'category' : 'product';

  // The book: rules, tiers, typical spend.
  // The pair queries only return pairs that can reach both minimums: minRuleCount and minSupport × total.
  const minCount = (total: number): number => Math.max(minRuleCount, Math.ceil(minSupport * total - 1e-9));
  const categoryTotal = categoryCustomers.size;
  const productTotal = new Set(productRows.map((r) => r.customer_id)).size;
  const basketTotal = basketItemRows[0]?.total_baskets ?? 0;
  const categoryPairRows = await run(engine, categoryPairs, { asOf, minCount: minCount(categoryTotal) });
  const productPairRows = await run(engine, productPairs, { asOf, minCount: minCount(productTotal), maxPairs: MAX_ITEM_PAIRS });
  const basketPairRows = await run(engine, basketPairs, { asOf, minCount: minCount(basketTotal), maxPairs: MAX_ITEM_PAIRS });
  const categoryRules = pairRules(
    categoryPairRows.map((r): PairCount => ({ itemA: r.item_a, itemB: r.item_b, count: r.customers })),
    [...categoryBuyers].map(([item, count]): ItemCount => ({ item, count })),
    categoryTotal,
    ruleOptions,
  );
  const productRules = pairRules(
    productPairRows.map((r): PairCount => ({ itemA: r.item_a, itemB: r.item_b, count: r.customers })),
    priceRows.map((r): ItemCount => ({ item: r.product, count: r.buyers })),
    productTotal,
    ruleOptions,
  );
  const basketRules = pairRules(
    basketPairRows.map((r): PairCount => ({ itemA: r.item_a, itemB: r.item_b, count: r.baskets })),
    basketItemRows.map((r): ItemCount => ({ item: r.item, count: r.baskets })),
    basketTotal,
    ruleOptions,
  );
  const tiers = productTiers(
    priceRows.flatMap((r) => (r.unit_price === null ? [] : [{ product: r.product, category: r.category, unitPrice: r.unit_price }])),
  );
  const productBuyers = new Map(priceRows.map((r) => [r.product, r.buyers]));
  const typicalSpend = medians(hasCategories ? categorySpends : productSpends);

  // Predictions, with the stage fallback.
  const predicted = new Map((model?.predictions.customers ?? []).map((p) => [p.customerId, p]));
  const fromStage = new Set<string>();
  const predictionOf = (c: CustomerAnalysis): ActionCustomer['prediction'] => {
    const p: CustomerPrediction | undefined = predicted.get(c.customerId);
    if (p) return p;
    fromStage.add(c.customerId);
    const pAlive = STAGE_P_ALIVE[c.stage.stage];
    return { pAlive, churnProbability: 1 - pAlive, predictedClv: Math.max(0, c.value.trailing12) * pAlive, expectedNextOrderDay: null };
  };
  const predictions = analysis.customers.map(predictionOf);
  const customerFacts = analysis.customers.map((c) => factsOf(c.customerId));

  const accounts = keyAccounts(
    analysis.customers.map(
      (c, i): KeyAccountInput => ({
        customerId: c.customerId,
        trailing12: c.value.trailing12,
        trendLabel: c.trend.label,
        slopePct: c.trend.slopePct,
        pAlive: predictions[i]!.pAlive,
        overdue: c.stage.overdue,
        breadth: c.trend.signals.breadth ? { direction: c.trend.signals.breadth.direction, slopePct: c.trend.signals.breadth.slopePct } : null,
        topCategoryShare: hasCategories ? topShare(customerFacts[i]!.categorySpend) : null,
      }),
    ),
    { aShare, bShare },
  );
  const tenureMonths = analysis.customers.map((c) => Math.max(0, asOfDay - dayOf(c.firstOrder)) / DAYS_PER_MONTH);
  const relationship = analysis.customers.map((c, i): CustomerRelationship => {
    const f = customerFacts[i]!;
    const inferred = relationshipLevel({
      tenureMonths: tenureMonths[i]!,
      regularity: Math.min(12, f.activeMonths12) / 12,
      categories: hasCategories ? f.categories12 : f.products.size,
      revenueShare: accounts[i]!.revenueShare,
      keyAccount: accounts[i]!.keyAccount,
    });
    return { customerId: c.customerId, ...applyOverride(inferred, relationshipOverrides[c.customerId] ?? null) };
  });

  const customers = analysis.customers.map((c, i): ActionCustomer => {
    const f = customerFacts[i]!;
    return {
      customerId: c.customerId,
      customerName: c.customerName,
      trend: { label: c.trend.label, quiet: c.trend.quiet, slopePct: c.trend.slopePct, evidence: c.trend.evidence },
      stage: c.stage,
      value: c.value,
      rfm: c.rfm,
      prediction: predictions[i]!,
      tenureMonths: tenureMonths[i]!,
      categories: f.categoriesEver,
      products: f.products,
      categorySpend: f.categorySpend,
      orderValue: f.orderValue,
      keyAccount: accounts[i]!,
      relationshipLevel: relationship[i]!.level,
    };
  });
  const rows = nextBestActions(
    {
      asOf,
      customers,
      tiers,
      productBuyers,
      crossSell: { items: crossSellItems, rules: hasCategories ? categoryRules : productRules, typicalSpend },
    },
    actionOptions,
  ).map((row) => (fromStage.has(row.customerId) ? { ...row, reasonCodes: [...row.reasonCodes, P_ALIVE_FROM_STAGE] } : row));

  const attributesById = new Map(attributeRows.map((r) => [r.customer_id, r]));
  return {
    asOf,
    rows,
    keyAccounts: accounts,
    relationship,
    categoryRules,
    productRules,
    basketRules,
    crossSellItems,
    tiers: [...tiers].map(([product, t]: [string, ProductTier]) => ({ product, category: t.category, tier: t.tier, basis: t.basis, unitPrice: t.unitPrice })),
    attributes: analysis.customers.map((c) => {
      const a = attributesById.get(c.customerId);
      return { customerId: c.customerId, salesperson: a?.salesperson ?? null, region: a?.region ?? null, channel: a?.channel ?? null };
    }),
    pAliveSource: model === null ? 'stage' : 'model',
  };
}

function pushTo(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The median of each list (analytics/value.ts's percentile: the mean of the two middle values for an even count). */
function medians(lists: ReadonlyMap<string, number[]>): Map<string, number> {
  return new Map([...lists].map(([key, values]) => [key, percentile(Float64Array.from(values).sort(), 0.5)]));
}

/** The top category's share of the positive category spend; null when there is none. */
function topShare(spend: ReadonlyMap<string, number>): number | null {
  let top = 0;
  let total = 0;
  for (const value of spend.values()) {
    if (value <= 0) continue;
    total += value;
    top = Math.max(top, value);
  }
  return total > 0 ? top / total : null;
}

// ---------------------------------------------------------------------------------------------------------
// Export: the columns of the action list and of the rules, shared by `ciclo analyze` (actions.csv, rules.csv)
// and the screens' CSV and XLSX exports. Headers are the stable CSV names; a screen may translate them.

/** The action list's columns: the six the CLI promises first, in this order, then the extras. */
export const ACTION_COLUMNS: readonly ExportColumn[] = [
  { key: 'customer_id', header: 'customer_id', type: 'text' },
  { key: 'action', header: 'action', type: 'text' },
  { key: 'offer', header: 'offer', type: 'text' },
  { key: 'reason', header: 'reason', type: 'text' },
  { key: 'priority', header: 'priority', type: 'money' },
  { key: 'value_at_stake', header: 'value_at_stake', type: 'money' },
  { key: 'customer_name', header: 'customer_name', type: 'text' },
  { key: 'offer_category', header: 'offer_category', type: 'text' },
  { key: 'offer_product', header: 'offer_product', type: 'text' },
  { key: 'offer_tier', header: 'offer_tier', type: 'number' },
  { key: 'reason_codes', header: 'reason_codes', type: 'text' },
  { key: 'likelihood', header: 'likelihood', type: 'percent' },
  { key: 'timing', header: 'timing', type: 'date' },
  { key: 'stage', header: 'stage', type: 'text' },
  { key: 'trend', header: 'trend', type: 'text' },
  { key: 'p_alive', header: 'p_alive', type: 'percent' },
  { key: 'predicted_clv', header: 'predicted_clv', type: 'money' },
  { key: 'key_account', header: 'key_account', type: 'text' },
  { key: 'relationship_level', header: 'relationship_level', type: 'number' },
  { key: 'salesperson', header: 'salesperson', type: 'text' },
  { key: 'region', header: 'region', type: 'text' },
  { key: 'channel', header: 'channel', type: 'text' },
];

/** The rules' columns: antecedent, consequent, support, confidence, lift first, then the extras. */
export const RULE_COLUMNS: readonly ExportColumn[] = [
  { key: 'antecedent', header: 'antecedent', type: 'text' },
  { key: 'consequent', header: 'consequent', type: 'text' },
  { key: 'support', header: 'support', type: 'percent' },
  { key: 'confidence', header: 'confidence', type: 'percent' },
  { key: 'lift', header: 'lift', type: 'number' },
  { key: 'leverage', header: 'leverage', type: 'number' },
  { key: 'conviction', header: 'conviction', type: 'number' },
  { key: 'count', header: 'count', type: 'number' },
  { key: 'level', header: 'level', type: 'text' },
];

export type RuleLevel = 'customer_category' | 'customer_product' | 'basket';

/** Shares and ratios keep six decimals in exports (money is rounded to cents by its column type). */
const six = (x: number): number => (Number.isFinite(x) ? Number(x.toFixed(6)) + 0 : x);

/**
 * The action list as export rows keyed by ACTION_COLUMNS (reason codes joined with `|`; key_account as
 * `true`/`false`); salesperson, region and channel from the customer's usual values.
 */
export function actionRecords(result: ActionsResult): Record<string, unknown>[] {
  const attributes = new Map(result.attributes.map((a) => [a.customerId, a]));
  return result.rows.map((r) => {
    const a = attributes.get(r.customerId);
    return {
      customer_id: r.customerId,
      action: r.action,
      offer: r.offer,
      reason: r.reason,
      priority: r.priority,
      value_at_stake: r.valueAtStake,
      customer_name: r.customerName,
      offer_category: r.offerCategory,
      offer_product: r.offerProduct,
      offer_tier: r.offerTier,
      reason_codes: r.reasonCodes.join('|'),
      likelihood: six(r.likelihood),
      timing: r.timing,
      stage: r.stage,
      trend: r.trend,
      p_alive: six(r.pAlive),
      predicted_clv: r.predictedClv,
      key_account: r.keyAccount ? 'true' : 'false',
      relationship_level: r.relationshipLevel,
      salesperson: a?.salesperson ?? null,
      region: a?.region ?? null,
      channel: a?.channel ?? null,
    };
  });
}

/**
 * Every rule as an export row keyed by RULE_COLUMNS: the category rules, then the product rules, then the basket
 * rules, each as pairRules sorts them; items joined with " + "; an infinite conviction becomes an empty cell.
 */
export function ruleRecords(result: ActionsResult): Record<string, unknown>[] {
  const levels: [RuleLevel, readonly AssociationRule[]][] = [
    ['customer_category', result.categoryRules],
    ['customer_product', result.productRules],
    ['basket', result.basketRules],
  ];
  return levels.flatMap(([level, rules]) =>
    rules.map((r) => ({
      antecedent: r.antecedent.join(' + '),
      consequent: r.consequent.join(' + '),
      support: six(r.support),
      confidence: six(r.confidence),
      lift: six(r.lift),
      leverage: six(r.leverage),
      conviction: Number.isFinite(r.conviction) ? six(r.conviction) : null,
      count: r.count,
      level,
    })),
  );
}
