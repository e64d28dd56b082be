import pg from 'pg';
import { expect, it, vi } from 'vitest';
import { roundBudgetMs, startPeriodicJobs, type Round } from '../src/jobs/periodic.ts';
import { backends } from './support/backends.ts';

it('gives a round a deadline before its job expires, a quarter of it early and at most 10 s', () => {
  expect(roundBudgetMs(2)).toBe(1500);
  expect(roundBudgetMs(60)).toBe(50_000);
  expect(roundBudgetMs(240)).toBe(230_000);
});

// pg-boss fails a job that outlives its expiry, freeing the stately queue for the next job while
// the first round's handler still runs: two rounds at once. Here every round would run for
// minutes if its deadline did not end it, and the expiry is 2 s (in production max(60, 4 × period)).
it('never runs two rounds of one periodic job at once: each ends at its deadline, before pg-boss expires it (PostgreSQL)', async () => {
  const db = await backends[1]!.create();
  let running = 0;
  let most = 0;
  const rounds: { started: number; deadline: number }[] = [];
  const run = async (round: Round) => {
    rounds.push({ started: Date.now(), deadline: round.deadline });
    running++;
    most = Math.max(most, running);
    try {
      // A long round that keeps to its deadline, as the removal check does.
      await new Promise((resolve) => {
        const long = setTimeout(resolve, 300_000);
        round.signal.addEventListener('abort', () => resolve(clearTimeout(long)), { once: true });
      });
    } finally {
      running--;
    }
  };
  const jobs = await startPeriodicJobs([{ name: 'removal-check', everyMs: 1000, expireSeconds: 2, run }], { databaseUrl: db.env.DATABASE_URL, log: () => undefined });
  let states: Record<string, number> = {};
  try {
    // Several rounds, one after another: each one's job expired had it not ended.
    await vi.waitFor(() => expect(rounds.length).toBeGreaterThanOrEqual(3), { timeout: 60_000, interval: 200 });
  } finally {
    await jobs.stop();
    const client = new pg.Client({ connectionString: db.env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ state: string; n: number }>(
      "SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'removal-check' GROUP BY state");
    await client.end();
    states = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    await db.dispose();
  }
  expect(most).toBe(1);
  for (const round of rounds) expect(round.deadline - round.started).toBeLessThan(2000);
  // Every round ended its job as completed; pg-boss failed none for running past its expiry.
  expect(states.failed ?? 0).toBe(0);
  expect(states.completed).toBeGreaterThanOrEqual(3);
}, 90_000);
