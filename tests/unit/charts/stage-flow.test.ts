// @vitest-environment jsdom
// Stage flow: one block per month and stage with customers, the latest month in words, click → stage.
import { describe, expect, it } from 'vitest';
import { stageFlow, type StageFlowLabels } from '../../../src/charts/stage-flow.ts';
import { STAGE_COLORS } from '../../../src/charts/chart-kit.ts';
import { clickedDatum } from '../../../src/charts/select.ts';
import type { StageHistoryPoint } from '../../../src/pipeline/analysis-types.ts';

const labels: StageFlowLabels = {
  title: 'Stages over time',
  customers: 'Customers',
  month: 'Month',
  stage: 'Stage',
  names: { new: 'New', active: 'Active', at_risk: 'At risk', lapsed: 'Lapsed', lost: 'Lost', reactivated: 'Back' },
  describe: (f) => `${f.first} to ${f.last}. At the end: ${f.parts}.`,
};

const history: StageHistoryPoint[] = [
  { date: '2024-02-29', stage: 'active', customers: 40 },
  { date: '2024-01-31', stage: 'new', customers: 10 },
  { date: '2024-01-31', stage: 'active', customers: 30 },
  { date: '2024-02-29', stage: 'at_risk', customers: 5 },
  { date: '2024-02-29', stage: 'lost', customers: 0 },
  { date: '2024-03-31', stage: 'active', customers: 38 },
  { date: '2024-03-31', stage: 'lapsed', customers: 1234 },
];

describe('stageFlow', () => {
  it('draws a block for each month and stage that has customers', () => {
    const chart = stageFlow(history, { locale: 'en', width: 600, labels });
    const blocks = [...chart.querySelectorAll('.ciclo-selectable rect')];
    expect(blocks).toHaveLength(6);
    expect(new Set(blocks.map((b) => b.getAttribute('fill')))).toEqual(
      new Set([STAGE_COLORS.new, STAGE_COLORS.active, STAGE_COLORS.at_risk, STAGE_COLORS.lapsed]),
    );
  });

  it('says the period and the customers per stage at its end, in the reader’s language', () => {
    const chart = stageFlow(history, { locale: 'pt-BR', width: 600, labels });
    expect(chart.getAttribute('aria-description')).toBe(
      'jan. de 2024 to mar. de 2024. At the end: New: 0; Active: 38; At risk: 0; Lapsed: 1.234; Lost: 0; Back: 0.',
    );
  });

  it('hands the clicked block’s stage to the screen', () => {
    const chart = stageFlow(history, { locale: 'en', width: 600, labels });
    const stages = [...chart.querySelectorAll('.ciclo-selectable rect')].map((rect) => clickedDatum<StageHistoryPoint>(chart, rect)?.stage);
    expect(stages.sort()).toEqual(['active', 'active', 'active', 'at_risk', 'lapsed', 'new']);
  });
});
