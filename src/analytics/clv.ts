// clv.ts: predicted customer lifetime value over a horizon of months — BG/NBD's expected purchases in each
// month times Gamma-Gamma's expected order value, discounted monthly (the discrete sum of the Python package
// lifetimes' customer_lifetime_value, with the length of a month in model units made explicit).
import { expectedPurchases, type BgNbdCustomer, type BgNbdParams } from './bgnbd.ts';
import { expectedAverageSpend, type GammaGammaParams } from './gamma-gamma.ts';

/** Days in a month: the average Gregorian month, 365.25 / 12. */
export const DAYS_PER_MONTH = 30.4375;

export interface ClvInput {
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  /** The customer in the model unit of `bgnbd` (x, tₓ, T) with their mean repeat spend mx. */
  customer: BgNbdCustomer & { mx: number };
  /** Months ahead (whole number ≥ 1, default 12). */
  horizonMonths?: number;
  /** Discount rate per month (default 0.01 = 1 %): month m's value is divided by (1 + rate)^m. */
  monthlyDiscount?: number;
  /** Days in the model unit the BG/NBD was fitted in: 1 (day), 7 (week) or 30.4375 (month). */
  unitDays: number;
}

/**
 * Predicted CLV = Σ_{m=1..H} (E[Y(m·u)] − E[Y((m−1)·u)]) × E[M] / (1 + d)^m, where u = 30.4375 / unitDays is
 * one month in model units (4.348 weeks, 30.4375 days or 1 month) and E[Y(t)] is BG/NBD's expected purchases
 * in the next t units. The month must be converted: lifetimes' default counts 30 units per "month", which on
 * week-based data is 30 weeks, so its printed CDNOW values are not 12-month CLVs. Each month's increment is
 * floored at 0, so rounding cannot make a month negative; the result is finite and ≥ 0.
 */
export function predictedClv({ bgnbd, gammaGamma, customer, horizonMonths = 12, monthlyDiscount = 0.01, unitDays }: ClvInput): number {
  if (!(Number.isInteger(horizonMonths) && horizonMonths >= 1)) throw new RangeError(`horizonMonths must be an integer ≥ 1, got ${horizonMonths}`);
  if (!(monthlyDiscount >= 0 && Number.isFinite(monthlyDiscount))) {
    throw new RangeError(`monthlyDiscount must be a finite rate ≥ 0 (0.01 = 1 % a month), got ${monthlyDiscount}`);
  }
  if (!(unitDays > 0 && Number.isFinite(unitDays))) throw new RangeError(`unitDays must be a finite number of days > 0 (1, 7 or 30.4375), got ${unitDays}`);

  const spend = expectedAverageSpend(gammaGamma, customer);
  const monthInUnits = DAYS_PER_MONTH / unitDays;
  let value = 0;
  let previous = 0;
  for (let month = 1; month <= horizonMonths; month++) {
    const cumulative = expectedPurchases(bgnbd, month * monthInUnits, customer);
    const purchases = cumulative > previous ? cumulative - previous : 0;
    if (cumulative > previous) previous = cumulative;
    value += (purchases * spend) / (1 + monthlyDiscount) ** month;
  }
  return value;
}
