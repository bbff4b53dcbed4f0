// Keeping a file when the browser's storage is full: the user is told which file and how big, the
// notebook still saves, and the files kept before stay.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { notebookStore } from '../../../src/notebook/storage.ts';
import { addCell, emptyNotebook } from '../../../src/notebook/model.ts';
import { savedData } from '../../../src/ui/storage/saved-data.svelte.ts';
import { savedFiles } from '../../../src/ui/storage/saved-files-store.ts';
import type { CsvSettings } from '../../../src/import/types.ts';

const SETTINGS: CsvSettings = { encoding: 'utf-8', hasBom: false, delimiter: ',', quote: '"', headerLine: 1, decimal: '.', thousands: '', dateOrder: 'ymd' };
const MAPPING = { customer_id: 0, order_date: 1, amount: 2 };
const CSV = 'customer_id,order_date,amount\nA,2024-01-01,10\n';

// A browser over its quota for Ciclo's kept files: writes to that store are refused the way browsers
// refuse them (the put throws a QuotaExceededError DOMException); every other store works.
const realPut = IDBObjectStore.prototype.put;
function fillTheFilesStore(): void {
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === 'files') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return realPut.apply(this, args);
  };
}

afterEach(() => {
  IDBObjectStore.prototype.put = realPut;
});

describe('keeping a file in a full browser', () => {
  it('tells which file could not be kept and how big it is, while the notebook still saves', async () => {
    await savedData.keep({ fileTag: 'first.csv', file: new File([CSV], 'first.csv', { type: 'text/csv' }), settings: SETTINGS, mapping: MAPPING });
    expect(savedData.notices).toEqual([]);

    fillTheFilesStore();
    const big = new File([CSV.repeat(1000)], 'big.csv', { type: 'text/csv' });
    await savedData.keep({ fileTag: 'big.csv', file: big, settings: SETTINGS, mapping: MAPPING });
    expect(savedData.notices).toEqual([{ kind: 'not-kept', file: 'big.csv', size: CSV.length * 1000, isQuota: true, detail: 'The quota has been exceeded.' }]);

    const notebooks = notebookStore({ markers: null });
    const notebook = addCell(emptyNotebook(), 'note').notebook;
    await notebooks.save(notebook);
    expect((await notebooks.load()).notebook).toEqual(notebook);

    // The file kept before is still there, alone.
    expect((await savedFiles.load()).files.map((f) => f.fileTag)).toEqual(['first.csv']);
  });
});
