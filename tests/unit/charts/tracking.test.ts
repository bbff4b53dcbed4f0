// @vitest-environment jsdom
// The holdout check as charts: the cumulative tracking lines with the calibration end marked, the bars by
// calibration frequency, the totals and relative error in words, clicks, and honest empty states.
import { describe, expect, it } from 'vitest';
import { frequencyBarData, frequencyBars, trackingChart, HOLDOUT_COLORS, type FrequencyBar, type FrequencyBarsLabels, type TrackingLabels } from '../../../src/charts/tracking.ts';
import { clickedDatum } from '../../../src/charts/select.ts';
import type { FrequencyRow, HoldoutReport, TrackingPoint } from '../../../src/analytics/holdout.ts';

const trackingLabels: TrackingLabels = {
  title: 'Forecast against what happened',
  purchases: 'Repeat purchases, cumulative',
  period: 'Week',
  actual: 'Actual',
  predicted: 'Predicted',
  calibration: 'Calibration',
  holdout: 'Holdout',
  describe: (f) =>
    `${f.periods} weeks, ${f.holdoutPeriods} after ${f.calibrationEnd}. The model predicted ${f.predicted} repeat purchases; there were ${f.actual} (${f.error}).`,
  empty: 'Too little history for the check.',
};

const barLabels: FrequencyBarsLabels = {
  title: 'By purchases in the calibration',
  frequency: 'Purchases in the calibration period',
  mean: 'Mean purchases in the holdout',
  customers: 'Customers',
  actual: 'Actual',
  predicted: 'Predicted',
  describe: (f) => `${f.customers} customers; predicted ${f.predicted}, actual ${f.actual} (${f.error}). ${f.rows}.`,
  empty: 'Too little history for the check.',
};

const DAY = 18_999; // 2022-01-07, the calibration end

const point = (period: number, endDay: number, expectedCumulative: number, actualCumulative: number, previous?: TrackingPoint): TrackingPoint => ({
  period,
  endDay,
  isHoldout: endDay > DAY,
  expectedCumulative,
  actualCumulative,
  expected: expectedCumulative - (previous?.expectedCumulative ?? 0),
  actual: actualCumulative - (previous?.actualCumulative ?? 0),
});

function trackingPoints(): TrackingPoint[] {
  const rows: [number, number, number][] = [
    [DAY - 14, 2, 1],
    [DAY - 7, 5, 5],
    [DAY, 9, 10],
    [DAY + 7, 14, 13],
    [DAY + 14, 18.5, 17],
  ];
  const points: TrackingPoint[] = [];
  rows.forEach(([endDay, expected, actual], i) => points.push(point(i + 1, endDay, expected, actual, points[i - 1])));
  return points;
}

const frequencyRow = (frequency: number, customers: number, actualMean: number, predictedMean: number, isOpenEnded = false): FrequencyRow => ({
  frequency,
  isOpenEnded,
  customers,
  actualMean,
  predictedMean,
});

function report(overrides: Partial<HoldoutReport> = {}): HoldoutReport {
  return {
    calibrationEndDay: DAY,
    holdoutEndDay: DAY + 14,
    unitDays: 7,
    holdoutLength: 2,
    fit: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4, logLikelihood: -100, converged: true, iterations: 40, customers: 17, groups: 12, penalizer: 0 },
    calibrationCustomers: 17,
    newInHoldout: 3,
    predictedRepeatPurchases: 1240,
    actualRepeatPurchases: 1187,
    // (1240 − 1187) / 1187 = +4.47 %
    relativeError: 53 / 1187,
    tracking: trackingPoints(),
    byFrequency: [frequencyRow(0, 10, 0.2, 0.25), frequencyRow(1, 5, 0.8, 0.7), frequencyRow(2, 0, 0, 0), frequencyRow(3, 2, 3.5, 3.1, true)],
    customers: [],
    ...overrides,
  };
}

const svgOf = (chart: Element) => (chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector(':scope > svg')!);

