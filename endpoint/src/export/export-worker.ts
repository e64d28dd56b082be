import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { DatabaseLocation, Param } from '../storage/driver.ts';
import { readExportPage } from '../storage/export-page.ts';
import { openPostgres } from '../storage/postgres.ts';
import { exportLines } from './stream.ts';
import type { FromWorker, ToWorker } from './in-worker.ts';

/**
 * The URL exports of one database, in a worker thread (export/in-worker.ts starts it and keeps it
 * while exports come): its own connection reads the pages, and the rows are folded and formatted
 * here, so none of it runs on the event loop that answers intake, and on SQLite no read waits for
 * (or holds up) the writing connection. Several exports may run at once, each by its id.
 * A chunk is made only when the main thread has room for it (`credit`): memory stays a page or two.
 */
const { location } = workerData as { location: DatabaseLocation };
const port = parentPort!;

function readOnlySqlite(path: string) {
  // WAL: this reader sees the last commit when each statement starts, and never blocks the writer.
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, Database.Statement>();
  return {
    dialect: 'sqlite' as const,
    async all<T>(sql: string, params: readonly Param[] = []) {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      return statement.all(...params) as T[];
    },
  };
}

const driver = 'databaseUrl' in location ? openPostgres(location.databaseUrl, {}, 2) : readOnlySqlite(location.sqlitePath);
const source = { dialect: driver.dialect, exportReports: readExportPage.bind(null, driver) };
const send = (message: FromWorker) => port.postMessage(message);

interface Running {
  lines: AsyncGenerator<string>;
  credit: number;
  producing: boolean;
}
const running = new Map<number, Running>();

async function produce(id: number, run: Running): Promise<void> {
  if (run.producing) return;
  run.producing = true;
  try {
    while (run.credit > 0 && running.has(id)) {
      const next = await run.lines.next();
      if (next.done) {
        running.delete(id);
        send({ id, done: true });
        return;
      }
      run.credit--;
      if (running.has(id)) send({ id, chunk: next.value });
    }
  } catch (error) {
    running.delete(id);
    send({ id, error: (error as Error).message });
  } finally {
    run.producing = false;
  }
}

port.on('message', (message: ToWorker) => {
  if ('stop' in message) {
    const run = running.get(message.id);
    running.delete(message.id);
    void run?.lines.return(undefined).catch(() => undefined);
    return;
  }
  let run = running.get(message.id);
  if ('query' in message) running.set(message.id, (run = { lines: exportLines(source, message.query), credit: 0, producing: false }));
  if (!run) return;
  run.credit += message.more;
  void produce(message.id, run);
});
