import { describe, expect, it } from 'vitest';
import { FUNNEL_RULES, funnelRule, funnelStep, type FunnelInput } from '../../../src/analytics/funnel';
import { STAGES, TREND_LABELS, type Direction, type FunnelStep } from '../../../src/analytics/types';

const base: FunnelInput = { stage: 'active', trend: 'stable', breadthDirection: 'flat', tenureMonths: 24, categories: 4 };
const step = (change: Partial<FunnelInput>) => funnelStep({ ...base, ...change });

/** The funnel written independently as plain branches, from the rules in the module's documentation. */
function oracle(c: FunnelInput): FunnelStep {
  switch (c.stage) {
    case 'new':
      return 'acquisition';
    case 'lapsed':
    case 'lost':
      return 'win_back';
    case 'reactivated':
      return 'development';
    case 'at_risk':
      return 'retention';
    case 'active': {
      const shrinking = c.trend === 'downtrader' || c.trend === 'inactive' || c.breadthDirection === 'down';
      if (shrinking) return 'retention';
      const established = c.tenureMonths >= 12;
      if (established && (c.trend === 'uptrader' || c.trend === 'stable') && c.categories >= 3) return 'advocacy';
      if (!established || c.trend === 'uptrader' || c.breadthDirection === 'up') return 'development';
      return 'retention';
    }
  }
}

describe('funnelStep', () => {
  it('puts stages first: new → acquisition, lapsed and lost → win back, reactivated → development, at risk → retention', () => {
    expect(step({ stage: 'new' })).toBe('acquisition');
    expect(step({ stage: 'lapsed', trend: 'uptrader' })).toBe('win_back');
    expect(step({ stage: 'lost' })).toBe('win_back');
    expect(step({ stage: 'reactivated', tenureMonths: 40 })).toBe('development');
    expect(step({ stage: 'at_risk', trend: 'uptrader', breadthDirection: 'up', tenureMonths: 3 })).toBe('retention');
  });

  it('makes established, broad, not shrinking active customers advocates', () => {
    expect(step({})).toBe('advocacy');
    expect(step({ trend: 'uptrader' })).toBe('advocacy');
    expect(step({ breadthDirection: 'up' })).toBe('advocacy');
    expect(step({ breadthDirection: null })).toBe('advocacy');
    expect(step({ tenureMonths: 12, categories: 3 })).toBe('advocacy'); // both boundaries included
  });

  it('retains active customers who shrink, and established narrow or unproven ones', () => {
    expect(step({ trend: 'downtrader' })).toBe('retention');
    expect(step({ trend: 'inactive' })).toBe('retention');
    expect(step({ breadthDirection: 'down' })).toBe('retention');
    expect(step({ breadthDirection: 'down', tenureMonths: 2 })).toBe('retention');
    expect(step({ categories: 2 })).toBe('retention');
    expect(step({ trend: 'insufficient_data' })).toBe('retention');
  });

  it('develops active customers in their first year, or growing in spend or breadth', () => {
    expect(step({ tenureMonths: 11.9 })).toBe('development');
    expect(step({ tenureMonths: 11.9, trend: 'uptrader', categories: 8 })).toBe('development');
    expect(step({ trend: 'uptrader', categories: 2 })).toBe('development');
    expect(step({ breadthDirection: 'up', categories: 2 })).toBe('development');
    expect(step({ breadthDirection: 'up', trend: 'new' })).toBe('development');
  });

  it('matches the plain-branch oracle for every combination, and every rule is reached', () => {
    const breadths: (Direction | null)[] = ['up', 'down', 'flat', null];
    const reached = new Set<string>();
    let count = 0;
    for (const stage of STAGES)
      for (const trend of TREND_LABELS)
        for (const breadthDirection of breadths)
          for (const tenureMonths of [0, 11.5, 12, 36])
            for (const categories of [0, 2, 3, 8]) {
              const c = { stage, trend, breadthDirection, tenureMonths, categories };
              expect(funnelStep(c), JSON.stringify(c)).toBe(oracle(c));
              reached.add(funnelRule(c).id);
              count++;
            }
    expect(count).toBe(6 * 6 * 4 * 4 * 4);
    expect([...reached].sort()).toEqual(FUNNEL_RULES.map((r) => r.id).sort());
  });

  it('has distinct rule ids and a rule for every stage', () => {
    expect(new Set(FUNNEL_RULES.map((r) => r.id)).size).toBe(FUNNEL_RULES.length);
    for (const stage of STAGES) expect(FUNNEL_RULES.some((r) => r.stages.includes(stage))).toBe(true);
  });

  it('rejects a negative tenure and a fractional category count', () => {
    expect(() => step({ tenureMonths: -1 })).toThrow('tenureMonths must be a number ≥ 0, got -1');
    expect(() => step({ tenureMonths: NaN })).toThrow('got NaN');
    expect(() => step({ categories: 2.5 })).toThrow('categories must be an integer ≥ 0, got 2.5');
  });
});
