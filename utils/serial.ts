/**
 * Promise chains that run tasks one after another, in call order: the one way the extension keeps two
 * read-then-write steps (or two memory-heavy decodes) from overlapping. A task that fails does not stop the next.
 */
export type Serial = <T>(task: () => Promise<T>) => Promise<T>;

export function serialQueue(): Serial {
  const keyed = keyedSerialQueue();
  return (task) => keyed('', task);
}

/** One queue per key, forgotten once its last task has ended (keys are report ids: they come and go). */
export function keyedSerialQueue(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (key, task) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => tails.get(key) === tail && tails.delete(key));
    return run;
  };
}
