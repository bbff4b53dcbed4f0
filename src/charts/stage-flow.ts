// How the book moved through the lifecycle: customers per stage at the end of each month, stacked in
// the stage order (new at the bottom, lost at the top). A click on a block picks its stage.
import * as Plot from '@observablehq/plot';
import { STAGES, type Stage } from '../analytics/types.ts';
import type { StageHistoryPoint } from '../pipeline/analysis-types.ts';
import { STAGE_COLORS, checkWidth, describeChart, formats, utcDay, type ChartOptions } from './chart-kit.ts';
import { SELECTABLE_CLASS, makeSelectable } from './select.ts';

export interface StageFlowLabels {
  title: string;
  customers: string;
  month: string;
  stage: string;
  names: Readonly<Record<Stage, string>>;
  describe: (facts: { first: string; last: string; parts: string }) => string;
}

/** Stacked monthly bars of StageHistoryPoint (one bar segment per month and stage). */
export function stageFlow(
  history: readonly StageHistoryPoint[],
  { locale, width, labels }: ChartOptions<StageFlowLabels>,
): SVGElement | HTMLElement {
  checkWidth(width);
  const f = formats(locale);
  const rank = new Map<Stage, number>(STAGES.map((stage, index) => [stage, index]));
  const rows = history
    .filter((point) => point.customers > 0)
    .toSorted((a, b) => a.date.localeCompare(b.date) || rank.get(a.stage)! - rank.get(b.stage)!);
  const dates = [...new Set(rows.map((point) => point.date))];
  const first = dates[0];
  const last = dates.at(-1);
  const latest = STAGES.map((stage) => ({
    stage,
    customers: rows.find((point) => point.date === last && point.stage === stage)?.customers ?? 0,
  }));
  const description = labels.describe({
    first: first ? f.month(first) : '–',
    last: last ? f.month(last) : '–',
    parts: f.list(latest.map((entry) => `${labels.names[entry.stage]}: ${f.integer(entry.customers)}`)),
  });
  const name = (point: StageHistoryPoint) => labels.names[point.stage];
  const chart = Plot.plot({
    width,
    height: 300,
    marginLeft: 56,
    ariaLabel: labels.title,
    ariaDescription: description,
    x: { label: null, tickFormat: f.monthShort, ticks: Math.max(2, Math.floor(width / 90)) },
    y: { label: labels.customers, grid: true, tickFormat: f.integer },
    color: { domain: STAGES.map((stage) => labels.names[stage]), range: STAGES.map((stage) => STAGE_COLORS[stage]), legend: true, label: labels.stage },
    marks: [
      Plot.rectY(rows, {
        x: (point: StageHistoryPoint) => utcDay(point.date),
        interval: 'month',
        y: 'customers',
        fill: name,
        order: STAGES.map((stage) => labels.names[stage]),
        insetLeft: 0.5,
        insetRight: 0.5,
        className: SELECTABLE_CLASS,
        channels: { [labels.month]: (point: StageHistoryPoint) => f.month(point.date), [labels.customers]: 'customers' },
        tip: { format: { [labels.month]: true, fill: true, [labels.customers]: f.integer, x: false, y: false } },
      }),
      Plot.ruleY([0]),
    ],
  });
  makeSelectable(chart, rows, { usePointer: true });
  return describeChart(chart, labels.title, description);
}
