// action-reasons.ts: the plain-language reason of each next best action, as a template with named
// parameters. The action list keeps the key and the parameters, so the screens can fill the same sentence in
// the user's language; the English text filled here goes to the CLI export and to screens without a translation.

/** One sentence per action and variant. */
export const REASON_TEMPLATES = {
  cross_sell:
    '{confidence|pct} % of customers who buy {antecedent} also buy {consequent}; lift {lift|1}. ' +
    'Its buyers spend about {typicalSpend|money} a year on it.',
  'upgrade.uptrader':
    'Spending rises {slope|1} % a {unit}, yet buys only tier {currentTier} or below in {category}; ' +
    'tier {offerTier} costs {priceStep|pct} % more per unit, about {valueAtStake|money} more a year.',
  'upgrade.frequent':
    'Orders often (frequency score {frequency} of {levels}), yet buys only tier {currentTier} or below in {category}; ' +
    'tier {offerTier} costs {priceStep|pct} % more per unit, about {valueAtStake|money} more a year.',
  'downgrade_to_save.order_value':
    'Spending falls {decline|1} % a {unit} and the average order fell from {previousOrderValue|money} to ' +
    '{recentOrderValue|money}; offer tier {offerTier} of {category} (buys tier {currentTier}) to keep ' +
    '{valueAtStake|money} a year.',
  'downgrade_to_save.quiet':
    'Spending falls {decline|1} % a {unit} while orders keep their usual rhythm, so each order is smaller; ' +
    'offer tier {offerTier} of {category} (buys tier {currentTier}) to keep {valueAtStake|money} a year.',
  'downgrade_to_save.premium':
    'Spending falls {decline|1} % a {unit} while buying premium tier {currentTier} of {category}; ' +
    'offer tier {offerTier} to keep {valueAtStake|money} a year.',
  win_back:
    'No order for {daysSinceLast} days, {overdue|1}× the usual gap of {typicalGapDays} days; predicted value ' +
    '{predictedClv|money}, {historicPerYear|money} a year so far; P(alive) {pAlive|pct} %.',
  nurture:
    'First order {daysSinceLast} days ago; nudge the second order by {timing} ' +
    '(P(alive) {pAlive|pct} %, predicted value {predictedClv|money}).',
  stabilise:
    'Spending rises {slope|1} % a {unit}: {recentPerPeriod|money} a {unit} lately against {baselinePerPeriod|money} ' +
    'over the trend window; keep the growth, about {valueAtStake|money} a year, and make it a stable client.',
  protect_key_account:
    'Key account with {trailing12|money} in the last 12 months and risk {risk|pct} %, mostly from ' +
    '{mainReason|risk} ({mainReasonShare|pct} % of the score); {revenueAtRisk|money} at risk.',
} as const;

export type ReasonKey = keyof typeof REASON_TEMPLATES;

export type ReasonParams = Record<string, string | number>;

/** English words for the risk reason codes of key-accounts.ts (format `risk`). */
const RISK_PHRASES: Readonly<Record<string, string>> = {
  downtrend: 'a falling trend',
  falling_p_alive: 'a falling P(alive)',
  overdue: 'an overdue order',
  shrinking_breadth: 'fewer categories',
  category_dependence: 'dependence on one category',
};

/** Digits with `,` between thousands and `.` before `decimals` decimals: 12345.6 → "12,345.6". */
export function groupThousands(x: number, decimals: number): string {
  const fixed = Math.abs(x).toFixed(decimals);
  const [whole = '', fraction] = fixed.split('.');
  const sign = x < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction ? `.${fraction}` : '');
}

/**
 * Fills a template's `{name}` and `{name|format}` placeholders from `params`. Formats: `pct` (a share shown as
 * a whole percentage, 0.68 → 68), `money` (whole units with thousands separators), `1` (one decimal), `risk`
 * (a risk reason code in words); a bare number is rounded to a whole number. Throws on a missing parameter,
 * so a template and its parameters cannot drift apart unnoticed.
 */
export function fillReason(template: string, params: ReasonParams): string {
  return template.replace(/\{(\w+)(?:\|(\w+))?\}/g, (_, name: string, format: string | undefined) => {
    const value = params[name];
    if (value === undefined) throw new Error(`reason parameter "${name}" is missing`);
    if (typeof value === 'string') return format === 'risk' ? (RISK_PHRASES[value] ?? value) : value;
    if (!Number.isFinite(value)) return String(value);
    if (format === 'pct') return groupThousands(value * 100, 0);
    if (format === '1') return groupThousands(value, 1);
    return groupThousands(value, 0);
  });
}

/** The English reason of a key with its parameters. */
export function reasonText(key: ReasonKey, params: ReasonParams): string {
  return fillReason(REASON_TEMPLATES[key], params);
}
