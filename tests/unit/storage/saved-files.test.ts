import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createStore, get, set, type UseStore } from 'idb-keyval';
import {
  SavedFileError,
  fileOf,
  isQuotaError,
  parseSavedFile,
  restoreOrder,
  savedFileRecord,
  savedFileStore,
  type MarkerStorage,
} from '../../../src/persistence/saved-files.ts';
import type { CsvSettings, Mapping } from '../../../src/import/types.ts';

function memoryMarkers(): MarkerStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) };
}

let databases = 0;
const freshStore = () => createStore(`ciclo-data-test-${++databases}`, 'files');

const SETTINGS: CsvSettings = { encoding: 'utf-8', hasBom: false, delimiter: ';', quote: '"', headerLine: 1, decimal: ',', thousands: '.', dateOrder: 'dmy' };
const MAPPING: Mapping = { customer_id: 0, order_date: 1, amount: 2 };

function csv(name: string, text: string): File {
  return new File([text], name, { type: 'text/csv' });
}

const JANUARY = 'Cliente;Data;Valor\nC1;05/01/2024;10,50\nC2;06/01/2024;1.200,00\n';
const FEBRUARY = 'Cliente;Data;Valor\nC1;05/02/2024;7,00\n';

describe('the record kept for a file', () => {
  it('holds the bytes, name, settings and columns, and reads back into the same file', async () => {
    const record = savedFileRecord({ fileTag: 'jan.csv', file: csv('jan.csv', JANUARY), settings: SETTINGS, mapping: MAPPING }, []);
    expect(record).toMatchObject({ fileTag: 'jan.csv', order: 0, name: 'jan.csv', type: 'text/csv', size: new TextEncoder().encode(JANUARY).length, decision: 'kept' });
    expect(parseSavedFile(record)).toEqual(record);
    const file = fileOf(record);
    expect(file.name).toBe('jan.csv');
    expect(await file.text()).toBe(JANUARY);
  });

  it('comes after every file already kept, even when an earlier one was removed', () => {
    const record = savedFileRecord({ fileTag: 'feb.csv', file: csv('feb.csv', FEBRUARY), settings: SETTINGS, mapping: MAPPING }, [{ order: 0 }, { order: 4 }]);
    expect(record.order).toBe(5);
  });

  it('refuses an empty file tag', () => {
    expect(() => savedFileRecord({ fileTag: '', file: csv('a.csv', JANUARY), settings: SETTINGS, mapping: MAPPING }, [])).toThrow(/fileTag must be a non-empty text, got ""/);
  });

  const good = () => savedFileRecord({ fileTag: 'jan.csv', file: csv('jan.csv', JANUARY), settings: SETTINGS, mapping: MAPPING }, []);
  const cases: { what: string; change: (r: Record<string, unknown>) => unknown; path: string }[] = [
    { what: 'another format', change: (r) => ({ ...r, format: 'ciclo-notebook' }), path: 'format' },
    { what: 'a newer version', change: (r) => ({ ...r, version: 2 }), path: 'version' },
    { what: 'no bytes (evicted blob)', change: (r) => ({ ...r, bytes: undefined }), path: 'bytes' },
    { what: 'a size that is not the bytes’', change: (r) => ({ ...r, size: 3 }), path: 'size' },
    { what: 'a negative order', change: (r) => ({ ...r, order: -1 }), path: 'order' },
    { what: 'an undone file', change: (r) => ({ ...r, decision: 'undone' }), path: 'decision' },
    { what: 'an unknown delimiter', change: (r) => ({ ...r, settings: { ...SETTINGS, delimiter: '#' } }), path: 'settings.delimiter' },
    { what: 'a header line of 0', change: (r) => ({ ...r, settings: { ...SETTINGS, headerLine: 0 } }), path: 'settings.headerLine' },
    { what: 'an unknown role', change: (r) => ({ ...r, mapping: { ...MAPPING, password: 3 } }), path: 'mapping.password' },
    { what: 'a column index that is not an integer', change: (r) => ({ ...r, mapping: { ...MAPPING, amount: 1.5 } }), path: 'mapping.amount' },
    { what: 'a prototype key in the mapping', change: (r) => ({ ...r, mapping: JSON.parse('{"__proto__": 1}') }), path: 'mapping.__proto__' },
    { what: 'no object at all', change: () => 'jan.csv', path: '/' },
  ];
  for (const { what, change, path } of cases) {
    it(`refuses a record with ${what}, naming ${path}`, () => {
      let error: unknown = null;
      try {
        parseSavedFile(change(good() as unknown as Record<string, unknown>));
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(SavedFileError);
      expect((error as SavedFileError).path).toBe(path);
    });
  }
});

describe('the restore order', () => {
  it('follows the order the files were imported in, not their names', () => {
    const records = [
      { fileTag: 'a.csv', order: 2 },
      { fileTag: 'c.csv', order: 0 },
      { fileTag: 'b.csv', order: 1 },
    ];
    expect(restoreOrder(records).map((r) => r.fileTag)).toEqual(['c.csv', 'b.csv', 'a.csv']);
    expect(records.map((r) => r.fileTag)).toEqual(['a.csv', 'c.csv', 'b.csv']); // the input is left as it was
  });
});

describe('the files kept in the browser', () => {
  it('come back in the order they were kept, with their bytes', async () => {
    const store = savedFileStore({ markers: memoryMarkers(), store: freshStore() });
    // Names that sort the other way round from the import order.
    await store.add({ fileTag: 'z-jan.csv', file: csv('z-jan.csv', JANUARY), settings: SETTINGS, mapping: MAPPING });
    await store.add({ fileTag: 'a-feb.csv', file: csv('a-feb.csv', FEBRUARY), settings: { ...SETTINGS, delimiter: ';' }, mapping: { ...MAPPING, quantity: 3 } });
    const { files, damaged, wasEvicted } = await store.load();
    expect(files.map((f) => f.fileTag)).toEqual(['z-jan.csv', 'a-feb.csv']);
    expect(await fileOf(files[1]!).text()).toBe(FEBRUARY);
    expect(files[1]!.mapping).toEqual({ customer_id: 0, order_date: 1, amount: 2, quantity: 3 });
    expect(damaged).toEqual([]);
    expect(wasEvicted).toBe(false);
  });

  it('forgets a removed file and keeps the others', async () => {
    const store = savedFileStore({ markers: memoryMarkers(), store: freshStore() });
    await store.add({ fileTag: 'jan.csv', file: csv('jan.csv', JANUARY), settings: SETTINGS, mapping: MAPPING });
    await store.add({ fileTag: 'feb.csv', file: csv('feb.csv', FEBRUARY), settings: SETTINGS, mapping: MAPPING });
    await store.remove('jan.csv');
    expect((await store.load()).files.map((f) => f.fileTag)).toEqual(['feb.csv']);
    // A file kept after the removal still goes last.
    await store.add({ fileTag: 'mar.csv', file: csv('mar.csv', FEBRUARY), settings: SETTINGS, mapping: MAPPING });
    expect((await store.load()).files.map((f) => [f.fileTag, f.order])).toEqual([
      ['feb.csv', 1],
      ['mar.csv', 2],
    ]);
  });

  it('forgets everything when the data is replaced, without calling it an eviction', async () => {
    const markers = memoryMarkers();
    const store = savedFileStore({ markers, store: freshStore() });
    await store.add({ fileTag: 'jan.csv', file: csv('jan.csv', JANUARY), settings: SETTINGS, mapping: MAPPING });
    await store.clear();
    expect(await store.load()).toEqual({ files: [], damaged: [], wasEvicted: false });
  });

  it('does not call the removal of the last file an eviction', async () => {
    const store = savedFileStore({ markers: memoryMarkers(), store: freshStore() });
    await store.add({ fileTag: 'jan.csv', file: csv('jan.csv', JANUARY), settings: SETTINGS, mapping: MAPPING });
    await store.remove('jan.csv');
    expect((await store.load()).wasEvicted).toBe(false);
  });

  it('tells once that kept files were removed by the browser', async () => {
    const markers = memoryMarkers();
    const kept = savedFileStore({ markers, store: freshStore() });
    await kept.add({ fileTag: 'jan.csv', file: csv('jan.csv', JANUARY), settings: SETTINGS, mapping: MAPPING });
    // The browser evicts the database but not localStorage: the next visit opens an empty store.
    const afterEviction = savedFileStore({ markers, store: freshStore() });
    expect((await afterEviction.load()).wasEvicted).toBe(true);
    expect((await afterEviction.load()).wasEvicted).toBe(false);
  });

  it('sets a damaged record aside, removes it, and still brings back the good ones', async () => {
    const raw = freshStore();
    const store = savedFileStore({ markers: memoryMarkers(), store: raw });
    await store.add({ fileTag: 'jan.csv', file: csv('jan.csv', JANUARY), settings: SETTINGS, mapping: MAPPING });
    await set('feb.csv', { format: 'ciclo-saved-file', version: 1, fileTag: 'feb.csv', order: 1, name: 'feb.csv', type: 'text/csv', size: 0, settings: SETTINGS, mapping: MAPPING, decision: 'kept' }, raw);
    const { files, damaged } = await store.load();
    expect(files.map((f) => f.fileTag)).toEqual(['jan.csv']);
    expect(damaged.map((d) => [d.fileTag, d.error.path])).toEqual([['feb.csv', 'bytes']]);
    expect(await get('feb.csv', raw)).toBeUndefined();
  });

  it('passes the browser’s storage-full error on to the caller, keeping what was there', async () => {
    const real = freshStore();
    const store = savedFileStore({ markers: memoryMarkers(), store: real });
    await store.add({ fileTag: 'jan.csv', file: csv('jan.csv', JANUARY), settings: SETTINGS, mapping: MAPPING });
    // The same database, as a browser over its quota sees it: reads work, writes are refused.
    const full: UseStore = (mode, callback) => (mode === 'readwrite' ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : real(mode, callback));
    const fullStore = savedFileStore({ markers: memoryMarkers(), store: full });
    const refused = await fullStore.add({ fileTag: 'feb.csv', file: csv('feb.csv', FEBRUARY), settings: SETTINGS, mapping: MAPPING }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(isQuotaError(refused)).toBe(true);
    expect((await store.load()).files.map((f) => f.fileTag)).toEqual(['jan.csv']);
  });
});

describe('isQuotaError', () => {
  it('recognises the storage-full error by its name only', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new Error('QuotaExceededError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});

