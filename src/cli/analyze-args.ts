// The arguments of `ciclo analyze`: its flags, its help text, and their reading into a typed request. The
// format flags are those of `ciclo inspect`, read by the same code.
import { dayOf } from '../analytics/days.ts';
import { UNIT_DAYS, type ModelUnit } from '../analytics/rfm-summary.ts';
import { PERIOD_UNITS, type PeriodUnit } from '../analytics/types.ts';
import { ROLES } from '../import/types.ts';
import { UsageError, type FlagSpec, type ParsedArgs } from './args.ts';
import { INSPECT_FLAGS, readInspectRequest } from './inspect-args.ts';
import type { LoadRequest } from './load-sales.ts';
import { ENGINE_CHOICES, type EngineChoice } from './engine-choice.ts';

export const ANALYZE_FLAGS: Readonly<Record<string, FlagSpec>> = {
  // Every inspect flag but --max-rejected: analyze lists no rejected lines (inspect does).
  ...Object.fromEntries(Object.entries(INSPECT_FLAGS).filter(([name]) => name !== '--max-rejected')),
  '--out': { hasValue: true },
  '--as-of': { hasValue: true },
  '--period': { hasValue: true },
  '--unit': { hasValue: true },
  '--horizon': { hasValue: true },
  '--discount': { hasValue: true },
  '--engine': { hasValue: true },
};

/** The longest CLV horizon the command accepts, in months: beyond ten years a forecast says little. */
export const MAX_HORIZON_MONTHS = 120;

export const ANALYZE_HELP = `Usage: ciclo analyze FILE --out DIR [options]

Reads FILE the way the Ciclo site does, analyses every customer with the same SQL and statistics as the
site, and writes:
  DIR/customers.csv   one row per customer, sorted by customer_id
  DIR/cohorts.csv     monthly acquisition cohorts × months since the first order
  DIR/model.json      the fitted purchase (BG/NBD) and spend (Gamma-Gamma) models and their settings
A short summary (customers per trend label and per stage, the model used) goes to stderr.

Options:
  --out DIR             folder for the results (created if missing; existing files are replaced)
  --as-of YYYY-MM-DD    analysis date: later lines are ignored (default: the end of the last complete
                        month in the data)
  --period month|week   period of the trend series (default month; weeks run Monday to Sunday)
  --unit day|week|month
                        time unit of the purchase model, in which frequency, recency and T are written
                        (default week, as in the literature; a month is 30.4375 days)
  --horizon N           months ahead for expected purchases and predicted CLV (default 12; 1 to
                        ${MAX_HORIZON_MONTHS})
  --discount R          discount rate per month for the CLV, ≥ 0 and < 1 (default 0.01 = 1 % a month)
  --engine auto|native|wasm
                        DuckDB to run on: native (the optional @duckdb/node-api package, much faster on
                        large files), wasm (the WebAssembly build the site runs) or auto (default: native
                        when installed, else wasm). Both give the same results; stderr says which ran.
  --encoding NAME       utf-8, utf-16le, utf-16be or windows-1252
  --delimiter CHAR      ";", ",", "|" or tab
  --header-line N       line number of the header row (1 = first line)
  --decimal CHAR        "." or ","
  --thousands CHAR      none, ".", ",", "'" or space
  --date-order ORDER    dmy, mdy, ymd or excel (Excel day numbers)
  --map ROLE=HEADER     read column HEADER as ROLE (repeatable); "ROLE=" leaves ROLE unmapped.
                        Roles: ${ROLES.join(', ')}
  -h, --help            show this help

The CSV files are UTF-8 with a header row, "," between fields, RFC 4180 quoting, "." for decimals,
ISO dates and an empty field for "no value". Their column names and order are a stable contract read by
other tools: customers.csv starts with customer_id, first_order, last_order, orders, revenue, trend,
trend_slope_pct, trend_p_value, stage, rfm_segment, historic_ltv; later versions only add columns at the end.
The predicted value follows, after the trend and value extras: frequency, recency, T, monetary_value, p_alive,
churn_probability, expected_purchases, predicted_clv, then p_alive_method, expected_spend and
expected_next_order. They come from BG/NBD and Gamma-Gamma fitted on every purchase up to the analysis date, or, when
there are too few customers or repeat buyers for a stable fit, from a rule of thumb: model.json's "method" says which
("bgnbd_gamma_gamma" or "heuristic") and "reason" why; its "bgnbd" and "gamma_gamma" are null for the rule of
thumb. p_alive_method is "bgnbd", "one_time_heuristic" (a customer who bought once: the modified BG/NBD) or
"recency_heuristic". A customer whose lines up to the date are all returns has no purchase: empty cells.

Exit status: 0 the results were written, 1 the file could not be read, held no sale or the results could
not be written (one line on stderr: code, place and what to do), 2 bad arguments.
`;

