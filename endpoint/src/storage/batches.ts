/**
 * Group commit for requests that each write a little: what arrives while earlier batches are being
 * written is written next, together, in one transaction (one commit, one disk flush, and on
 * PostgreSQL one round trip per statement for the whole batch instead of per request). A caller
 * hears back only once the batch holding its item has committed: acknowledged still means durable.
 *
 * Up to `slots` batches are in flight at once, so a database with several connections is kept busy
 * while one batch waits for its flush; an idle server starts a batch at once (no added latency).
 * Hand-written rather than a library: it is a queue and a counter, and the rules below (distinct
 * keys per batch, a failing batch retried item by item) are this endpoint's own.
 */
export interface BatchOptions<I> {
  /** Batches in flight at once. */
  slots: number;
  /** Items per batch at most: bounds the statements' size and the wait of a batch's last item. */
  max: number;
  /** Items with one key never share a batch (a repeated report id waits for the next one). */
  key?(item: I): string;
  /**
   * Whether a failed batch of several items is tried again one item at a time, so that one bad
   * item fails only itself. Not when the database is away: every item would fail the same way.
   */
  retryAlone?(error: unknown): boolean;
  /** Called each time the last batch in flight ends with nothing queued. */
  onIdle?(): void;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export class Batches<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private running = 0;
  private whenIdle: (() => void)[] = [];

  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly options: BatchOptions<I>,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.start();
    });
  }

  get idle(): boolean {
    return !this.running && !this.queue.length;
  }

  /** Resolves once nothing is queued or being written (before closing the database). */
  drained(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.whenIdle.push(resolve));
  }

  private start(): void {
    while (this.running < this.options.slots && this.queue.length) {
      const batch = this.take();
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        if (this.queue.length) this.start();
        else if (!this.running) {
          for (const resolve of this.whenIdle.splice(0)) resolve();
          this.options.onIdle?.();
        }
      });
    }
  }

  /** The oldest items with distinct keys, up to `max`; the others keep their place in the queue. */
  private take(): Waiting<I, O>[] {
    const keys = new Set<string>();
    const batch: Waiting<I, O>[] = [];
    for (let i = 0; i < this.queue.length && batch.length < this.options.max;) {
      const key = this.options.key?.(this.queue[i]!.item);
      if (key !== undefined && keys.has(key)) {
        i++;
        continue;
      }
      if (key !== undefined) keys.add(key);
      batch.push(...this.queue.splice(i, 1));
    }
    return batch;
  }

  private async run(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1 || !this.options.retryAlone?.(error)) {
        for (const w of batch) w.reject(error);
        return;
      }
      await Promise.all(batch.map(async (w) => {
        try {
          w.resolve((await this.write([w.item]))[0]!);
        } catch (alone) {
          w.reject(alone);
        }
      }));
    }
  }
}

/**
 * One batch in flight per key: what arrives for a key while its batch is being written waits and
 * goes in the next one, together. Every caller is answered by a write that began after it arrived,
 * so nothing it hears is older than its request (a token revoked before it is refused).
 */
export class KeyedBatches<I, O> {
  private readonly byKey = new Map<string, Batches<I, O>>();

  constructor(private readonly write: (key: string, items: I[]) => Promise<O[]>, private readonly max = 1_000) {}

  add(key: string, item: I): Promise<O> {
    let batches = this.byKey.get(key);
    if (!batches) {
      // Forgotten once idle: the map holds only keys with requests in flight.
      batches = new Batches<I, O>((items) => this.write(key, items), { slots: 1, max: this.max, onIdle: () => this.byKey.delete(key) });
      this.byKey.set(key, batches);
    }
    return batches.add(item);
  }
}
