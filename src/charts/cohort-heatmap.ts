// Cohort retention: one row per monthly acquisition cohort, one column per month since the first order;
// a cell's shade is the share of the cohort that bought in that month (revenue in the tip). The colour
// scale tops out at the best retention after month 0, so the later months do not all look pale beside
// the 100 % of the acquisition month. A click picks the cohort.
import * as Plot from '@observablehq/plot';
import type { CohortCell } from '../analytics/types.ts';
import { checkWidth, describeChart, formats, type ChartOptions } from './chart-kit.ts';
import { SELECTABLE_CLASS, makeSelectable } from './select.ts';

export interface CohortHeatmapLabels {
  title: string;
  /** x axis: "Months since first order". */
  age: string;
  cohort: string;
  retention: string;
  customers: string;
  revenue: string;
  describe: (facts: { cohorts: string; first: string; last: string; month1: string; month3: string }) => string;
}

/** Retention of the cells at `age`, weighted by cohort size (customers back ÷ customers acquired); null if none. */
export function retentionAt(cells: readonly CohortCell[], age: number): number | null {
  let back = 0;
  let size = 0;
  for (const cell of cells) {
    if (cell.age !== age || cell.cohortSize <= 0) continue;
    back += cell.customers;
    size += cell.cohortSize;
  }
  return size > 0 ? back / size : null;
}

export function cohortHeatmap(
  cells: readonly CohortCell[],
  { locale, width, labels }: ChartOptions<CohortHeatmapLabels>,
): SVGElement | HTMLElement {
  checkWidth(width);
  const f = formats(locale);
  const rows = cells.filter((cell) => cell.age >= 0 && cell.cohortSize > 0);
  const cohorts = [...new Set(rows.map((cell) => cell.cohort))].sort();
  const maxAge = rows.reduce((max, cell) => Math.max(max, cell.age), 0);
  const retention = (cell: CohortCell) => cell.customers / cell.cohortSize;
  const laterBest = rows.reduce((max, cell) => (cell.age > 0 ? Math.max(max, retention(cell)) : max), 0);
  const month1 = retentionAt(rows, 1);
  const month3 = retentionAt(rows, 3);
  const description = labels.describe({
    cohorts: f.integer(cohorts.length),
    first: cohorts[0] ? f.month(cohorts[0]) : '–',
    last: cohorts.at(-1) ? f.month(cohorts.at(-1)!) : '–',
    month1: month1 === null ? '–' : f.percent(month1, 1),
    month3: month3 === null ? '–' : f.percent(month3, 1),
  });
  const ages = Array.from({ length: maxAge + 1 }, (_, age) => age);
  const marginLeft = 72;
  const cellWidth = (width - marginLeft - 10) / Math.max(1, ages.length);
  const cohortName = (cell: CohortCell) => f.month(cell.cohort);
  const chart = Plot.plot({
    width,
    height: Math.max(160, cohorts.length * 20 + 60),
    marginLeft,
    marginRight: 10,
    ariaLabel: labels.title,
    ariaDescription: description,
    padding: 0.06,
    x: { label: labels.age, domain: ages, axis: 'top', tickFormat: (age: number) => (ages.length > 16 && age % 3 !== 0 ? '' : String(age)) },
    y: { label: null, domain: cohorts.map((cohort) => f.month(cohort)) },
    color: {
      // Quantized: six steps read more reliably than a continuous ramp, and values past the top share its step.
      type: 'quantize',
      n: 6,
      scheme: 'blues',
      domain: [0, Math.max(0.05, laterBest)],
      legend: true,
      label: labels.retention,
      tickFormat: (share: number) => f.percent(share),
    },
    marks: [
      Plot.cell(rows, {
        x: 'age',
        y: cohortName,
        fill: retention,
        className: SELECTABLE_CLASS,
        channels: {
          [labels.cohort]: cohortName,
          [labels.customers]: (cell: CohortCell) => `${f.integer(cell.customers)} / ${f.integer(cell.cohortSize)}`,
          [labels.revenue]: (cell: CohortCell) => f.money(cell.revenue),
        },
        tip: {
          format: { [labels.cohort]: true, x: true, y: false, fill: (share: number) => f.percent(share, 1), [labels.customers]: true, [labels.revenue]: true },
        },
      }),
      cellWidth >= 30
        ? Plot.text(rows, {
            x: 'age',
            y: cohortName,
            text: (cell: CohortCell) => f.percent(retention(cell)),
            fill: (cell: CohortCell) => (retention(cell) > 0.6 * Math.max(0.05, laterBest) ? 'white' : 'black'),
            fontSize: 9,
            pointerEvents: 'none',
          })
        : null,
    ],
  });
  makeSelectable(chart, rows, { usePointer: true });
  return describeChart(chart, labels.title, description);
}