/** The vertices of a path Plot drew as `M x,y L x,y …`. */
function vertices(path: Element): [number, number][] {
  return [...path.getAttribute('d')!.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('trackingChart', () => {
  it('draws the actual and the predicted line through every period, the rule at the calibration end', () => {
    const chart = trackingChart(report(), { locale: 'en', width: 640, labels: trackingLabels });
    const actual = chart.querySelector(`g[aria-label="line"] path[stroke="${HOLDOUT_COLORS.actual}"]`)!;
    const predicted = chart.querySelector(`g[aria-label="line"] path[stroke="${HOLDOUT_COLORS.predicted}"]`)!;
    expect(vertices(actual)).toHaveLength(5);
    expect(vertices(predicted)).toHaveLength(5);
    // The calibration end is the end of period 3: the rule stands where both lines pass their third point.
    const rule = chart.querySelector('g[aria-label="rule"][stroke-dasharray="2 3"] line')!;
    expect(Number(rule.getAttribute('x1'))).toBeCloseTo(vertices(actual)[2]![0], 6);
    // Weekly points are evenly spaced; at period 3 the actual (10) is above the predicted (9): smaller y in SVG.
    const xs = vertices(actual).map(([x]) => x);
    expect(xs[2]! - xs[1]!).toBeCloseTo(xs[1]! - xs[0]!, 6);
    expect(vertices(actual)[2]![1]).toBeLessThan(vertices(predicted)[2]![1]);
    expect(chart.textContent).toContain('Calibration ←');
    expect(chart.textContent).toContain('→ Holdout');
    expect(chart.outerHTML).not.toContain('NaN');
  });

  it('states the holdout totals and the relative error in words', () => {
    const chart = trackingChart(report(), { locale: 'en', width: 640, labels: trackingLabels });
    expect(chart.getAttribute('aria-description')).toBe(
      '5 weeks, 2 after Jan 7, 2022. The model predicted 1,240 repeat purchases; there were 1,187 (+4%).',
    );
    const under = trackingChart(report({ predictedRepeatPurchases: 900, actualRepeatPurchases: 1000, relativeError: -0.1 }), {
      locale: 'pt-BR',
      width: 640,
      labels: trackingLabels,
    });
    expect(under.getAttribute('aria-description')).toContain('predicted 900 repeat purchases; there were 1.000 (-10%)');
    const none = trackingChart(report({ actualRepeatPurchases: 0, relativeError: null }), { locale: 'en', width: 640, labels: trackingLabels });
    expect(none.getAttribute('aria-description')).toContain('there were 0 (–)');
  });

  it('hands the period under the pointer to the screen on click', () => {
    const chart = trackingChart(report(), { locale: 'en', width: 640, labels: trackingLabels });
    const svg = svgOf(chart);
    const [x, y] = vertices(chart.querySelector(`g[aria-label="line"] path[stroke="${HOLDOUT_COLORS.actual}"]`)!)[3]!;
    svg.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, pointerType: 'mouse', bubbles: true }));
    expect(clickedDatum<TrackingPoint>(chart, svg)).toMatchObject({ period: 4, isHoldout: true, actualCumulative: 13 });
  });

  it('draws a single period without NaN and says when there is nothing to track', () => {
    const one = trackingChart(report({ tracking: [point(1, DAY, 0, 0)], holdoutEndDay: DAY + 1, predictedRepeatPurchases: 0, actualRepeatPurchases: 0, relativeError: null }), {
      locale: 'en',
      width: 400,
      labels: trackingLabels,
    });
    expect(one.outerHTML).not.toContain('NaN');
    expect(one.getAttribute('aria-description')).toBe('1 weeks, 0 after Jan 7, 2022. The model predicted 0 repeat purchases; there were 0 (–).');
    const empty = trackingChart(report({ tracking: [], calibrationCustomers: 0 }), { locale: 'en', width: 400, labels: trackingLabels });
    expect(empty.getAttribute('aria-description')).toBe('Too little history for the check.');
    expect(empty.textContent).toContain('Too little history for the check.');
    expect(empty.querySelectorAll('g[aria-label="line"]')).toHaveLength(0);
  });
});

