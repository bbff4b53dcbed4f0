import { describe, expect, it } from 'vitest';
import { customerValues, percentile, type ValueInput } from '../../../src/analytics/value';
import { mulberry32 } from '../../fixtures/seeded-random';

const customer = (orders12: number, trailing12: number, best12: number, revenue = 0, cost: number | null = null): ValueInput => ({
  revenue,
  cost,
  trailing12,
  best12,
  orders12,
});

describe('percentile', () => {
  it('interpolates linearly between order statistics (type 7)', () => {
    expect(percentile([1, 2, 3, 4], 0.75)).toBe(3.25); // h = 3 × 0.75 = 2.25 → 3 + 0.25 × (4 − 3)
    expect(percentile([15, 20, 35, 40, 50], 0.4)).toBeCloseTo(29, 12); // h = 1.6 → 20 + 0.6 × 15
    expect(percentile([1, 3], 0.5)).toBe(2);
    expect(percentile([10], 0.75)).toBe(10);
    expect(percentile([2, 4, 8], 0)).toBe(2);
    expect(percentile([2, 4, 8], 1)).toBe(8);
    expect(percentile([], 0.5)).toBeNaN();
    expect(() => percentile([1], 1.2)).toThrow('p must be a number from 0 to 1, got 1.2');
  });
});

describe('customerValues', () => {
  // Eight customers who ordered in the last 12 months, four with 2 orders and four with 9. Average
  // ranks 2.5 and 6.5 of 8 put them in quintiles 2 and 4: ⌊(2.5 − ½) / 8 × 5⌋ + 1 = 2, ⌊(6.5 − ½) / 8 × 5⌋ + 1 = 4.
  // Quintile 2 trailing revenue 100, 200, 300, 400 → 75th percentile 300 + 0.25 × 100 = 325.
  // Quintile 4 trailing revenue 1000, 1000, 2000, 5000 → 2000 + 0.25 × 3000 = 2750.
  const book: ValueInput[] = [
    customer(2, 100, 150, 1000, 600),
    customer(2, 200, 500),
    customer(2, 300, 325),
    customer(2, 400, 400),
    customer(9, 1000, 1000),
    customer(9, 1000, 1200),
    customer(9, 2000, 2000),
    customer(9, 5000, 6000),
    customer(0, 0, 800, 3000, 3100),
    customer(0, 0, 0),
  ];

  it('takes the larger of the own best year and the peers’ 75th percentile', () => {
    const values = customerValues(book);
    expect(values.map((v) => [v.potential, v.potentialBasis, v.headroom])).toEqual([
      [325, 'peers', 225],
      [500, 'own_best', 300],
      [325, 'own_best', 25], // a tie goes to the customer's own record
      [400, 'own_best', 0],
      [2750, 'peers', 1750],
      [2750, 'peers', 1750],
      [2750, 'peers', 750],
      [6000, 'own_best', 1000],
      [800, 'own_best', 800], // no order in 12 months: no peers
      [0, 'own_best', 0],
    ]);
  });

  it('carries historic value, margin when cost is known, and the trailing 12 months', () => {
    const values = customerValues(book);
    expect(values[0]).toMatchObject({ historicLtv: 1000, historicMargin: 400, trailing12: 100 });
    expect(values[1]).toMatchObject({ historicLtv: 0, historicMargin: null, trailing12: 200 });
    expect(values[8]).toMatchObject({ historicLtv: 3000, historicMargin: -100 });
  });

  it('follows peerPercentile', () => {
    const values = customerValues(book, { peerPercentile: 0.5 });
    expect(values[0]).toMatchObject({ potential: 250, potentialBasis: 'peers' }); // median of 100 … 400
    expect(values[4]).toMatchObject({ potential: 1500, potentialBasis: 'peers' }); // (1000 + 2000) / 2
  });

  it('does not depend on the order of the customers', () => {
    const reversed = customerValues([...book].reverse());
    expect(reversed.reverse()).toEqual(customerValues(book));
  });

  it('matches a peer-group oracle on a generated book', () => {
    const random = mulberry32(11);
    const generated = Array.from({ length: 400 }, () => {
      const orders12 = random() < 0.2 ? 0 : 1 + Math.floor(random() * random() * 20);
      const trailing12 = orders12 === 0 ? 0 : Math.round(orders12 * 100 * (0.5 + random()));
      return customer(orders12, trailing12, Math.round(trailing12 * (1 + random() * 0.5)));
    });
    const active = generated.filter((c) => c.orders12 > 0);
    const quintiles = new Map<number, number>();
    const quintileOf = (orders12: number) => quintiles.get(orders12) ?? quintiles.set(orders12, countQuintile(orders12)).get(orders12)!;
    const countQuintile = (orders12: number) => {
      const smaller = active.filter((d) => d.orders12 < orders12).length;
      const equal = active.filter((d) => d.orders12 === orders12).length;
      return Math.floor(((2 * smaller + equal) * 5) / (2 * active.length)) + 1;
    };
    const values = customerValues(generated);
    generated.forEach((c, i) => {
      let peers = 0;
      if (c.orders12 > 0) {
        const quintile = quintileOf(c.orders12);
        const revenue = active.filter((d) => quintileOf(d.orders12) === quintile).map((d) => d.trailing12);
        peers = percentile(revenue.sort((a, b) => a - b), 0.75);
      }
      expect(values[i]!.potential).toBe(Math.max(0, c.best12, peers));
      expect(values[i]!.potentialBasis).toBe(peers > Math.max(0, c.best12) ? 'peers' : 'own_best');
    });
  });

  it('never gives a negative or NaN potential', () => {
    expect(customerValues([])).toEqual([]);
    const zeros = Array.from({ length: 10 }, (_, i) => customer(i % 2, 0, 0));
    for (const v of customerValues(zeros)) {
      expect(v).toEqual({ historicLtv: 0, historicMargin: null, trailing12: 0, potential: 0, potentialBasis: 'own_best', headroom: 0 });
    }
    // Peers whose returns outweigh their sales: the potential stays at 0, and headroom is what it takes to get there.
    const refunds = customerValues([customer(1, -50, -20), customer(1, -10, 0)]);
    expect(refunds.map((v) => [v.potential, v.potentialBasis, v.headroom])).toEqual([
      [0, 'own_best', 50],
      [0, 'own_best', 10],
    ]);
  });

  it('rejects bad options and inputs, saying what came', () => {
    expect(() => customerValues(book, { peerPercentile: 1.5 })).toThrow('peerPercentile must be a number from 0 to 1, got 1.5');
    expect(() => customerValues(book, { peerGroups: 0 })).toThrow('peerGroups must be an integer from 1 to 255, got 0');
    expect(() => customerValues([customer(1.5, 0, 0)])).toThrow('inputs[0].orders12 must be an integer ≥ 0, got 1.5');
    expect(() => customerValues([customer(1, NaN, 0)])).toThrow('inputs[0].trailing12 must be a finite number, got NaN');
    expect(() => customerValues([customer(1, 0, 0, 0, NaN)])).toThrow('inputs[0].cost must be a finite number or null, got NaN');
  });
});
