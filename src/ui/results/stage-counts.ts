// Customers per lifecycle stage at one date, as one horizontal bar per stage in the fixed stage order and
// colours (the analysis view's stage chart is monthly history, which result files do not carry). Built like
// the charts of src/charts: plain options, a text alternative, numbers in the reader's language.
import * as Plot from '@observablehq/plot';
import { STAGES, type Stage } from '../../analytics/types.ts';
import { STAGE_COLORS, checkWidth, describeChart, formats, marginFor, type ChartOptions } from '../../charts/chart-kit.ts';

export interface StageCount {
  stage: Stage;
  customers: number;
}

export interface StageCountsLabels {
  title: string;
  customers: string;
  names: Readonly<Record<Stage, string>>;
  /** The text alternative, from the formatted total and the `name: count` list. */
  describe: (facts: { total: string; parts: string }) => string;
}

/** One bar per stage (all six, zero bars too). */
export function stageCounts(counts: readonly StageCount[], { locale, width, labels }: ChartOptions<StageCountsLabels>): SVGElement | HTMLElement {
  checkWidth(width);
  const f = formats(locale);
  const rows = STAGES.map((stage) => ({ stage, customers: counts.find((c) => c.stage === stage)?.customers ?? 0 }));
  const total = rows.reduce((sum, row) => sum + row.customers, 0);
  const description = labels.describe({ total: f.integer(total), parts: f.list(rows.map((row) => `${labels.names[row.stage]}: ${f.integer(row.customers)}`)) });
  const name = (row: StageCount) => labels.names[row.stage];
  const chart = Plot.plot({
    width,
    height: rows.length * 34 + 44,
    marginLeft: marginFor(rows.map(name)),
    marginRight: 48,
    ariaLabel: labels.title,
    ariaDescription: description,
    x: { label: labels.customers, grid: true, tickFormat: f.integer, nice: true },
    y: { domain: rows.map(name), label: null },
    marks: [
      Plot.barX(rows, { x: 'customers', y: name, fill: (row: StageCount) => STAGE_COLORS[row.stage] }),
      Plot.text(rows, { x: 'customers', y: name, text: (row: StageCount) => f.integer(row.customers), textAnchor: 'start', dx: 5, fill: 'currentColor' }),
      Plot.ruleX([0]),
    ],
  });
  return describeChart(chart, labels.title, description);
}
