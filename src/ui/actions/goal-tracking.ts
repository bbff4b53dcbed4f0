// Goals of an account plan (revenue or categories per quarter) tracked against what the customer actually
// bought, month by month: each month shows the quarter so far against the pace the goal needs (a third of the
// target per month), so a salesperson sees in the second month already whether the quarter is slipping.

export type GoalMetric = 'revenue' | 'categories';
export const GOAL_METRICS = ['revenue', 'categories'] as const satisfies readonly GoalMetric[];

export interface AccountGoal {
  id: string;
  metric: GoalMetric;
  /** Per quarter: revenue (money) or distinct categories bought. */
  target: number;
  /** The first quarter tracked, `YYYY-Qn`. */
  fromQuarter: string;
}

/** What the customer bought in one calendar month. */
export interface MonthActual {
  /** ISO first day of the month. */
  month: string;
  revenue: number;
  categories: readonly string[];
}

export interface GoalMonth {
  month: string;
  /** 1, 2 or 3 within its quarter. */
  monthOfQuarter: number;
  /** Revenue of the month, or categories bought in the month. */
  actual: number;
  /** The quarter so far: revenue summed, or distinct categories. */
  quarterToDate: number;
  /** target × monthOfQuarter ÷ 3. */
  pace: number;
  isOnPace: boolean;
}

export interface GoalQuarter {
  quarter: string;
  target: number;
  /** Revenue or distinct categories of the quarter up to the analysis date. */
  actual: number;
  /** actual ÷ target. */
  progress: number;
  isMet: boolean;
  /** The analysis date falls inside the quarter: it is still under way. */
  isOpen: boolean;
  months: GoalMonth[];
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** `2024-05-17` → `2024-Q2`. */
export function quarterOf(isoDate: string): string {
  const month = Number(isoDate.slice(5, 7));
  return `${isoDate.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** `2024-Q2` → `2024-04-01`. */
export function quarterStart(quarter: string): string {
  const match = QUARTER.exec(quarter);
  if (!match) throw new Error(`quarter must look like 2024-Q2, got "${quarter}"`);
  const month = (Number(match[2]) - 1) * 3 + 1;
  return `${match[1]}-${String(month).padStart(2, '0')}-01`;
}

/** Checks a goal where it comes in (the form, or the browser's store). */
export function checkGoal(goal: AccountGoal): void {
  if (typeof goal !== 'object' || goal === null) throw new Error(`a goal must be an object, got ${String(goal)}`);
  if (typeof goal.id !== 'string' || goal.id === '') throw new Error(`goal id must be a non-empty text, got ${String(goal.id)}`);
  if (!(GOAL_METRICS as readonly unknown[]).includes(goal.metric)) throw new Error(`goal metric must be revenue or categories, got ${String(goal.metric)}`);
  if (!(typeof goal.target === 'number' && Number.isFinite(goal.target) && goal.target > 0)) {
    throw new Error(`goal target must be a number > 0, got ${String(goal.target)}`);
  }
  if (goal.metric === 'categories' && !Number.isInteger(goal.target)) throw new Error(`a categories goal must be a whole number, got ${goal.target}`);
  if (typeof goal.fromQuarter !== 'string' || !QUARTER.test(goal.fromQuarter)) {
    throw new Error(`goal fromQuarter must look like 2024-Q2, got ${String(goal.fromQuarter)}`);
  }
}

function addMonths(isoMonth: string, months: number): string {
  const index = Number(isoMonth.slice(0, 4)) * 12 + Number(isoMonth.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * The goal quarter by quarter, from its first quarter to the one holding the analysis date, each with its
 * months up to that date. Revenue adds up over the months; categories count the distinct categories bought
 * in the quarter so far. A quarter is met when its actual reaches the target; a month is on pace when the
 * quarter so far reaches target × monthOfQuarter ÷ 3. A goal starting after the analysis date has no quarters.
 */
export function trackGoal(goal: AccountGoal, actuals: readonly MonthActual[], asOf: string): GoalQuarter[] {
  checkGoal(goal);
  const byMonth = new Map(actuals.map((a) => [a.month.slice(0, 7), a]));
  const lastMonth = `${asOf.slice(0, 7)}-01`;
  const quarters: GoalQuarter[] = [];
  for (let start = quarterStart(goal.fromQuarter); start <= lastMonth; start = addMonths(start, 3)) {
    const months: GoalMonth[] = [];
    let revenue = 0;
    const categories = new Set<string>();
    for (let m = 0; m < 3; m++) {
      const month = addMonths(start, m);
      if (month > lastMonth) break;
      const actual = byMonth.get(month.slice(0, 7));
      revenue += actual?.revenue ?? 0;
      for (const category of actual?.categories ?? []) categories.add(category);
      const quarterToDate = goal.metric === 'revenue' ? revenue : categories.size;
      const pace = (goal.target * (m + 1)) / 3;
      months.push({
        month,
        monthOfQuarter: m + 1,
        actual: goal.metric === 'revenue' ? (actual?.revenue ?? 0) : new Set(actual?.categories ?? []).size,
        quarterToDate,
        pace,
        // A hair of slack so that three thirds of a target meet it despite floating point.
        isOnPace: quarterToDate >= pace - 1e-9 * goal.target,
      });
    }
    const actual = months.at(-1)?.quarterToDate ?? 0;
    quarters.push({
      quarter: quarterOf(start),
      target: goal.target,
      actual,
      progress: actual / goal.target,
      isMet: actual >= goal.target - 1e-9 * goal.target,
      isOpen: quarterOf(start) === quarterOf(asOf),
      months,
    });
  }
  return quarters;
}

/**
 * Month by month what a customer bought, from their orders (date, amount) and their revenue per category per
 * month (CustomerDetail). A category counts in a month when the customer bought it then (any line, even one
 * that nets to 0 after a return).
 */
export function monthlyActuals(
  orders: readonly { date: string; amount: number }[],
  categoryMonths: readonly { month: string; category: string }[],
): MonthActual[] {
  const months = new Map<string, { revenue: number; categories: Set<string> }>();
  const at = (iso: string) => {
    const key = `${iso.slice(0, 7)}-01`;
    let entry = months.get(key);
    if (!entry) months.set(key, (entry = { revenue: 0, categories: new Set() }));
    return entry;
  };
  for (const order of orders) at(order.date).revenue += order.amount;
  for (const row of categoryMonths) at(row.month).categories.add(row.category);
  return [...months]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([month, { revenue, categories }]) => ({ month, revenue, categories: [...categories].sort() }));
}
