/**
 * `npm start` (and the root `npm start` after it builds the extension): the endpoint on
 * 127.0.0.1:8787 with SQLite in endpoint/data/, plus a local token printed for the extension.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type Config } from './config.ts';
import { ensureLocalToken } from './core/local-token.ts';
import { startEndpoint, type RunningEndpoint } from './server.ts';
import { isDatabaseUnavailable } from './storage/unavailable.ts';

/** How long a start waits for a database that is not up yet (both started by one supervisor). */
const START_WAIT_MS = 60_000;
/** How long SIGTERM lets requests in flight finish before the process ends anyway. */
const SHUTDOWN_GRACE_MS = 25_000;

/** A plain sentence for the usual causes, rather than a stack on the console. */
function fatal(error: NodeJS.ErrnoException, config?: Config): never {
  const reason = error.code === 'EADDRINUSE' ? `port ${config?.port} is in use; set FLAGPOST_PORT` : error.message;
  console.error(`Flagpost endpoint could not start: ${reason}`);
  process.exit(1);
}

async function startWhenDatabaseIsUp(config: Config): Promise<RunningEndpoint> {
  const deadline = Date.now() + START_WAIT_MS;
  for (let wait = 500; ; wait = Math.min(wait * 2, 5_000)) {
    try {
      return await startEndpoint(config);
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + wait > deadline) throw error;
      console.error(`Flagpost endpoint: the database is not reachable yet (${(error as Error).message}); trying again in ${wait / 1000} s`);
      await sleep(wait);
    }
  }
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  fatal(error as Error);
}
const endpoint = await startWhenDatabaseIsUp(config).catch((error) => fatal(error, config));

// Before the banner: whoever reads it may stop us at once.
// Graceful: stop accepting, let requests in flight finish and their commits land, close the
// database, exit 0. A second signal, or the grace period running out, ends it at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => {
      console.error(`Flagpost endpoint: not stopped after ${SHUTDOWN_GRACE_MS / 1000} s (${endpoint.closing()}); stopping anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    endpoint.close().then(() => process.exit(0), () => process.exit(1));
  });
}
const local = await ensureLocalToken(endpoint.storage, config.dataDir, new Date());

const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.sqlitePath;
console.log(`
Flagpost endpoint is running.
  Base URL (paste into Flagpost's Settings): ${endpoint.baseUrl}
  Access token: ${local ? `${local.secret}${local.created ? '   (new: a reporter token named local)' : ''}` : '(tokens exist already; make one with: npm run cli -- token create --name you)'}
  Reviewer page: ${endpoint.baseUrl}/review  (log in with a reviewer token: npm run cli -- token create --name you --reviewer)${
    local?.reviewerFile ? `
  The earlier local token was a reviewer token; it still works for the reviewer page and is now in ${local.reviewerFile}` : ''}
  Data: ${where}
  Removal check: ${config.removal.enabled ? `on, at most ${config.removal.perMinute} requests/min` : 'off'}
  Health: ${endpoint.baseUrl}/healthz (process), ${endpoint.baseUrl}/readyz (database)
Stop with Ctrl+C.
`);
