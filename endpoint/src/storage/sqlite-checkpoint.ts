import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain JavaScript: a worker does not inherit the TypeScript loader of the main thread.
const WORKER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.everyMs);
`;

/**
 * Copies the write-ahead log back into the database file from a worker thread, on its own
 * connection. SQLite would otherwise do it inside whichever COMMIT crosses 1,000 log pages:
 * on the event loop, as a latency spike for every request waiting behind it. PASSIVE never
 * blocks the writer; the log restarts from its beginning once a checkpoint has caught up.
 */
export function checkpointInBackground(path: string, everyMs = 250): () => Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, path, everyMs } });
  worker.unref();
  // Losing the checkpointer only makes the log grow until the next start; it never loses data.
  worker.on('error', () => undefined);
  return async () => {
    await worker.terminate();
  };
}
