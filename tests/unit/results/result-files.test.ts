// Recognising the files of `ciclo analyze` by their first bytes, and nothing else: sales exports, headers cut
// short or missing a contract column go to the import wizard instead.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readModelDocument, recogniseResult } from '../../../src/results/result-files.ts';

const CUSTOMERS = 'customer_id,first_order,last_order,orders,revenue,trend,trend_slope_pct,trend_p_value,stage,rfm_segment,historic_ltv,customer_name\nC1,2024-01-01,2024-02-01,2,10,stable,0,1,active,loyal,10,Ana\n';
const ACTIONS = 'customer_id,action,offer,reason,priority,value_at_stake,customer_name\nC1,win_back,,"Lapsed, call",1,2,Ana\n';
const head = (file: string) => readFileSync(file, 'utf8').slice(0, 4096);

describe('recogniseResult', () => {
  it('recognises each file of ciclo analyze by its header', () => {
    expect(recogniseResult(CUSTOMERS)).toBe('customers');
    expect(recogniseResult(ACTIONS)).toBe('actions');
    expect(recogniseResult('cohort,age_months,cohort_size,customers,revenue\n2024-01-01,0,3,3,10\n')).toBe('cohorts');
    expect(recogniseResult('antecedent,consequent,support,confidence,lift,leverage\n')).toBe('rules');
    expect(recogniseResult('{\n  "bgnbd": {\n    "r": 1.2')).toBe('model');
  });

  it('reads a header written with CRLF line ends or after a byte-order mark', () => {
    expect(recogniseResult(`\uFEFF${CUSTOMERS.replace('\n', '\r\n')}`)).toBe('customers');
  });

  it('refuses the sales exports of the demos', () => {
    expect(recogniseResult(head('public/demo/ciclo-demo.csv'))).toBeNull();
    expect(recogniseResult(head('public/demo/cdnow_sample.csv'))).toBeNull();
  });

  it('refuses a header cut before its line end, unless it is the whole file', () => {
    const firstLine = CUSTOMERS.split('\n')[0]!;
    expect(recogniseResult(firstLine.slice(0, 40))).toBeNull();
    expect(recogniseResult(firstLine)).toBeNull();
    expect(recogniseResult(firstLine, { isWholeFile: true })).toBe('customers');
  });

  it('refuses a header missing a contract column or with them out of order', () => {
    expect(recogniseResult('customer_id,first_order,last_order,orders,revenue,trend\nC1,2024-01-01,2024-01-01,1,1,new\n')).toBeNull();
    expect(recogniseResult(CUSTOMERS.replace('trend,trend_slope_pct', 'trend_slope_pct,trend'))).toBeNull();
    expect(recogniseResult('customer_id,action,offer,reason,value_at_stake,priority\n')).toBeNull();
    expect(recogniseResult('')).toBeNull();
  });
});

describe('readModelDocument', () => {
  const document = {
    bgnbd: null, gamma_gamma: null, unit: 'week', unit_days: 7, as_of: '2025-10-31', horizon: 12, discount: 0.01,
    method: 'heuristic', reason: 'too_few_repeat_buyers', detail: 'only 3', customers: 10, repeat_buyers: 3,
    predicted_clv_total: 1234.5,
  };

  it('reads the figures the results view shows', () => {
    expect(readModelDocument(JSON.stringify(document, null, 2))).toEqual({
      ok: true,
      model: { asOf: '2025-10-31', method: 'heuristic', reason: 'too_few_repeat_buyers', detail: 'only 3', unit: 'week', horizonMonths: 12, monthlyDiscount: 0.01, customers: 10, repeatBuyers: 3, predictedClvTotal: 1234.5 },
    });
  });

  it('names the first key that is missing or wrong, and refuses text that is not JSON', () => {
    expect(readModelDocument(JSON.stringify({ ...document, as_of: '31/10/2025' }))).toEqual({ ok: false, problem: '"as_of" must be an ISO date, got "31/10/2025"' });
    const { customers: _dropped, ...withoutCustomers } = document;
    expect(readModelDocument(JSON.stringify(withoutCustomers))).toEqual({ ok: false, problem: '"customers" must be an integer, got nothing' });
    expect(readModelDocument('{"bgnbd": ').ok).toBe(false);
  });
});
