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
  /**
   * How long a RESTART waits for the readers of the old log while commits are held. A reader that
   * outlasts it (a long read transaction) keeps the log where it is; the restart is tried again,
   * later each time (RETRY_FIRST_MS doubling), so the writer is never held for the reader's length.
   */
  restartWaitMs: number;
  /** How often the worker looks. */
  everyMs: number;
  /** Looks without a new page before an idle log is truncated to zero bytes. */
  idleTicks: number;
}

export const DEFAULT_WAL_LIMITS: WalLimits = {
  // Each restart holds commits for about 40–60 ms however long the log is (the database file's flush,
  // measured), so a longer log means fewer held requests: at 16 MiB intake's p99 during a 1M export
  // was 71–75 ms, at 64 MiB 41–50 ms (docs/benchmarks.md).
  restartPages: 16_384, // 64 MiB
  // At most the writer's hard bound (twice restartPages), or the file would stay over it after a restart.
  journalSizeLimit: 64 * 1024 * 1024,
  // Above the writer's hard bound (128 MiB): the backstop only, should the worker die.
  autocheckpointPages: 65_536, // 256 MiB
  restartWaitMs: 200,
  everyMs: 250,
  idleTicks: 4,
};

// Plain JavaScript: a worker does not inherit the TypeScript loader of the main thread.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const { limits } = workerData;
const db = new Database(workerData.path);
// Only the RESTART and the idle TRUNCATE wait in the busy handler (PASSIVE never does).
db.pragma('busy_timeout = ' + limits.restartWaitMs);
db.pragma('journal_size_limit = ' + limits.journalSizeLimit);
let lastLog = -1;
let quiet = 0;
let waiting = false;
// The log's length at the last RESTART: it stays so until the next commit, which starts the log
// over. Restarting it again meanwhile would only keep the writer paused for nothing.
let restartedAt = -1;
parentPort.on('message', (message) => {
  // The writer asked to wait (a blocked restart is retried later): look again at the next tick.
  if (message === 'not yet') waiting = false;
  if (message !== 'paused') return;
  let restarted = false;
  try {
    const [r] = db.pragma('wal_checkpoint(RESTART)');
    // busy: a reader of the old log outlasted restartWaitMs; the log could not start over.
    restarted = r.busy === 0;
    if (restarted) restartedAt = r.log;
  } catch {}
  waiting = false;
  parentPort.postMessage(restarted ? 'resume' : 'resume, not restarted');
});
setInterval(() => {
  if (waiting) return;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r.log > limits.restartPages && r.log !== restartedAt) {
      waiting = true;
      parentPort.postMessage('pause');
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

/** How the writing connection lets the worker restart the log: it holds new commits back, then lets them go. */
export interface WriterControl {
  /** Resolves once the commit in progress (if any) is done and no new one will start. */
  pause(): Promise<void>;
  resume(): void;
  onError?(error: Error): void;
}

/** A pause that outlasts this is lifted anyway: a stuck checkpoint must not stop intake. */
const MAX_PAUSE_MS = 10_000;
/** After a restart that a reader blocked, the next waits this long, twice as long after each further one, up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 4_000;

/**
 * Copies the write-ahead log back into the database file from a worker thread, on its own
 * connection, so the copying never runs on the event loop.
 *
 * PASSIVE alone is not enough under steady load: it copies the pages that were in the log when it
 * began, but by then the writer has appended more, so the log is never completely copied, never
 * starts over, and grows without bound (5.7 GB in a minute at 32 connections). A RESTART
 * checkpoint in the worker does not help by itself either: it waits in SQLite's busy handler for a
 * moment without a writer, which a busy writer never gives it (measured: 60 MB where 1 MB was asked).
 * So once the log passes `restartPages`, the worker asks the writer to pause: new commits wait
 * (asynchronously; the event loop stays free), the worker copies the little that PASSIVE had not
 * yet copied, and the next commit writes the log from its beginning. The file is cut back to
 * `journalSizeLimit` then, and to nothing once no page has been written for `idleTicks` looks.
 * On a busy machine the worker may be slow to look; so the writer also checks the file's size
 * before each batch and, past twice `restartPages`, asks for the pause itself (`urge`).
 * A restart must also wait for whoever still reads the old log (an export's page, a CLI's query):
 * commits are held for that wait, so it is short (`restartWaitMs`); if a reader outlasts it, the
 * commits go on, the log grows past its bound for as long as that reader lasts, and the restart is
 * tried again later, backing off. Before, the wait was the busy timeout: 5 s of held commits.
 */
export function checkpointInBackground(path: string, limits: WalLimits, writer: WriterControl): { urge(): void; stop(): Promise<void> } {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, path, limits } });
  worker.unref();
  let failsafe: NodeJS.Timeout | undefined;
  let pausing = false;
  // One gate for both askers (the worker's look and the writer's urge): no pause before this time.
  let retryAt = 0;
  let retryDelay = 0;
  /** False if the pause must wait for its retry time. */
  const pause = () => {
    if (pausing) return true;
    if (Date.now() < retryAt) return false;
    pausing = true;
    failsafe = setTimeout(resume, MAX_PAUSE_MS).unref();
    void writer.pause().then(() => worker.postMessage('paused'));
    return true;
  };
  function resume() {
    clearTimeout(failsafe);
    pausing = false;
    writer.resume();
  }
  worker.on('message', (message) => {
    if (message === 'pause') return void (pause() || worker.postMessage('not yet'));
    if (message === 'resume') retryDelay = 0;
    else retryDelay = Math.min(RETRY_MAX_MS, retryDelay ? retryDelay * 2 : RETRY_FIRST_MS);
    retryAt = Date.now() + retryDelay;
    resume();
  });
  // Losing the checkpointer leaves the backstop (wal_autocheckpoint) in charge; it never loses data.
  worker.on('error', (error) => writer.onError?.(error));
  worker.on('exit', resume);
  return {
    /** The writer found the log past twice the bound (the worker is slow to look, on a busy machine): pause now. */
    urge: () => void pause(),
    stop: async () => {
      await worker.terminate();
    },
  };
}
