// How long Ciclo takes to fit its purchase models (BG/NBD and Gamma-Gamma) and to predict every customer's
// value, on the CDNOW sample of the literature and on 100k generated customers with day-resolution histories
// over two years. Figures for `npm run bench`; nothing here is asserted.
//
//   node --import tsx tests/bench/model-fit.ts            CDNOW and 100k generated customers
//   node --import tsx tests/bench/model-fit.ts --quick    CDNOW and 10k generated customers
import { pathToFileURL } from 'node:url';
import { fitBgNbd } from '../../src/analytics/bgnbd.ts';
import { fitGammaGamma } from '../../src/analytics/gamma-gamma.ts';
import { summarizePurchases, UNIT_DAYS, type PurchaseLine, type PurchaseSummary } from '../../src/analytics/rfm-summary.ts';
import { predictValues } from '../../src/analytics/value-model.ts';
import { CALIBRATION_END, cdnowLines, dayOf } from '../fixtures/cdnow/cdnow.ts';
import { mulberry32 } from '../fixtures/seeded-random.ts';

export interface ModelFitTiming {
  label: string;
  customers: number;
  /** Distinct (x, tₓ, T) histories the BG/NBD likelihood is summed over. */
  groups: number;
  /** fitBgNbd, seconds (median of the timed runs). */
  bgnbdSeconds: number;
  /** fitGammaGamma, seconds. */
  gammaGammaSeconds: number;
  /** predictValues end to end: both fits plus every customer's P(alive), purchases, spend, CLV and next order. */
  predictSeconds: number;
}

/** The simulated book's population: BG/NBD and Gamma-Gamma parameters, times in days. */
export const GENERATED_POPULATION = {
  /** Purchase rate while alive λ ~ Gamma(r, α): a mean of r/α ≈ 4 purchases a year, with a long tail. */
  r: 0.55,
  alpha: 50,
  /** Dropout chance after each repeat purchase p ~ Beta(a, b): about one in six. */
  a: 0.7,
  b: 3.5,
  /** Order amounts z ~ Gamma(p, ν) with ν ~ Gamma(q, γ): a population mean pγ/(q − 1) = 80. */
  p: 4,
  q: 3,
  gamma: 40,
  /** First purchases spread evenly over the two years before the analysis day. */
  days: 730,
} as const;

/** The first analysis day of the generated book (2024-12-31), with first purchases from 2023-01-01 on. */
export const GENERATED_AS_OF = dayOf('2024-12-31');

/**
 * Purchase lines of `customers` simulated customers, reproducible from `seed`: each arrives on a uniformly
 * drawn day of the two years before GENERATED_AS_OF, buys at a Poisson rate drawn from Gamma(r, α) while
 * alive, may leave after each repeat purchase with a chance drawn from Beta(a, b) (the BG/NBD story), and
 * spends amounts drawn from Gamma(p, ν) with their own ν from Gamma(q, γ). Purchases are at whole days, so
 * two on one day merge in the summary, as in real exports.
 */
