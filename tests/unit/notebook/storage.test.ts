import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createStore, set } from 'idb-keyval';
import { notebookStore, requestPersistence, type MarkerStorage } from '../../../src/notebook/storage.ts';
import { addCell, emptyNotebook, updateCell } from '../../../src/notebook/model.ts';

function memoryMarkers(): MarkerStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) };
}

let databases = 0;
const freshStore = () => createStore(`ciclo-test-${++databases}`, 'notebook');

describe('the notebook saved in the browser', () => {
  it('comes back as it was saved', async () => {
    const store = notebookStore({ markers: memoryMarkers(), store: freshStore() });
    let notebook = addCell(emptyNotebook(), 'sql').notebook;
    notebook = updateCell(notebook, 'c1', { sql: 'FROM sales' });
    await store.save(notebook);
    expect(await store.load()).toEqual({ notebook, wasEvicted: false });
  });

  it('starts empty without alarm on a first visit', async () => {
    const store = notebookStore({ markers: memoryMarkers(), store: freshStore() });
    expect(await store.load()).toEqual({ notebook: null, wasEvicted: false });
  });

  it('says so when a saved notebook has disappeared from the browser', async () => {
    const markers = memoryMarkers();
    await notebookStore({ markers, store: freshStore() }).save(emptyNotebook());
    // The same visitor later, after the browser evicted the database (a new, empty one opens).
    expect(await notebookStore({ markers, store: freshStore() }).load()).toEqual({ notebook: null, wasEvicted: true });
  });

  it('forgets the marker when the user clears the notebook', async () => {
    const markers = memoryMarkers();
    const store = notebookStore({ markers, store: freshStore() });
    await store.save(emptyNotebook());
    await store.clear();
    expect(await store.load()).toEqual({ notebook: null, wasEvicted: false });
  });

  it('refuses a tampered saved copy like a hostile file', async () => {
    const db = freshStore();
    await set('current', '{"format":"ciclo-notebook","version":1,"cells":[],"__proto__":{"x":1}}', db);
    await expect(notebookStore({ markers: memoryMarkers(), store: db }).load()).rejects.toMatchObject({ code: 'NOTEBOOK_FILE_FORBIDDEN_KEY' });
  });

  it('asks for persistent storage once, and copes without the API', async () => {
    const calls: string[] = [];
    const manager = {
      persisted: async () => (calls.push('persisted'), false),
      persist: async () => (calls.push('persist'), true),
    } as unknown as StorageManager;
    expect(await requestPersistence(manager)).toBe(true);
    expect(calls).toEqual(['persisted', 'persist']);
    expect(await requestPersistence(undefined)).toBe(false);
  });
});
