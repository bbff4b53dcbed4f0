import { describe, expect, it } from 'vitest';
import { PageLoader, type Page } from '../../../src/ui/grid/page-loader.ts';

interface Request {
  offset: number;
  limit: number;
  query: string;
  resolve: (page: Page<number>) => void;
  reject: (error: unknown) => void;
}

function harness({ pageSize = 10, capacity = 3, maxInFlight = 2, total = 95 } = {}) {
  const requests: Request[] = [];
  const errors: unknown[] = [];
  let changes = 0;
  const loader = new PageLoader<number, string>('all', {
    pageSize,
    capacity,
    maxInFlight,
    fetchPage: (offset, limit, query) =>
      new Promise((resolve, reject) => requests.push({ offset, limit, query, resolve, reject })),
    onChange: () => void changes++,
    onError: (error) => void errors.push(error),
  });
  const answer = async (request: Request) => {
    const rows = Array.from({ length: Math.max(0, Math.min(request.limit, total - request.offset)) }, (_, i) => request.offset + i);
    request.resolve({ rows, total });
    await Promise.resolve();
    await Promise.resolve();
  };
  return { loader, requests, errors, answer, changes: () => changes };
}

describe('grid page loader', () => {
  it('fetches the pages covering the visible rows, at most two at a time', async () => {
    const { loader, requests, answer } = harness();
    loader.want(0, 35);
    expect(requests.map((r) => r.offset)).toEqual([0, 10]);
    await answer(requests[0]!);
    expect(requests.map((r) => r.offset)).toEqual([0, 10, 20]);
    expect(loader.row(3)).toBe(3);
    expect(loader.total).toBe(95);
  });

  it('does not ask again for a page it has or is fetching', async () => {
    const { loader, requests, answer } = harness();
    loader.want(0, 5);
    loader.want(0, 5);
    expect(requests).toHaveLength(1);
    await answer(requests[0]!);
    loader.want(0, 5);
    expect(requests).toHaveLength(1);
  });

  it('skips pages the user scrolled past before their turn came', async () => {
    const { loader, requests, answer } = harness({ maxInFlight: 1 });
    loader.want(0, 40);
    loader.want(80, 95);
    await answer(requests[0]!);
    expect(requests.map((r) => r.offset)).toEqual([0, 80]);
  });

  it('drops answers that arrive after the sort or filter changed', async () => {
    const { loader, requests, answer } = harness();
    loader.want(0, 5);
    loader.setQuery('filtered');
    expect(requests.map((r) => r.query)).toEqual(['all', 'filtered']);
    await answer(requests[0]!);
    expect(loader.row(0)).toBeUndefined();
    expect(loader.total).toBeNull();
    await answer(requests[1]!);
    expect(loader.row(0)).toBe(0);
  });

  it('keeps a bounded number of pages but never drops the visible ones', async () => {
    const { loader, requests, answer } = harness({ capacity: 2, maxInFlight: 4 });
    for (const start of [0, 10, 20, 30]) {
      loader.want(start, start + 5);
      await answer(requests.at(-1)!);
    }
    expect(loader.row(35)).toBe(35);
    expect(loader.row(25)).toBe(25);
    expect(loader.row(5)).toBeUndefined();
  });

  it('stops at the last page once the total is known', async () => {
    const { loader, requests, answer } = harness({ total: 15, maxInFlight: 4 });
    loader.want(0, 5);
    await answer(requests[0]!);
    loader.want(0, 60);
    expect(requests.map((r) => r.offset)).toEqual([0, 10]);
  });

  it('reports a failed page and fetches it again when wanted again', async () => {
    const { loader, requests, errors } = harness();
    loader.want(0, 5);
    requests[0]!.reject(new Error('engine gone'));
    await Promise.resolve();
    await Promise.resolve();
    expect(errors).toHaveLength(1);
    loader.want(0, 5);
    expect(requests).toHaveLength(2);
  });
});
