// @vitest-environment jsdom
// Cohort heatmap: one cell per cohort and age, retention by hand, click → cohort.
import { describe, expect, it } from 'vitest';
import { cohortHeatmap, retentionAt, type CohortHeatmapLabels } from '../../../src/charts/cohort-heatmap.ts';
import { clickedDatum } from '../../../src/charts/select.ts';
import type { CohortCell } from '../../../src/analytics/types.ts';

const labels: CohortHeatmapLabels = {
  title: 'Cohorts',
  age: 'Months since first order',
  cohort: 'Cohort',
  retention: 'Bought again',
  customers: 'Customers',
  revenue: 'Revenue',
  describe: (f) => `${f.cohorts} cohorts, ${f.first} to ${f.last}; month 1: ${f.month1}; month 3: ${f.month3}.`,
};

const cell = (cohort: string, age: number, customers: number, cohortSize: number, revenue = 100): CohortCell => ({ cohort, age, customers, cohortSize, revenue });

const cells = [
  cell('2024-01-01', 0, 10, 10),
  cell('2024-01-01', 1, 4, 10),
  cell('2024-01-01', 2, 3, 10),
  cell('2024-01-01', 3, 2, 10),
  cell('2024-02-01', 0, 30, 30),
  cell('2024-02-01', 1, 6, 30),
  cell('2024-02-01', 2, 3, 30),
  cell('2024-03-01', 0, 5, 5),
];

describe('retentionAt', () => {
  it('weights each cohort by its size', () => {
    // month 1: (4 + 6) / (10 + 30) = 25 %; month 3: only January reached it, 2 / 10
    expect(retentionAt(cells, 1)).toBeCloseTo(0.25, 12);
    expect(retentionAt(cells, 3)).toBeCloseTo(0.2, 12);
    expect(retentionAt(cells, 9)).toBeNull();
  });
});

describe('cohortHeatmap', () => {
  it('draws one cell per cohort and month of age', () => {
    const chart = cohortHeatmap(cells, { locale: 'en', width: 600, labels });
    expect(chart.querySelectorAll('.ciclo-selectable rect')).toHaveLength(8);
    expect(chart.getAttribute('aria-description')).toBe('3 cohorts, Jan 2024 to Mar 2024; month 1: 25%; month 3: 20%.');
  });

  it('hands the clicked cell’s cohort to the screen', () => {
    const chart = cohortHeatmap(cells, { locale: 'en', width: 600, labels });
    const rects = [...chart.querySelectorAll('.ciclo-selectable rect')];
    const picked = rects.map((rect) => clickedDatum<CohortCell>(chart, rect)).filter((c) => c?.age === 1);
    expect(picked.map((c) => c!.cohort).sort()).toEqual(['2024-01-01', '2024-02-01']);
  });
});
