import { describe, expect, it } from 'vitest';
import { RFM_SEGMENT_RULES, rfmSegment, scoreByRank, scoreRfm, type RfmInput } from '../../../src/analytics/rfm';
import type { RfmSegment } from '../../../src/analytics/types';
import { mulberry32 } from '../../fixtures/seeded-random';

/** Independent oracle: count smaller and equal values (no sorting); average rank = smaller + (equal + 1) / 2. */
function oracleScores(values: readonly number[], levels: number): number[] {
  const n = values.length;
  return values.map((v) => {
    const smaller = values.filter((w) => w < v).length;
    const equal = values.filter((w) => w === v).length;
    const averageRank = smaller + (equal + 1) / 2;
    // ⌊(ρ − ½) / n × levels⌋ + 1, kept in integers: 2ρ − 1 = 2·smaller + equal.
    return Math.floor(((2 * smaller + equal) * levels) / (2 * n)) + 1;
  });
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function randomBook(size: number, seed: number): RfmInput[] {
  const random = mulberry32(seed);
  return Array.from({ length: size }, () => ({
    recencyDays: Math.floor(random() * 60), // many ties
    frequency: 1 + Math.floor(random() * random() * 12),
    monetary: Math.round(random() * 50) * 10,
  }));
}

describe('scoreByRank', () => {
  it('cuts distinct values into equal bands, highest value best', () => {
    expect([...scoreByRank([10, 20, 30, 40, 50], 5)]).toEqual([1, 2, 3, 4, 5]);
    expect([...scoreByRank([50, 10, 40, 20, 30], 5)]).toEqual([5, 1, 4, 2, 3]);
    expect([...scoreByRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([...scoreByRank([1, 2, 3, 4, 5, 6], 3)]).toEqual([1, 1, 2, 2, 3, 3]);
    expect([...scoreByRank([3, 1, 2], 5)]).toEqual([5, 1, 3]);
  });

  it('gives tied values the score of their average rank', () => {
    // Six 1s share rank 3.5 → (3.5 − ½) / 10 × 5 = 1.5 → 2; two 2s share 7.5 → 3.5 → 4; rank 9 → 4.25 → 5.
    expect([...scoreByRank([1, 1, 1, 1, 1, 1, 2, 2, 3, 4], 5)]).toEqual([2, 2, 2, 2, 2, 2, 4, 4, 5, 5]);
    expect([...scoreByRank([7, 7, 7, 7], 5)]).toEqual([3, 3, 3, 3]);
    expect([...scoreByRank([7, 7, 7, 7], 3)]).toEqual([2, 2, 2, 2]);
    expect([...scoreByRank([42], 5)]).toEqual([3]);
    expect([...scoreByRank([], 5)]).toEqual([]);
  });

  it('matches a rank-counting oracle on a large book with many ties', () => {
    const random = mulberry32(7);
    const values = Array.from({ length: 700 }, () => Math.floor(random() * 40));
    expect([...scoreByRank(values, 5)]).toEqual(oracleScores(values, 5));
    expect([...scoreByRank(values, 3)]).toEqual(oracleScores(values, 3));
  });

  it('fills each quintile with a fifth of 1000 distinct values', () => {
    const scores = scoreByRank(shuffled(Array.from({ length: 1000 }, (_, i) => i), 3), 5);
    for (let s = 1; s <= 5; s++) expect(scores.filter((x) => x === s).length).toBe(200);
  });

  it('rejects a bad number of levels', () => {
    expect(() => scoreByRank([1], 0)).toThrow('levels must be an integer from 1 to 255, got 0');
  });
});

describe('RFM_SEGMENT_RULES', () => {
  // The grid as published in the rule table's comment, written out by hand: rows R = 5 … 1, columns FM = 1 … 5.
  const GRID: Record<number, RfmSegment[]> = {
    5: ['new', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
    4: ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal', 'loyal'],
    3: ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
    2: ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
    1: ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
  };

  it('covers each of the 25 cells of the R × FM grid exactly once', () => {
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++) {
        const matching = RFM_SEGMENT_RULES.filter(
          (x) => r >= x.rRange[0] && r <= x.rRange[1] && fm >= x.fmRange[0] && fm <= x.fmRange[1],
        );
        expect(matching.map((x) => x.segment)).toEqual([GRID[r]![fm - 1]]);
        expect(rfmSegment(r, fm)).toBe(GRID[r]![fm - 1]);
      }
    }
  });

  it('names each of the ten segments once', () => {
    expect(new Set(RFM_SEGMENT_RULES.map((x) => x.segment)).size).toBe(10);
    expect(RFM_SEGMENT_RULES).toHaveLength(10);
  });

  it('gives every one of the 125 quintile and 27 tercile score triples one segment', () => {
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        for (let m = 1; m <= 5; m++) {
          expect(rfmSegment(r, (f + m) / 2)).toBe(GRID[r]![Math.round((f + m) / 2) - 1]);
        }
      }
    }
    const toFive = (s: number) => 2 * s - 1;
    for (let r = 1; r <= 3; r++) {
      for (let f = 1; f <= 3; f++) {
        for (let m = 1; m <= 3; m++) {
          expect(GRID[toFive(r)]).toContain(rfmSegment(toFive(r), (toFive(f) + toFive(m)) / 2));
        }
      }
    }
  });

  it('rounds a half FM score up and rejects scores off the scale', () => {
    expect(rfmSegment(1, 4.5)).toBe('cant_lose');
    expect(rfmSegment(3, 2.5)).toBe('need_attention');
    expect(rfmSegment(5, 1.5)).toBe('potential_loyalists');
    expect(() => rfmSegment(0, 3)).toThrow('scores from 1 to 5, got r = 0, fm = 3');
    expect(() => rfmSegment(6, 3)).toThrow('got r = 6');
    expect(() => rfmSegment(2.5, 3)).toThrow('got r = 2.5');
    expect(() => rfmSegment(3, 5.5)).toThrow('fm = 5.5');
  });
});

