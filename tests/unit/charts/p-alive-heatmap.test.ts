// @vitest-environment jsdom
// P(alive) heatmap: customers binned by hand into repeat-purchase bins × recency bands, the means and counts in
// words, cells of one-time buyers (modified BG/NBD) outlined, click → the cell's customers, honest empty state.
import { describe, expect, it } from 'vitest';
import {
  frequencyBinOf,
  pAliveCells,
  pAliveHeatmap,
  recencyBandOf,
  type PAliveCell,
  type PAliveHeatmapLabels,
} from '../../../src/charts/p-alive-heatmap.ts';
import { clickedDatum } from '../../../src/charts/select.ts';
import type { CustomerPrediction, PAliveMethod } from '../../../src/analytics/value-model.ts';

const labels: PAliveHeatmapLabels = {
  title: 'Still a customer?',
  frequency: 'Repeat purchases',
  recency: 'Last purchase, share of time as customer',
  pAlive: 'Mean P(alive)',
  customers: 'Customers',
  method: 'Method',
  methods: { bgnbd: 'BG/NBD', one_time_heuristic: 'modified BG/NBD', recency_heuristic: 'rule of thumb' },
  heuristicNote: ({ methods }) => `Dashed cells: ${methods}.`,
  describe: (f) => `${f.customers} customers, mean ${f.mean}. By repeat purchases: ${f.columns}. ${f.heuristicCustomers} from ${f.methods}.`,
  empty: 'No customers to show yet.',
};

function customer(customerId: string, frequency: number, recency: number, T: number, pAlive: number, pAliveMethod: PAliveMethod = 'bgnbd'): CustomerPrediction {
  return {
    customerId,
    frequency,
    recency,
    T,
    monetaryValue: 0,
    pAlive,
    pAliveMethod,
    churnProbability: 1 - pAlive,
    expectedPurchases: 0,
    expectedSpend: 0,
    predictedClv: 0,
    expectedNextOrderDay: null,
  };
}

// Five recency bands of tₓ / T: [0, .2), [.2, .4), [.4, .6), [.6, .8), [.8, 1].
const book = [
  customer('A', 0, 0, 30, 0.4, 'one_time_heuristic'), // bin 0, band 0
  customer('B', 0, 0, 10, 0.6, 'one_time_heuristic'), // bin 0, band 0
  customer('C', 0, 0, 0, 0.7, 'one_time_heuristic'), // bin 0, bought only today: band 4
  customer('D', 2, 9, 10, 0.9), // 0.9 → band 4
  customer('E', 2, 8, 10, 0.8), // exactly 0.8 → band 4
  customer('F', 2, 2, 10, 0.3), // exactly 0.2 → band 1
  customer('G', 7, 10, 40, 0.2), // bin 5–9, 0.25 → band 1
  customer('I', 5, 5, 10, 0.5), // bin 5–9, 0.5 → band 2
  customer('H', 12, 39, 40, 0.95), // bin 10+, band 4
  customer('J', 10, 20, 20, 0.99), // bin 10+, band 4
  customer('K', 3, 1, 10, Number.NaN), // not placeable
];

const svgOf = (chart: Element) => (chart.tagName.toLowerCase() === 'svg' ? chart : chart.querySelector(':scope > svg')!);

describe('binning', () => {
  it('puts repeat purchases into 0, 1, 2, 3, 4, 5–9 and 10+', () => {
    expect([0, 1, 4, 5, 9, 10, 350].map(frequencyBinOf)).toEqual([0, 1, 4, 5, 5, 6, 6]);
  });

  it('bands recency as a share of T, the top band closed at 1 and T = 0 counted as newest', () => {
    expect(recencyBandOf(0, 10, 5)).toBe(0);
    expect(recencyBandOf(1.99, 10, 5)).toBe(0);
    expect(recencyBandOf(2, 10, 5)).toBe(1);
    expect(recencyBandOf(10, 10, 5)).toBe(4);
    expect(recencyBandOf(0, 0, 5)).toBe(4);
    expect(recencyBandOf(3, 4, 4)).toBe(3);
  });
});