export interface AnalyzeRequest extends LoadRequest {
  outDir: string;
  /** Absent: the default analysis date. */
  asOf?: string;
  unit: PeriodUnit;
  /** Time unit of the purchase model. */
  modelUnit: ModelUnit;
  horizonMonths: number;
  monthlyDiscount: number;
  engine: EngineChoice;
}

/** Turns `ciclo analyze` arguments into a request; anything wrong is a UsageError (exit status 2). */
export function readAnalyzeRequest({ positionals, flags }: ParsedArgs): AnalyzeRequest {
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'analyze needs a FILE' : `analyze takes one FILE, got ${positionals.length}`);
  }
  const { file, overrides, remap } = readInspectRequest({ positionals, flags });
  const outDir = flags.get('--out')?.[0];
  if (outDir === undefined || outDir === '') throw new UsageError('analyze needs --out DIR, the folder for the results');
  const asOf = flags.get('--as-of')?.[0];
  if (asOf !== undefined && !isCalendarDate(asOf)) {
    throw new UsageError(`--as-of must be a calendar date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  }
  const unit = flags.get('--period')?.[0] ?? 'month';
  if (!(PERIOD_UNITS as readonly string[]).includes(unit)) {
    throw new UsageError(`--period must be one of ${PERIOD_UNITS.join(', ')}, got ${JSON.stringify(unit)}`);
  }
  const modelUnit = flags.get('--unit')?.[0] ?? 'week';
  if (!Object.hasOwn(UNIT_DAYS, modelUnit)) {
    throw new UsageError(`--unit must be one of ${Object.keys(UNIT_DAYS).join(', ')}, got ${JSON.stringify(modelUnit)}`);
  }
  const horizonText = flags.get('--horizon')?.[0] ?? '12';
  const horizonMonths = /^\d{1,4}$/.test(horizonText) ? Number(horizonText) : Number.NaN;
  if (!(horizonMonths >= 1 && horizonMonths <= MAX_HORIZON_MONTHS)) {
    throw new UsageError(`--horizon must be a whole number of months from 1 to ${MAX_HORIZON_MONTHS}, got ${JSON.stringify(horizonText)}`);
  }
  const discountText = flags.get('--discount')?.[0] ?? '0.01';
  const monthlyDiscount = /^(\d+\.?\d*|\.\d+)$/.test(discountText) ? Number(discountText) : Number.NaN;
  if (!(monthlyDiscount >= 0 && monthlyDiscount < 1)) {
    throw new UsageError(`--discount must be a monthly rate ≥ 0 and < 1, such as 0.01 for 1 % a month, got ${JSON.stringify(discountText)}`);
  }
  const engine = flags.get('--engine')?.[0] ?? 'auto';
  if (!(ENGINE_CHOICES as readonly string[]).includes(engine)) {
    throw new UsageError(`--engine must be one of ${ENGINE_CHOICES.join(', ')}, got ${JSON.stringify(engine)}`);
  }
  return {
    file,
    overrides,
    remap,
    outDir,
    engine: engine as EngineChoice,
    unit: unit as PeriodUnit,
    modelUnit: modelUnit as ModelUnit,
    horizonMonths,
    monthlyDiscount,
    ...(asOf === undefined ? {} : { asOf }),
  };
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    dayOf(text);
    return true;
  } catch {
    return false;
  }
}
