import { Worker } from 'node:worker_threads';
import type { DatabaseLocation } from '../storage/driver.ts';
import type { Storage } from '../storage/types.ts';
import type { ExportQuery } from './query.ts';
import { exportLines } from './stream.ts';

/** To the export worker (export-worker.ts): start an export (with room for `more` chunks), make room for more, or stop it. */
export type ToWorker = { id: number; query: ExportQuery; more: number } | { id: number; more: number } | { id: number; stop: true };
/** From it: a chunk of an export's lines, its end, or why it stopped. */
export type FromWorker = { id: number; chunk: string } | { id: number; done: true } | { id: number; error: string };

const ENTRY = new URL('./export-worker.mjs', import.meta.url);

/** Chunks the worker may have made ahead of the one being sent: it formats the next while this one is written. */
const AHEAD = 2;
/** A worker with no export for this long ends (and closes its connection); the next export starts another. */
const IDLE_MS = 60_000;

interface ExportWorker {
  worker: Worker;
  handlers: Map<number, (message: FromWorker | Error) => void>;
  idle?: NodeJS.Timeout;
}

/**
 * One worker per database, started by the first export and kept while exports come: starting one
 * (a thread, its TypeScript and its connection) costs far more than a small export.
 */
const workers = new Map<string, ExportWorker>();
let nextId = 0;

function workerFor(location: DatabaseLocation): ExportWorker {
  const key = JSON.stringify(location);
  let entry = workers.get(key);
  if (entry) return entry;
  const worker = new Worker(ENTRY, { workerData: { location } });
  // Never what keeps the process running.
  worker.unref();
  const handlers = new Map<number, (message: FromWorker | Error) => void>();
  entry = { worker, handlers };
  const failAll = (error: Error) => {
    workers.delete(key);
    for (const handle of handlers.values()) handle(error);
    handlers.clear();
  };
  worker.on('message', (message: FromWorker) => handlers.get(message.id)?.(message));
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('the export worker stopped before the end of the export')));
  workers.set(key, entry);
  return entry;
}

/**
 * The URL export (the lines of exportLines, byte for byte) made in a worker thread on its own
 * database connection. The main thread only passes the chunks on: a 1,000,000-report export no
 * longer takes the event loop from intake between its pages, and on two cores it runs beside it.
 * Backpressure: the worker makes a chunk only when one was taken. When the consumer stops early
 * (the client went away), the worker drops that export.
 */
export async function* exportLinesInWorker(location: DatabaseLocation, query: ExportQuery): AsyncGenerator<string> {
  const entry = workerFor(location);
  clearTimeout(entry.idle);
  const id = ++nextId;
  const inbox: (FromWorker | Error)[] = [];
  let wake: (() => void) | undefined;
  entry.handlers.set(id, (message) => {
    inbox.push(message);
    wake?.();
    wake = undefined;
  });
  let finished = false;
  try {
    entry.worker.postMessage({ id, query, more: AHEAD } satisfies ToWorker);
    for (;;) {
      while (!inbox.length) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift()!;
      if (message instanceof Error) throw message;
      if ('done' in message) {
        finished = true;
        return;
      }
      if ('error' in message) {
        finished = true;
        throw new Error(message.error);
      }
      entry.worker.postMessage({ id, more: 1 } satisfies ToWorker);
      yield message.chunk;
    }
  } finally {
    entry.handlers.delete(id);
    if (!finished && workers.get(JSON.stringify(location)) === entry) entry.worker.postMessage({ id, stop: true } satisfies ToWorker);
    if (!entry.handlers.size) {
      entry.idle = setTimeout(() => {
        // Out of the map first: an export starting now gets a new worker, never this ending one.
        if (workers.get(JSON.stringify(location)) === entry) workers.delete(JSON.stringify(location));
        void entry.worker.terminate();
      }, IDLE_MS);
      entry.idle.unref();
    }
  }
}

/** The URL export as the server sends it: from a worker, unless the database is one only this connection sees (SQLite in memory). */
export function exportChunks(storage: Storage, query: ExportQuery): AsyncGenerator<string> {
  return storage.location ? exportLinesInWorker(storage.location, query) : exportLines(storage, query);
}