describe('frequencyBars', () => {
  it('pairs actual and predicted means per calibration frequency, in row order', () => {
    const bars = frequencyBarData(report().byFrequency);
    expect(bars.map((bar) => [bar.frequency, bar.series, bar.mean])).toEqual([
      [0, 'actual', 0.2],
      [0, 'predicted', 0.25],
      [1, 'actual', 0.8],
      [1, 'predicted', 0.7],
      [2, 'actual', 0],
      [2, 'predicted', 0],
      [3, 'actual', 3.5],
      [3, 'predicted', 3.1],
    ]);
    expect(frequencyBarData([frequencyRow(0, 1, Number.NaN, 0.5)])[0]!.mean).toBe(0);
  });

  it('draws two bars per frequency, actual beside predicted, heights in proportion to the means', () => {
    const chart = frequencyBars(report(), { locale: 'en', width: 600, labels: barLabels });
    const rects = [...chart.querySelectorAll('.ciclo-selectable rect')];
    expect(rects).toHaveLength(8);
    expect(rects.map((rect) => rect.getAttribute('fill'))).toEqual(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? HOLDOUT_COLORS.actual : HOLDOUT_COLORS.predicted)));
    const height = rects.map((rect) => Number(rect.getAttribute('height')));
    expect(height[2]! / height[6]!).toBeCloseTo(0.8 / 3.5, 6);
    expect(height[7]! / height[6]!).toBeCloseTo(3.1 / 3.5, 6);
    // Actual sits left of predicted within its frequency, and frequencies go left to right.
    const x = rects.map((rect) => Number(rect.getAttribute('x')));
    expect(x[0]!).toBeLessThan(x[1]!);
    expect(x[1]!).toBeLessThan(x[2]!);
    expect(chart.textContent).toContain('3+');
    expect(chart.outerHTML).not.toContain('NaN');
  });

  it('states the totals, the relative error and every row in words', () => {
    const chart = frequencyBars(report(), { locale: 'en', width: 600, labels: barLabels });
    expect(chart.getAttribute('aria-description')).toBe(
      '17 customers; predicted 1,240, actual 1,187 (+4%). 0: Actual 0.20, Predicted 0.25; 1: Actual 0.80, Predicted 0.70; 2: Actual 0.00, Predicted 0.00; 3+: Actual 3.50, Predicted 3.10.',
    );
  });

  it('hands the clicked bar to the screen', () => {
    const chart = frequencyBars(report(), { locale: 'en', width: 600, labels: barLabels });
    const rects = chart.querySelectorAll('.ciclo-selectable rect');
    expect(clickedDatum<FrequencyBar>(chart, rects[7]!)).toEqual({ frequency: 3, isOpenEnded: true, series: 'predicted', mean: 3.1, customers: 2 });
    expect(clickedDatum<FrequencyBar>(chart, rects[2]!)).toMatchObject({ frequency: 1, series: 'actual' });
  });

  it('draws a one-customer check without NaN and says when there is nothing to compare', () => {
    const one = report({
      calibrationCustomers: 1,
      predictedRepeatPurchases: 0.4,
      actualRepeatPurchases: 0,
      relativeError: null,
      byFrequency: [frequencyRow(0, 1, 0, 0.4), frequencyRow(1, 0, 0, 0, true)],
    });
    const chart = frequencyBars(one, { locale: 'en', width: 400, labels: barLabels });
    expect(chart.querySelectorAll('.ciclo-selectable rect')).toHaveLength(4);
    expect(chart.getAttribute('aria-description')).toBe('1 customers; predicted 0, actual 0 (–). 0: Actual 0.00, Predicted 0.40; 1+: Actual 0.00, Predicted 0.00.');
    expect(chart.outerHTML).not.toContain('NaN');
    const empty = frequencyBars(report({ calibrationCustomers: 0, byFrequency: [frequencyRow(0, 0, 0, 0)] }), { locale: 'en', width: 400, labels: barLabels });
    expect(empty.getAttribute('aria-description')).toBe('Too little history for the check.');
    expect(empty.querySelectorAll('.ciclo-selectable')).toHaveLength(0);
  });
});
