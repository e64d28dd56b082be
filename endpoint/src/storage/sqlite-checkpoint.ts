import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How the write-ahead log is kept small; every bound is in pages (4 KiB by default). */
export interface WalLimits {
  /** A log longer than this gets a RESTART checkpoint: the next commit writes from its beginning again. */
  restartPages: number;
  /** The file is cut back to this many bytes whenever the log restarts (PRAGMA journal_size_limit). */
  journalSizeLimit: number;
  /** Backstop on the writing connection, should the worker fall behind or die (PRAGMA wal_autocheckpoint). */
  autocheckpointPages: number;
  /** How often the worker looks. */
  everyMs: number;
  /** Looks without a new page before an idle log is truncated to zero bytes. */
  idleTicks: number;
}

export const DEFAULT_WAL_LIMITS: WalLimits = {
  restartPages: 4096, // 16 MiB
  journalSizeLimit: 64 * 1024 * 1024,
  autocheckpointPages: 16_384, // 64 MiB
  everyMs: 250,
  idleTicks: 4,
};

// Plain JavaScript: a worker does not inherit the TypeScript loader of the main thread.
const WORKER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { limits } = workerData;
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('journal_size_limit = ' + limits.journalSizeLimit);
let lastLog = -1;
let quiet = 0;
setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r.log > limits.restartPages) {
      db.pragma('wal_checkpoint(RESTART)');
      quiet = 0;
    } else if (r.log > 0 && r.log === r.checkpointed && r.log === lastLog) {
      if (++quiet >= limits.idleTicks) {
        db.pragma('wal_checkpoint(TRUNCATE)');
        quiet = 0;
      }
    } else {
      quiet = 0;
    }
    lastLog = r.log;
  } catch {}
}, limits.everyMs);
`;

/**
 * Copies the write-ahead log back into the database file from a worker thread, on its own
 * connection, so the copying never runs on the event loop.
 *
 * PASSIVE alone is not enough under steady load: it copies the pages that were in the log when it
 * began, but by the time it ends the writer has appended more, so the log is never completely
 * copied, never starts over, and grows without bound (5.7 GB in a minute at 32 connections). So
 * once the log passes `restartPages`, the worker runs a RESTART checkpoint: it holds new writers
 * back (they wait in SQLite's busy handler) for as long as it takes to copy what PASSIVE has not
 * copied yet, and then the next commit writes the log from its beginning. When nothing has been
 * written for a while, TRUNCATE gives the file's space back.
 */
export function checkpointInBackground(path: string, limits: WalLimits, onError?: (error: Error) => void): () => Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, path, limits } });
  worker.unref();
  // Losing the checkpointer leaves the backstop (wal_autocheckpoint) in charge; it never loses data.
  worker.on('error', (error) => onError?.(error));
  return async () => {
    await worker.terminate();
  };
}