describe('scoreRfm', () => {
  it('scores recency, frequency and spend by quintile and reads the segment from R and the mean of F and M', () => {
    // R follows recency 100 … 20 days (fewer is better); F and M are permutations of 1 … 5 by design.
    const book: RfmInput[] = [
      { recencyDays: 100, frequency: 50, monetary: 400 }, // R1 F5 M4 → FM 4.5 → 5: can't lose them
      { recencyDays: 80, frequency: 30, monetary: 200 }, // R2 F3 M2 → 2.5 → 3: at risk
      { recencyDays: 60, frequency: 10, monetary: 300 }, // R3 F1 M3 → 2: about to sleep
      { recencyDays: 40, frequency: 20, monetary: 100 }, // R4 F2 M1 → 1.5 → 2: potential loyalists
      { recencyDays: 20, frequency: 40, monetary: 500 }, // R5 F4 M5 → 4.5 → 5: champions
    ];
    expect(scoreRfm(book, { smallBook: 0 })).toEqual([
      { r: 1, f: 5, m: 4, levels: 5, segment: 'cant_lose' },
      { r: 2, f: 3, m: 2, levels: 5, segment: 'at_risk' },
      { r: 3, f: 1, m: 3, levels: 5, segment: 'about_to_sleep' },
      { r: 4, f: 2, m: 1, levels: 5, segment: 'potential_loyalists' },
      { r: 5, f: 4, m: 5, levels: 5, segment: 'champions' },
    ]);
  });

  it('uses terciles in a small book, mapped 1 → 1, 2 → 3, 3 → 5 on the grid', () => {
    const book: RfmInput[] = [
      { recencyDays: 5, frequency: 9, monetary: 900 }, // R3 F3 M3 → R5, FM 5: champions
      { recencyDays: 50, frequency: 4, monetary: 400 }, // R2 F2 M2 → R3, FM 3: need attention
      { recencyDays: 500, frequency: 1, monetary: 10 }, // R1 F1 M2 → R1, FM 2: hibernating
      { recencyDays: 4, frequency: 1, monetary: 9 }, // R3 F1 M1 → R5, FM 1: new
      { recencyDays: 501, frequency: 10, monetary: 1000 }, // R1 F3 M3 → R1, FM 5: can't lose them
      { recencyDays: 49, frequency: 3, monetary: 8 }, // R2 F2 M1 → R3, FM 2: about to sleep
    ];
    expect(scoreRfm(book)).toEqual([
      { r: 3, f: 3, m: 3, levels: 3, segment: 'champions' },
      { r: 2, f: 2, m: 2, levels: 3, segment: 'need_attention' },
      { r: 1, f: 1, m: 2, levels: 3, segment: 'hibernating' },
      { r: 3, f: 1, m: 1, levels: 3, segment: 'new' },
      { r: 1, f: 3, m: 3, levels: 3, segment: 'cant_lose' },
      { r: 2, f: 2, m: 1, levels: 3, segment: 'about_to_sleep' },
    ]);
  });

  it('switches from terciles to quintiles at smallBook customers', () => {
    expect(scoreRfm(randomBook(99, 1))[0]!.levels).toBe(3);
    expect(scoreRfm(randomBook(100, 1))[0]!.levels).toBe(5);
    expect(scoreRfm(randomBook(9, 1), { smallBook: 10 })[0]!.levels).toBe(3);
    expect(scoreRfm(randomBook(10, 1), { smallBook: 10 })[0]!.levels).toBe(5);
    expect(scoreRfm(randomBook(99, 1)).every((x) => [x.r, x.f, x.m].every((s) => s >= 1 && s <= 3))).toBe(true);
  });

  it('does not depend on the order of the customers', () => {
    for (const size of [40, 500]) {
      const book = randomBook(size, size);
      const scored = scoreRfm(book);
      const order = shuffled(
        book.map((_, i) => i),
        99,
      );
      const reScored = scoreRfm(order.map((i) => book[i]!));
      order.forEach((original, k) => expect(reScored[k]).toEqual(scored[original]));
    }
  });

  it('scores each dimension like the rank-counting oracle and gives equal customers equal results', () => {
    const book = randomBook(600, 5);
    const scored = scoreRfm(book);
    expect(scored.map((x) => x.r)).toEqual(oracleScores(book.map((c) => -c.recencyDays), 5));
    expect(scored.map((x) => x.f)).toEqual(oracleScores(book.map((c) => c.frequency), 5));
    expect(scored.map((x) => x.m)).toEqual(oracleScores(book.map((c) => c.monetary), 5));
    const twins = scoreRfm([...book, { ...book[0]! }]);
    expect(twins.at(-1)).toEqual(twins[0]);
  });

  it('handles an empty book and a book of identical customers', () => {
    expect(scoreRfm([])).toEqual([]);
    const same = Array.from({ length: 120 }, () => ({ recencyDays: 0, frequency: 0, monetary: 0 }));
    // Everyone in the middle quintile: R3, FM 3 → need attention.
    expect(new Set(scoreRfm(same).map((x) => JSON.stringify(x)))).toEqual(
      new Set([JSON.stringify({ r: 3, f: 3, m: 3, levels: 5, segment: 'need_attention' })]),
    );
  });

  it('rejects values that cannot be ranked, saying which', () => {
    expect(() => scoreRfm([{ recencyDays: 1, frequency: NaN, monetary: 1 }])).toThrow(
      'inputs[0].frequency must be a finite number, got NaN',
    );
    expect(() => scoreRfm([{ recencyDays: Infinity, frequency: 1, monetary: 1 }])).toThrow('inputs[0].recencyDays');
    expect(() => scoreRfm([], { smallBook: -1 })).toThrow('smallBook must be an integer ≥ 0, got -1');
  });
});
