// rfm-summary.ts: each customer's purchase history as the buy-till-you-die models read it — frequency x,
// recency tₓ, age T and mean repeat spend — with the conventions of Fader, Hardie & Lee (2005) so that
// results match the literature (CDNOW: see tests/fixtures/cdnow/README.md).

/** Days in one model time unit: a day, a week, or an average Gregorian month (365.25 / 12). */
export const UNIT_DAYS = { day: 1, week: 7, month: 30.4375 } as const;
export type ModelUnit = keyof typeof UNIT_DAYS;

export interface PurchaseLine {
  customerId: string;
  /** Whole days since 1970-01-01 (UTC). */
  day: number;
  amount: number;
}

/** One customer's summary, times in model units (days ÷ unitDays). */
export interface PurchaseSummary {
  customerId: string;
  /** Frequency: repeat purchase days, i.e. distinct purchase days − 1. */
  x: number;
  /** Recency: last purchase day − first purchase day (0 when x = 0). */
  tx: number;
  /** Age: analysis day − first purchase day. */
  T: number;
  /** Monetary value: mean amount of the repeat purchase days (each day's lines summed); 0 when x = 0. */
  mx: number;
  /** First and last purchase day (days since 1970-01-01) on or before the analysis day. */
  firstDay: number;
  lastDay: number;
}

export interface SummaryOptions {
  /** The analysis day (days since 1970-01-01): later lines are ignored. */
  asOfDay: number;
  /** Days per time unit, usually one of UNIT_DAYS (1, 7 or 30.4375). */
  unitDays: number;
}

/**
 * Summarises purchase lines per customer as of `asOfDay`:
 * - lines after `asOfDay` are ignored, and customers with no line on or before it are left out;
 * - all lines of one customer on one day are one purchase, with their amounts summed;
 * - x = purchase days − 1, tₓ = (last − first day) / unitDays, T = (asOfDay − first day) / unitDays,
 *   mx = mean day-summed amount of the repeat days (the first purchase is excluded), 0 when x = 0.
 * Every line counts as a purchase: returns are netted or dropped by the caller. The result is a plain array
 * in the order in which customers first appear in `lines` (not sorted by id), so per-customer model results
 * computed from it line up by position.
 */
export function summarizePurchases(lines: readonly PurchaseLine[], { asOfDay, unitDays }: SummaryOptions): PurchaseSummary[] {
  if (!Number.isInteger(asOfDay)) throw new RangeError(`asOfDay must be a whole number of days since 1970-01-01, got ${asOfDay}`);
  if (!(unitDays > 0 && Number.isFinite(unitDays))) {
    throw new RangeError(`unitDays must be a finite number of days > 0 (1, 7 or 30.4375), got ${unitDays}`);
  }

  const indexOf = new Map<string, number>();
  const days: number[][] = [];
  const amounts: number[][] = [];
  const ids: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const { customerId, day, amount } = lines[i]!;
    if (!Number.isInteger(day)) throw new RangeError(`line ${i}: day must be a whole number of days, got ${day}`);
    if (!Number.isFinite(amount)) throw new RangeError(`line ${i}: amount must be a finite number, got ${amount}`);
    if (day > asOfDay) continue;
    let index = indexOf.get(customerId);
    if (index === undefined) {
      index = ids.length;
      indexOf.set(customerId, index);
      ids.push(customerId);
      days.push([]);
      amounts.push([]);
    }
    days[index]!.push(day);
    amounts[index]!.push(amount);
  }

  return ids.map((customerId, index) => summarizeCustomer(customerId, days[index]!, amounts[index]!, asOfDay, unitDays));
}

function summarizeCustomer(customerId: string, days: number[], amounts: number[], asOfDay: number, unitDays: number): PurchaseSummary {
  let isSorted = true;
  for (let i = 1; i < days.length && isSorted; i++) isSorted = days[i - 1]! <= days[i]!;
  let order: number[] | null = null;
  if (!isSorted) order = days.map((_, i) => i).sort((i, j) => days[i]! - days[j]!);
  const dayAt = (k: number) => days[order ? order[k]! : k]!;
  const amountAt = (k: number) => amounts[order ? order[k]! : k]!;

  const firstDay = dayAt(0);
  let purchaseDays = 1;
  let repeatAmount = 0;
  let previous = firstDay;
  for (let k = 0; k < days.length; k++) {
    const day = dayAt(k);
    if (day !== previous) {
      purchaseDays++;
      previous = day;
    }
    if (day !== firstDay) repeatAmount += amountAt(k);
  }
  const x = purchaseDays - 1;
  return {
    customerId,
    x,
    tx: (previous - firstDay) / unitDays,
    T: (asOfDay - firstDay) / unitDays,
    mx: x === 0 ? 0 : repeatAmount / x,
    firstDay,
    lastDay: previous,
  };
}
