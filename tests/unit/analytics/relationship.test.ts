import { describe, expect, it } from 'vitest';
import {
  RELATIONSHIP_LEVEL_NAMES,
  RELATIONSHIP_RULES,
  applyOverride,
  relationshipLevel,
  type RelationshipInput,
  type RelationshipRule,
} from '../../../src/analytics/relationship';

const strategic: RelationshipInput = { tenureMonths: 18, regularity: 9 / 12, categories: 3, revenueShare: 0.001, keyAccount: true };

describe('relationshipLevel', () => {
  it('reads a long, regular, broad key account as strategic (level 4), exactly at each minimum', () => {
    expect(relationshipLevel(strategic)).toEqual({ level: 4, rule: 'long_regular_broad_key_account' });
  });

  it('drops to preferred (level 3) when any one strategic condition is missed', () => {
    for (const missed of [
      { tenureMonths: 17.9 },
      { regularity: 8 / 12 },
      { categories: 2 },
      { keyAccount: false },
      { keyAccount: undefined },
    ]) {
      expect(relationshipLevel({ ...strategic, ...missed })).toEqual({ level: 3, rule: 'established_regular_and_broad' });
    }
  });

  it('gives preferred from a year, 6 of 12 months and 2 categories, else recurring', () => {
    const preferred = { tenureMonths: 12, regularity: 6 / 12, categories: 2, revenueShare: 0 };
    expect(relationshipLevel(preferred).level).toBe(3);
    expect(relationshipLevel({ ...preferred, categories: 1 })).toEqual({ level: 2, rule: 'buys_again_through_the_year' });
    expect(relationshipLevel({ ...preferred, tenureMonths: 11 }).level).toBe(2);
    expect(relationshipLevel({ ...preferred, regularity: 5 / 12 }).level).toBe(2);
  });

  it('gives recurring from three months and 3 of 12 months with orders, else transactional', () => {
    const recurring = { tenureMonths: 3, regularity: 3 / 12, categories: 1, revenueShare: 0 };
    expect(relationshipLevel(recurring).level).toBe(2);
    expect(relationshipLevel({ ...recurring, regularity: 2 / 12 })).toEqual({ level: 1, rule: 'first_contact_or_occasional' });
    expect(relationshipLevel({ ...recurring, tenureMonths: 2.9 }).level).toBe(1);
    expect(relationshipLevel({ tenureMonths: 0, regularity: 1 / 12, categories: 1, revenueShare: 0.5 }).level).toBe(1);
  });

  it('keeps the rules as data, one of each inferred level, the last one matching everyone', () => {
    expect(RELATIONSHIP_RULES.map((r) => r.level)).toEqual([4, 3, 2, 1]);
    expect(Object.keys(RELATIONSHIP_RULES.at(-1)!)).toEqual(['id', 'level']);
    expect(RELATIONSHIP_LEVEL_NAMES[5]).toBe('partnership');
  });

  it('takes a custom table, giving level 1 without a rule when none matches', () => {
    const rules: RelationshipRule[] = [{ id: 'big', level: 4, minRevenueShare: 0.2 }];
    expect(relationshipLevel({ ...strategic, revenueShare: 0.2 }, rules)).toEqual({ level: 4, rule: 'big' });
    expect(relationshipLevel({ ...strategic, revenueShare: 0.19 }, rules)).toEqual({ level: 1, rule: null });
  });

  it('never infers level 5 and rejects bad inputs with clear messages', () => {
    const five = [{ id: 'partner', level: 5 }] as unknown as RelationshipRule[];
    expect(() => relationshipLevel(strategic, five)).toThrow('rule "partner": level must be 1, 2, 3 or 4 (level 5 is set by the user only), got 5');
    expect(() => relationshipLevel({ ...strategic, tenureMonths: -1 })).toThrow('tenureMonths must be a number ≥ 0, got -1');
    expect(() => relationshipLevel({ ...strategic, regularity: 1.5 })).toThrow('regularity must be a share in [0, 1], got 1.5');
    expect(() => relationshipLevel({ ...strategic, categories: 1.5 })).toThrow('categories must be an integer ≥ 0, got 1.5');
    expect(() => relationshipLevel({ ...strategic, revenueShare: NaN })).toThrow('revenueShare must be a finite number, got NaN');
  });
});

describe('applyOverride', () => {
  const inferred = { level: 3, rule: 'established_regular_and_broad' } as const;

  it('keeps the inferred level without an override', () => {
    expect(applyOverride(inferred, null)).toEqual({ level: 3, source: 'inferred', inferredLevel: 3, rule: 'established_regular_and_broad' });
  });

  it('lets the user set any level, up or down, and level 5 only this way', () => {
    expect(applyOverride(inferred, 5)).toEqual({ level: 5, source: 'override', inferredLevel: 3, rule: 'established_regular_and_broad' });
    expect(applyOverride(inferred, 1).level).toBe(1);
    expect(applyOverride(inferred, 3).source).toBe('override');
  });

  it('rejects levels outside 1–5', () => {
    expect(() => applyOverride(inferred, 6 as never)).toThrow('override must be a level from 1 to 5 or null, got 6');
    expect(() => applyOverride(inferred, 0 as never)).toThrow('override must be a level from 1 to 5 or null, got 0');
  });
});
