import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from './app.ts';
import type { Config } from './config.ts';
import { hashListEntries } from './core/intake.ts';
import { MediaGroups } from './core/media-groups.ts';
import { TmkGroups } from './core/tmk-groups.ts';
import { RemovalChecker } from './jobs/removal-check.ts';
import { startPeriodicJobs, type PeriodicJob } from './jobs/periodic.ts';
import { openStorage } from './storage/open.ts';
import type { Storage } from './storage/types.ts';

export interface RunningEndpoint {
  app: FastifyInstance;
  storage: Storage;
  baseUrl: string;
  close(): Promise<void>;
  /** Where a close in progress is waiting, for the message when it outlasts its grace period. */
  closing(): string;
}

/** Storage, media index, HTTP server and (if enabled) the removal check, started and stopped together. */
export async function startEndpoint(config: Config, storage?: Storage, logStream?: AppDeps['logStream']): Promise<RunningEndpoint> {
  // Connection errors outside any request (the database restarted) go to the log, once it exists.
  let log: FastifyInstance['log'] | undefined;
  const store = storage ?? (await openStorage(config, { onError: (err) => log?.warn({ err }, 'database connection lost; reconnecting on the next query') }));
  let app: FastifyInstance | undefined;
  let jobs: Awaited<ReturnType<typeof startPeriodicJobs>>;
  try {
    const groups = await MediaGroups.load(store);
    const tmkGroups = await TmkGroups.load(store);
    await store.backfillHashSources((report) => hashListEntries(report));
    app = await buildApp({ config, storage: store, groups, tmkGroups, now: () => new Date(), logStream });
    log = app.log;
    await app.listen({ host: config.host, port: config.port });
    jobs = await startPeriodicJobs(periodicJobs(config, store, (message) => log!.warn(message)), {
      databaseUrl: store.dialect === 'postgres' ? config.databaseUrl : undefined,
      log: (message) => log!.warn(message),
    });
  } catch (error) {
    // A start that fails half way (the job engine cannot reach a database that is restarting) is tried again in
    // this process (start.ts): it must not keep the port, nor a pool it opened.
    await app?.close().catch(() => undefined);
    if (!storage) await store.close().catch(() => undefined);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let stage = 'nothing';
  return {
    app,
    storage: store,
    baseUrl: `http://${host}:${port}`,
    /** Stops taking requests, lets the ones in flight finish, then closes the database. */
    async close() {
      stage = 'the periodic jobs';
      await jobs.stop();
      stage = 'the requests in flight';
      // Fastify closes the idle keep-alive connections once, when it starts closing; a connection
      // whose request finishes after that would stay open until its keep-alive timeout (72 s).
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
      stage = 'the database to close';
      await store.close();
    },
    closing() {
      const requests = app.requestsInFlight();
      const open = requests.length ? `: ${requests.slice(0, 5).join(', ')}${requests.length > 5 ? ` and ${requests.length - 5} more` : ''}` : '';
      return `waiting for ${stage}; ${requests.length} request${requests.length === 1 ? '' : 's'} in flight${open}`;
    },
  };
}

/** How long a rate-limit bucket untouched is kept: longer than any of ours takes to fill again. */
const RATE_BUCKET_KEEP_MS = 24 * 3600_000;

/** Every periodic job: with PostgreSQL, each runs in one process at a time (jobs/periodic.ts). */
function periodicJobs(config: Config, storage: Storage, log: (message: string) => void): PeriodicJob[] {
  const jobs: PeriodicJob[] = [];
  if (config.removal.enabled) {
    const checker = new RemovalChecker({
      storage,
      perMinute: config.removal.perMinute,
      intervalMs: config.removal.intervalMs,
      extraHosts: config.removal.extraHosts,
      log,
    });
    jobs.push({ name: 'removal-check', everyMs: config.removal.roundMs, run: (round) => checker.runOnce(undefined, round), abort: () => checker.abort() });
  }
  if (storage.dialect === 'postgres') {
    jobs.push({ name: 'rate-buckets-prune', everyMs: 3600_000, run: () => storage.pruneRateBuckets(Date.now() - RATE_BUCKET_KEEP_MS) });
  }
  return jobs;
}
