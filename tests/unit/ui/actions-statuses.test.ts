import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createStore, set } from 'idb-keyval';
import { actionKey, datasetKey, decisionStore, readDecisions, type ActionDecisions } from '../../../src/ui/actions/statuses.ts';
import { actionRow } from './actions-fixtures.ts';

let databases = 0;
const freshStore = () => createStore(`ciclo-actions-test-${++databases}`, 'decisions');

const decisions: ActionDecisions = {
  statuses: { [actionKey(actionRow({ id: 'C1' }))]: { status: 'done', note: 'Ligou; pedido na sexta', at: '2024-07-02T10:00:00.000Z' } },
  relationship: { C1: 5, C2: 3 },
  goals: { C1: [{ id: 'g1', metric: 'revenue', target: 6000, fromQuarter: '2024-Q3' }] },
};

describe('the decisions kept in the browser', () => {
  it('come back as they were saved, per dataset', async () => {
    const store = decisionStore({ store: freshStore() });
    const dataset = datasetKey(['vendas-2024.csv', 'vendas-2023.csv']);
    await store.save(dataset, decisions);
    expect(await store.load(dataset)).toEqual(decisions);
    // The same files in another order are the same dataset; other files are another.
    expect(await store.load(datasetKey(['vendas-2023.csv', 'vendas-2024.csv']))).toEqual(decisions);
    expect(await store.load(datasetKey(['vendas-2024.csv']))).toEqual({ statuses: {}, relationship: {}, goals: {} });
  });

  it('drop stored entries that do not have the expected shape', async () => {
    const db = freshStore();
    await set(
      'x',
      {
        statuses: { a: { status: 'done', note: 'ok', at: 't' }, b: { status: 'maybe' }, c: 'done' },
        relationship: { C1: 5, C2: 6, C3: '2', C4: 1 },
        goals: { C1: [{ id: 'g', metric: 'revenue', target: -1, fromQuarter: '2024-Q1' }, { id: 'h', metric: 'categories', target: 2, fromQuarter: '2024-Q1' }], C2: 'x' },
      },
      db,
    );
    expect(await decisionStore({ store: db }).load('x')).toEqual({
      statuses: { a: { status: 'done', note: 'ok', at: 't' } },
      relationship: { C1: 5, C4: 1 },
      goals: { C1: [{ id: 'h', metric: 'categories', target: 2, fromQuarter: '2024-Q1' }] },
    });
    expect(readDecisions(null)).toEqual({ statuses: {}, relationship: {}, goals: {} });
    expect(readDecisions([1, 2])).toEqual({ statuses: {}, relationship: {}, goals: {} });
  });
});

describe('actionKey', () => {
  it('is the same for the same customer, action and offer, whatever the figures', () => {
    expect(actionKey(actionRow({ id: 'C1', priority: 1 }))).toBe(actionKey(actionRow({ id: 'C1', priority: 99, valueAtStake: 5 })));
    expect(actionKey(actionRow({ id: 'C1' }))).not.toBe(actionKey(actionRow({ id: 'C1', offer: 'Chá' })));
    expect(actionKey(actionRow({ id: 'C1' }))).not.toBe(actionKey(actionRow({ id: 'C1', action: 'upgrade' })));
  });

  it('cannot be forged by separators inside names', () => {
    expect(actionKey({ customerId: 'a|b', action: 'upgrade', offer: 'c' })).not.toBe(actionKey({ customerId: 'a', action: 'upgrade', offer: 'b|c' }));
  });
});
