// The notebook kept in the browser between visits: its file text in IndexedDB (through idb-keyval), read
// back through the same checks as an opened file. A small marker in localStorage remembers that something
// was saved, so that when the browser has evicted the database Ciclo can tell the user instead of
// silently starting empty. (Browsers evict IndexedDB and localStorage of a site together in most cases;
// when only the database goes, the marker tells.)
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { parseNotebookFile, serializeNotebook } from './file.ts';
import type { Notebook } from './model.ts';

const DATABASE = 'ciclo';
const STORE = 'notebook';
const KEY = 'current';
const MARKER = 'ciclo.notebook.saved';

/** The part of Web Storage the marker needs. */
export interface MarkerStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface LoadedNotebook {
  notebook: Notebook | null;
  /** Something had been saved here before, and it is gone. */
  wasEvicted: boolean;
}

export interface NotebookStore {
  load(): Promise<LoadedNotebook>;
  save(notebook: Notebook): Promise<void>;
  clear(): Promise<void>;
}

function defaultMarkers(): MarkerStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled: eviction simply cannot be detected
  }
}

/** The browser's notebook store. Opens nothing until first used. */
export function notebookStore({ markers = defaultMarkers(), store }: { markers?: MarkerStorage | null; store?: UseStore } = {}): NotebookStore {
  let opened: UseStore | null = store ?? null;
  const db = () => (opened ??= createStore(DATABASE, STORE));
  return {
    async load() {
      const text = await get<unknown>(KEY, db());
      if (typeof text !== 'string') return { notebook: null, wasEvicted: markers !== null && markers.getItem(MARKER) !== null };
      // A damaged saved copy is treated like a hostile file: refused with its error, never half-used.
      return { notebook: parseNotebookFile(text), wasEvicted: false };
    },
    async save(notebook) {
      await set(KEY, serializeNotebook(notebook), db());
      try {
        markers?.setItem(MARKER, '1');
      } catch {
        // Without the marker only the eviction notice is lost.
      }
    },
    async clear() {
      await del(KEY, db());
      try {
        markers?.removeItem(MARKER);
      } catch {
        // As above.
      }
    },
  };
}

/**
 * Asks the browser to keep Ciclo's storage under storage pressure (https://storage.spec.whatwg.org/#persistence).
 * Resolves to whether the storage is persistent; false where the API is missing or the browser says no.
 */
export async function requestPersistence(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<boolean> {
  try {
    if (!storage?.persist) return false;
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}
