// migration.ts: how customers moved between states (lifecycle stages, RFM segments, trend labels)
// from one analysis date to another — the cells of a from × to matrix.
import type { Migration } from './types';

/**
 * Customers counted by (state before, state after). A customer present only after comes `from: 'none'`
 * (acquired in between); a customer present only before is not counted (they have no state after).
 * Empty cells are left out. Rows are sorted by `from`, then `to`: 'none' first, then the states listed
 * in `order` (e.g. `STAGES`) in that order, then any other states by their code-unit string order —
 * so the rows depend only on the customers' states, never on the maps' insertion order.
 */
export function migrationMatrix<S extends string>(
  before: ReadonlyMap<string, S>,
  after: ReadonlyMap<string, S>,
  { order = [] }: { order?: readonly S[] } = {},
): Migration<S>[] {
  const position = new Map<string, number>();
  order.forEach((s, i) => position.has(s) || position.set(s, i));
  const compare = (a: string, b: string): number => {
    if (a === b) return 0;
    if (a === 'none' || b === 'none') return a === 'none' ? -1 : 1;
    const pa = position.get(a) ?? Infinity;
    const pb = position.get(b) ?? Infinity;
    if (pa !== pb) return pa < pb ? -1 : 1;
    return a < b ? -1 : 1;
  };

  const cells = new Map<string, Migration<S>>();
  for (const [customerId, to] of after) {
    const from = before.get(customerId) ?? 'none';
    const key = `${from}\u0000${to}`;
    const cell = cells.get(key);
    if (cell) cell.customers++;
    else cells.set(key, { from, to, customers: 1 });
  }
  return [...cells.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
}

/** Customers in the cell from → to of a migration matrix (0 when the cell is empty). */
export function movedCount<S extends string>(matrix: readonly Migration<S>[], from: S | 'none', to: S): number {
  return matrix.find((cell) => cell.from === from && cell.to === to)?.customers ?? 0;
}
