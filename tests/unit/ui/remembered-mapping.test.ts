import { describe, expect, it } from 'vitest';
import { headerKey, normaliseHeader, recallMapping, rememberMapping, type MappingStorage } from '../../../src/ui/import/remembered-mapping.ts';

function memoryStorage(): MappingStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('remembered column mappings', () => {
  it('treats headers that differ only in case, accents and spacing as the same', () => {
    expect(normaliseHeader('  Código   do Cliente ')).toBe('codigo do cliente');
    expect(headerKey(['Data', 'Código', 'Valor'])).toBe(headerKey(['data ', 'CODIGO', 'valor']));
  });

  it('gives different keys to different or reordered header lists', () => {
    expect(headerKey(['a', 'b'])).not.toBe(headerKey(['b', 'a']));
    expect(headerKey(['a', 'b'])).not.toBe(headerKey(['a', 'b', 'c']));
    expect(headerKey(['ab'])).not.toBe(headerKey(['a', 'b']));
  });

  it('recalls the mapping saved for the same headers', () => {
    const storage = memoryStorage();
    rememberMapping(['Cliente', 'Data', 'Valor'], { customer_id: 0, order_date: 1, amount: 2 }, storage);
    expect(recallMapping(['cliente', 'data', 'valor'], storage)).toEqual({ customer_id: 0, order_date: 1, amount: 2 });
    expect(recallMapping(['Cliente', 'Data'], storage)).toBeNull();
  });

  it('drops unknown roles and column indexes outside the header', () => {
    const storage = memoryStorage();
    storage.setItem(headerKey(['a', 'b']), JSON.stringify({ customer_id: 0, amount: 5, colour: 1, order_date: 1.5 }));
    expect(recallMapping(['a', 'b'], storage)).toEqual({ customer_id: 0 });
  });

  it('ignores broken saved text and missing storage', () => {
    const storage = memoryStorage();
    storage.setItem(headerKey(['a']), '{not json');
    expect(recallMapping(['a'], storage)).toBeNull();
    expect(recallMapping(['a'], null)).toBeNull();
  });
});
