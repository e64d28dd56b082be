import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';

/** What a round may take: it must have ended by `deadline`, and `signal` is aborted then (or on stop). */
export interface Round {
  /** Date.now() milliseconds; Infinity when nothing limits the round. */
  deadline: number;
  signal: AbortSignal;
}

/** Work that must run every `everyMs`, and never in two processes at once. */
export interface PeriodicJob {
  name: string;
  everyMs: number;
  /**
   * PostgreSQL: how long pg-boss gives a round before it fails the job and lets the next one start
   * (default max(60, 4 × the period) seconds). A round must end before it: see `run`.
   */
  expireSeconds?: number;
  /** One round. It must end by `round.deadline`, leaving what is left for the next round. */
  run(round: Round): Promise<unknown>;
  /** Called on stop, before waiting for a round in flight (e.g. to abort its requests). */
  abort?(): void;
}

export interface PeriodicJobs {
  stop(): Promise<void>;
}

type Log = (message: string) => void;

/**
 * SQLite is one process: a timer per job, in it. PostgreSQL may be shared by any number of
 * processes: pg-boss (its tables in the `pgboss` schema of the same database) runs each job once.
 */
export function startPeriodicJobs(jobs: readonly PeriodicJob[], options: { databaseUrl?: string; log: Log }): Promise<PeriodicJobs> {
  if (!jobs.length) return Promise.resolve({ stop: async () => undefined });
  return options.databaseUrl ? viaPgBoss(jobs, options.databaseUrl, options.log) : Promise.resolve(timers(jobs, options.log));
}

function timers(jobs: readonly PeriodicJob[], log: Log): PeriodicJobs {
  const stopping = new AbortController();
  const loops = jobs.map(async (job) => {
    while (!stopping.signal.aborted) {
      await job.run({ deadline: Infinity, signal: stopping.signal }).catch((error: Error) => log(`${job.name} failed: ${error.message}`));
      await sleep(job.everyMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  });
  return {
    async stop() {
      stopping.abort();
      for (const job of jobs) job.abort?.();
      await Promise.all(loops);
    },
  };
}

/**
 * pg-boss 10 (the last major for Node 20; 3 small dependencies; graphile-worker wants Node 22 and
 * brings a config system and a CLI). Every process offers each job once per period, throttled by
 * `singletonSeconds`: pg-boss's unique index keeps one job per period whoever sends it. The
 * 'stately' queue never lets two run at once, should a round outlast its period. The cron
 * scheduler is not used: its smallest period is a minute, the tests need seconds.
 *
 * Only while the job is active, though: once a round outlives the job's expiry, pg-boss marks the
 * job failed (a timer in the process that fetched it; maintenance, in the database) and the next
 * job starts a second round beside the first, whose handler is still running. So each round gets
 * a deadline before that expiry (its job's own, as pg-boss fetched it), and must end by then.
 */
async function viaPgBoss(jobs: readonly PeriodicJob[], connectionString: string, log: Log): Promise<PeriodicJobs> {
  const boss = new PgBoss({ connectionString, max: 2, schedule: false });
  boss.on('error', (error) => log(`job engine: ${error.message}`));
  await boss.start();
  const offers: NodeJS.Timeout[] = [];
  const stopping = new AbortController();
  for (const job of jobs) {
    const seconds = Math.max(1, Math.round(job.everyMs / 1000));
    const expireInSeconds = Math.max(1, Math.round(job.expireSeconds ?? Math.max(60, seconds * 4)));
    await ensureQueue(boss, { name: job.name, policy: 'stately', retryLimit: 0, expireInSeconds });
    await boss.work(job.name, { pollingIntervalSeconds: Math.min(2, seconds) }, async ([fetched]) => {
      // pg-boss counts from the fetch, a moment ago; EXTRACT(epoch …) may come back as a string.
      const budget = roundBudgetMs(Number(fetched?.expireInSeconds) || expireInSeconds);
      await job.run({ deadline: Date.now() + budget, signal: AbortSignal.any([AbortSignal.timeout(budget), stopping.signal]) });
    });
    // The expiry goes with every job too: a queue made before with another period keeps its own.
    const offer = () =>
      boss
        .send(job.name, {}, { singletonKey: job.name, singletonSeconds: seconds, expireInSeconds })
        .catch((error: Error) => log(`${job.name}: ${error.message}`));
    void offer();
    offers.push(setInterval(offer, Math.min(job.everyMs, 5_000)).unref());
  }
  return {
    async stop() {
      for (const timer of offers) clearInterval(timer);
      stopping.abort();
      for (const job of jobs) job.abort?.();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/**
 * How long a round may run, of its job's expiry: the margin (a quarter, at most 10 s) covers the
 * time from pg-boss's fetch to the handler, recording the last answer, and returning.
 */
export function roundBudgetMs(expireInSeconds: number): number {
  const expiry = expireInSeconds * 1000;
  return expiry - Math.min(10_000, expiry / 4);
}

/**
 * pg-boss 10's create_queue is not serialised: processes started together on a new database can
 * deadlock making the same queue's table. The one that loses finds the queue made by the other.
 */
async function ensureQueue(boss: PgBoss, queue: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await boss.getQueue(queue.name))) await boss.createQueue(queue.name, queue);
      return;
    } catch (error) {
      if (await boss.getQueue(queue.name).catch(() => null)) return;
      if (attempt >= 5) throw error;
      await sleep(100 * attempt);
    }
  }
}
