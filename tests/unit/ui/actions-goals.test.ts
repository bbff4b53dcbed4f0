import { describe, expect, it } from 'vitest';
import { checkGoal, monthlyActuals, quarterOf, quarterStart, trackGoal, type AccountGoal, type MonthActual } from '../../../src/ui/actions/goal-tracking.ts';

const months: MonthActual[] = [
  { month: '2024-04-01', revenue: 300, categories: ['Café'] },
  { month: '2024-05-01', revenue: 100, categories: ['Café', 'Açúcar'] },
  // June: nothing bought.
  { month: '2024-07-01', revenue: 500, categories: ['Leite'] },
  { month: '2024-08-01', revenue: 250, categories: ['Leite', 'Café', 'Chá'] },
];

describe('quarters', () => {
  it('names the quarter of a date and finds its first day', () => {
    expect(quarterOf('2024-05-17')).toBe('2024-Q2');
    expect(quarterOf('2024-12-31')).toBe('2024-Q4');
    expect(quarterStart('2024-Q3')).toBe('2024-07-01');
    expect(() => quarterStart('2024-Q5')).toThrow('quarter must look like 2024-Q2, got "2024-Q5"');
  });
});

describe('trackGoal', () => {
  it('tracks revenue per quarter month by month against a third of the target a month', () => {
    const goal: AccountGoal = { id: 'g', metric: 'revenue', target: 600, fromQuarter: '2024-Q2' };
    const [q2, q3] = trackGoal(goal, months, '2024-08-20');
    // Q2: 300, 400, 400 against paces 200, 400, 600 → met in April and May, behind in June, quarter missed.
    expect(q2!.months.map((m) => [m.month, m.actual, m.quarterToDate, m.pace, m.isOnPace])).toEqual([
      ['2024-04-01', 300, 300, 200, true],
      ['2024-05-01', 100, 400, 400, true],
      ['2024-06-01', 0, 400, 600, false],
    ]);
    expect(q2).toMatchObject({ quarter: '2024-Q2', actual: 400, isMet: false, isOpen: false });
    expect(q2!.progress).toBeCloseTo(400 / 600, 12);
    // Q3 is under way: July and August only (the analysis date is in August), 750 ≥ 600 already.
    expect(q3!.months.map((m) => m.quarterToDate)).toEqual([500, 750]);
    expect(q3).toMatchObject({ quarter: '2024-Q3', actual: 750, isMet: true, isOpen: true });
  });

  it('counts distinct categories in the quarter so far, not the sum of the months', () => {
    const goal: AccountGoal = { id: 'g', metric: 'categories', target: 3, fromQuarter: '2024-Q3' };
    const [q3] = trackGoal(goal, months, '2024-09-30');
    // July {Leite}, August adds Café and Chá → 1, 3, 3; August's own count is 3.
    expect(q3!.months.map((m) => [m.actual, m.quarterToDate, m.isOnPace])).toEqual([
      [1, 1, true],
      [3, 3, true],
      [0, 3, true],
    ]);
    expect(q3!.isMet).toBe(true);
  });

  it('has no quarters when the goal starts after the analysis date', () => {
    expect(trackGoal({ id: 'g', metric: 'revenue', target: 1, fromQuarter: '2025-Q1' }, months, '2024-12-31')).toEqual([]);
  });

  it('meets a target reached exactly despite floating point', () => {
    const tenths: MonthActual[] = [
      { month: '2024-01-01', revenue: 0.1, categories: [] },
      { month: '2024-02-01', revenue: 0.2, categories: [] },
    ];
    const [q1] = trackGoal({ id: 'g', metric: 'revenue', target: 0.3, fromQuarter: '2024-Q1' }, tenths, '2024-03-31');
    expect(q1!.isMet).toBe(true);
  });
});

describe('checkGoal', () => {
  it('says what it expected and what came', () => {
    expect(() => checkGoal({ id: 'g', metric: 'revenue', target: 0, fromQuarter: '2024-Q1' })).toThrow('goal target must be a number > 0, got 0');
    expect(() => checkGoal({ id: 'g', metric: 'categories', target: 2.5, fromQuarter: '2024-Q1' })).toThrow('a categories goal must be a whole number, got 2.5');
    expect(() => checkGoal({ id: 'g', metric: 'margin' as 'revenue', target: 1, fromQuarter: '2024-Q1' })).toThrow('goal metric must be revenue or categories, got margin');
    expect(() => checkGoal({ id: 'g', metric: 'revenue', target: 1, fromQuarter: '2024-3' })).toThrow('goal fromQuarter must look like 2024-Q2, got 2024-3');
  });
});

describe('monthlyActuals', () => {
  it('adds order amounts per calendar month and lists the categories bought', () => {
    const orders = [
      { date: '2024-04-03', amount: 100 },
      { date: '2024-04-28', amount: 50 },
      { date: '2024-06-10', amount: -20 },
    ];
    const categoryMonths = [
      { month: '2024-04-01', category: 'Café' },
      { month: '2024-04-01', category: 'Açúcar' },
      { month: '2024-05-01', category: 'Chá' },
    ];
    expect(monthlyActuals(orders, categoryMonths)).toEqual([
      { month: '2024-04-01', revenue: 150, categories: ['Açúcar', 'Café'] },
      { month: '2024-05-01', revenue: 0, categories: ['Chá'] },
      { month: '2024-06-01', revenue: -20, categories: [] },
    ]);
  });
});