describe('pAliveCells', () => {
  it('groups customers into the non-empty cells with their count and mean P(alive)', () => {
    const cells = pAliveCells(book);
    const summary = cells.map((c) => [c.frequencyBin, c.recencyBand, c.customers, Number(c.meanPAlive.toFixed(6)), c.heuristicCustomers]);
    expect(summary).toEqual([
      ['0', 0, 2, 0.5, 2],
      ['0', 4, 1, 0.7, 1],
      ['2', 1, 1, 0.3, 0],
      ['2', 4, 2, 0.85, 0],
      ['5–9', 1, 1, 0.2, 0],
      ['5–9', 2, 1, 0.5, 0],
      ['10+', 4, 2, 0.97, 0],
    ]);
    expect(cells[0]).toMatchObject({ frequencyFrom: 0, frequencyTo: 0, recencyFrom: 0, recencyTo: 0.2, methods: ['one_time_heuristic'], customerIds: ['A', 'B'] });
    expect(cells[6]).toMatchObject({ frequencyFrom: 10, frequencyTo: null, customerIds: ['H', 'J'] });
  });

  it('refuses a band count it cannot draw', () => {
    expect(() => pAliveCells(book, { recencyBands: 1 })).toThrow('recencyBands must be an integer from 2 to 20, got 1');
  });
});

describe('pAliveHeatmap', () => {
  it('draws one cell per occupied bin and outlines those of one-time buyers', () => {
    const chart = pAliveHeatmap(book, { locale: 'en', width: 640, labels });
    expect(chart.querySelectorAll('.ciclo-selectable rect')).toHaveLength(7);
    expect(chart.querySelectorAll('g[stroke-dasharray="4 3"] rect')).toHaveLength(2);
    expect(chart.textContent).toContain('Dashed cells: modified BG/NBD.');
    // Means 0.85 and 0.97 share the top fifth of the colour scale, 0.2 sits in the second.
    const fill = new Map([...chart.querySelectorAll('.ciclo-selectable rect')].map((rect) => [clickedDatum<PAliveCell>(chart, rect)!.meanPAlive.toFixed(2), rect.getAttribute('fill')]));
    expect(fill.get('0.85')).toBe(fill.get('0.97'));
    expect(fill.get('0.20')).not.toBe(fill.get('0.85'));
    expect(chart.outerHTML).not.toContain('NaN');
  });

  it('states the count, the mean and every frequency column in the text alternative', () => {
    const chart = pAliveHeatmap(book, { locale: 'en', width: 640, labels });
    // 10 placed; mean 6.34 / 10; columns: 0 → (0.4 + 0.6 + 0.7) / 3, 2 → (0.9 + 0.8 + 0.3) / 3, 5–9 → 0.35, 10+ → 0.97.
    expect(chart.getAttribute('aria-description')).toBe(
      '10 customers, mean 63.4%. By repeat purchases: 0: 3, 56.7%; 2: 3, 66.7%; 5–9: 2, 35%; 10+: 2, 97%. 3 from BG/NBD; modified BG/NBD.',
    );
  });

  it('hands the clicked cell and its customers to the screen', () => {
    const chart = pAliveHeatmap(book, { locale: 'en', width: 640, labels });
    const picked = [...chart.querySelectorAll('.ciclo-selectable rect')].map((rect) => clickedDatum<PAliveCell>(chart, rect));
    const top2 = picked.find((cell) => cell?.frequencyBin === '2' && cell.recencyBand === 4);
    expect(top2?.customerIds).toEqual(['D', 'E']);
    expect(clickedDatum(chart, chart.querySelector('[aria-label="x-axis tick label"]'))).toBeNull();
  });

  it('outlines every cell when the whole book is on the rule of thumb', () => {
    const ruled = book.map((c) => ({ ...c, pAliveMethod: 'recency_heuristic' as const }));
    const chart = pAliveHeatmap(ruled, { locale: 'en', width: 640, labels });
    expect(chart.querySelectorAll('g[stroke-dasharray="4 3"] rect')).toHaveLength(7);
    expect(chart.getAttribute('aria-description')).toContain('10 from rule of thumb.');
  });

  it('draws a single customer as one cell without NaN', () => {
    const chart = pAliveHeatmap([customer('Z', 1, 3, 6, 0.55)], { locale: 'pt-BR', width: 400, labels });
    expect(chart.querySelectorAll('.ciclo-selectable rect')).toHaveLength(1);
    expect(chart.getAttribute('aria-description')).toBe('1 customers, mean 55%. By repeat purchases: 1: 1, 55%. 0 from BG/NBD.');
    expect(chart.outerHTML).not.toContain('NaN');
  });

  it('says there is nothing to show for an empty book or only unplaceable customers', () => {
    for (const customers of [[], [customer('K', 1, 1, 2, Number.NaN)]]) {
      const chart = pAliveHeatmap(customers, { locale: 'en', width: 400, labels });
      expect(chart.querySelectorAll('.ciclo-selectable')).toHaveLength(0);
      expect(chart.getAttribute('aria-label')).toBe('Still a customer?');
      expect(chart.getAttribute('aria-description')).toBe('No customers to show yet.');
      expect(chart.textContent).toContain('No customers to show yet.');
      expect(chart.outerHTML).not.toContain('NaN');
    }
  });
});
