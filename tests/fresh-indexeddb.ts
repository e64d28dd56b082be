/**
 * Each test on an empty IndexedDB. The reports store keeps its connection open between calls
 * (utils/store/reports.ts); deleting its database here closes it the way "delete all local data" or
 * another page's upgrade does (its `blocking` handler), so the next call opens the new one.
 */
import { IDBFactory } from 'fake-indexeddb';
import { deleteDB } from 'idb';
import { DB_NAME } from '../utils/store/reports';

export async function freshIndexedDb(): Promise<void> {
  await deleteDB(DB_NAME);
  globalThis.indexedDB = new IDBFactory();
}
