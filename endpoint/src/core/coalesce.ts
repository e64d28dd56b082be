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
 * A pass as soon as possible, without waiting for it (intake answers first). If it fails (the
 * database went away), what it would have grouped stays waiting for the next one: the next
 * report's, the next export's, or the next start's.
 */
export function inBackground(sync: () => Promise<void>): void {
  sync().catch(() => undefined);
}