export function generatedPurchaseLines(customers: number, seed = 2024): PurchaseLine[] {
  if (!(Number.isInteger(customers) && customers >= 1)) throw new RangeError(`customers must be an integer ≥ 1, got ${customers}`);
  const { r, alpha, a, b, p, q, gamma, days } = GENERATED_POPULATION;
  const random = mulberry32(seed);
  const uniform = () => 1 - random(); // (0, 1]: safe under a logarithm
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * random());
  // Gamma(shape, 1) variates by Marsaglia & Tsang (2000), "A simple method for generating gamma variables";
  // a shape below 1 through Gamma(shape + 1) · U^(1/shape).
  const gammaVariate = (shape: number): number => {
    if (shape < 1) return gammaVariate(shape + 1) * uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = normal();
      const v = (1 + c * z) ** 3;
      if (v > 0 && Math.log(uniform()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };

  const firstCalendarDay = GENERATED_AS_OF - days;
  const lines: PurchaseLine[] = [];
  for (let i = 0; i < customers; i++) {
    const customerId = `C${i + 1}`;
    const first = Math.floor(random() * days);
    const observedDays = days - first;
    const rate = gammaVariate(r) / alpha;
    const ga = gammaVariate(a);
    const dropout = ga / (ga + gammaVariate(b));
    const spendRate = gammaVariate(q) / gamma;
    const amount = () => Math.round((gammaVariate(p) / spendRate) * 100) / 100;
    lines.push({ customerId, day: firstCalendarDay + first, amount: amount() });
    let t = 0;
    for (;;) {
      t += -Math.log(uniform()) / rate;
      if (t > observedDays) break;
      lines.push({ customerId, day: firstCalendarDay + first + Math.floor(t), amount: amount() });
      if (random() < dropout) break;
    }
  }
  return lines;
}

/** Times `run` `timed` times after `warmups` untimed runs; the median in seconds, and the last result. */
function medianSeconds<T>(run: () => T, { warmups = 1, timed = 3 } = {}): { seconds: number; result: T } {
  let result = run();
  for (let i = 1; i < warmups; i++) result = run();
  const seconds: number[] = [];
  for (let i = 0; i < timed; i++) {
    const started = performance.now();
    result = run();
    seconds.push((performance.now() - started) / 1000);
  }
  seconds.sort((x, y) => x - y);
  return { seconds: seconds[seconds.length >> 1]!, result };
}

function timeBook(label: string, summaries: readonly PurchaseSummary[], unitDays: number, asOfDay: number): ModelFitTiming {
  const bgnbd = medianSeconds(() => fitBgNbd(summaries));
  const gammaGamma = medianSeconds(() => fitGammaGamma(summaries));
  const predict = medianSeconds(() => predictValues(summaries, { unitDays, asOfDay }));
  if (predict.result.method !== 'bgnbd_gamma_gamma') {
    throw new Error(`${label}: predictValues fell back to the heuristic (${predict.result.reason}: ${predict.result.detail})`);
  }
  return {
    label,
    customers: bgnbd.result.customers,
    groups: bgnbd.result.groups,
    bgnbdSeconds: bgnbd.seconds,
    gammaGammaSeconds: gammaGamma.seconds,
    predictSeconds: predict.seconds,
  };
}

/** The CDNOW sample (weekly, as of 1997-09-30) and a generated book of `generatedCustomers` (daily). */
export async function benchModelFit({ generatedCustomers = 100_000 } = {}): Promise<ModelFitTiming[]> {
  if (!(Number.isInteger(generatedCustomers) && generatedCustomers >= 1)) {
    throw new RangeError(`generatedCustomers must be an integer ≥ 1, got ${generatedCustomers}`);
  }
  const cdnowAsOf = dayOf(CALIBRATION_END);
  const cdnow = summarizePurchases(cdnowLines(), { asOfDay: cdnowAsOf, unitDays: UNIT_DAYS.week });
  const generated = summarizePurchases(generatedPurchaseLines(generatedCustomers), { asOfDay: GENERATED_AS_OF, unitDays: UNIT_DAYS.day });
  const count = generatedCustomers >= 1000 && generatedCustomers % 1000 === 0 ? `${generatedCustomers / 1000}k` : `${generatedCustomers}`;
  return [
    timeBook('CDNOW (weekly)', cdnow, UNIT_DAYS.week, cdnowAsOf),
    timeBook(`generated ${count} (daily)`, generated, UNIT_DAYS.day, GENERATED_AS_OF),
  ];
}

/** The timings as a small fixed-width table. */
export function formatModelFit(rows: readonly ModelFitTiming[]): string {
  const header = ['book', 'customers', 'groups', 'BG/NBD s', 'Gamma-Gamma s', 'predict s'];
  const body = rows.map((row) => [
    row.label,
    row.customers.toLocaleString('en-US'),
    row.groups.toLocaleString('en-US'),
    row.bgnbdSeconds.toFixed(4),
    row.gammaGammaSeconds.toFixed(4),
    row.predictSeconds.toFixed(4),
  ]);
  const widths = header.map((title, k) => Math.max(title.length, ...body.map((cells) => cells[k]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const rows = await benchModelFit({ generatedCustomers: quick ? 10_000 : 100_000 });
  console.log('Model fit, median of 3 runs after one warm-up:');
  console.log(formatModelFit(rows));
}
