/**
 * Runs `pass` so that callers share passes: a call resolves once a pass that started after it has
 * finished. Calls arriving while one runs share the next one (never more than one waiting), so a
 * burst of requests costs two passes, not one each. Used by the grouping passes (PDQ and TMK).
 */
export function coalesced(pass: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const sync = (): Promise<void> => {
    if (!running) {
      running = pass().finally(() => (running = undefined));
      return running;
    }
    const next = () => {
      queued = undefined;
      return sync();
    };
    queued ??= running.then(next, next);
    return queued;
  };
  return sync;
}

/**
 * Passes in the background after the answer to intake: at most one every `delayMs`, started by the
 * first report after the last one. Each pass is a transaction of several round trips and a commit;
 * one per batch of reports (as before) was half of PostgreSQL's statements under load, while one
 * pass can group everything waiting. If a pass fails (the database went away), what it would have
 * grouped stays waiting for the next one: the next report's, the next export's, or the next start's.
 * Whoever needs the groups now (an export) calls `sync` itself and does not wait for the delay.
 */
export function inBackground(sync: () => Promise<void>, delayMs = BACKGROUND_PASS_DELAY_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      sync().catch(() => undefined);
    }, delayMs);
  };
}

/**
 * How long background passes let reports gather: short beside a person's wait for a group to show.
 * A pass is five round trips and a commit whatever it groups, so not much shorter (at 200 ms and a
 * few hundred reports a second on a loaded machine, passes were a third of intake's statements);
 * and not longer: at 1 s and full load each pass groups ~1,700 media in one burst, which raised
 * intake's p99 on PostgreSQL by about 10 ms against 250 ms, for the same throughput
 * (docs/benchmarks.md, issue 15). An export still runs one at once.
 */
export const BACKGROUND_PASS_DELAY_MS = 250;
