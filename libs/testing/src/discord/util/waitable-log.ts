/** An append-only list of records that a test can also wait on. */
export class WaitableLog<T> {
  private readonly records: T[] = [];
  private readonly waiters = new Set<{ match: (record: T) => boolean; resolve: (record: T) => void }>();

  constructor(private readonly what: string) {}

  get all(): readonly T[] {
    return this.records;
  }

  add(record: T): void {
    this.records.push(record);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(record)) {
        this.waiters.delete(waiter);
        waiter.resolve(record);
      }
    }
  }

  /** Resolves with the first record, already logged or still to come, that matches. */
  waitFor(match: (record: T) => boolean, timeoutMs: number): Promise<T> {
    const done = this.records.find(match);
    if (done !== undefined) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (record: T) => {
          clearTimeout(timer);
          resolve(record);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching ${this.what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  clear(): void {
    this.records.length = 0;
  }
}
