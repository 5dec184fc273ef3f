/** The gate is full: no slot now, and none came free in the time a caller may wait. */
export class GateFull extends Error {
  constructor() {
    super('no slot came free in time');
  }
}

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

/**
 * At most `slots` pieces of work at once; a caller beyond them waits at most `maxWaitMs` (and only
 * while fewer than `maxWaiting` wait), then gets GateFull. A waiter that gives up leaves the
 * queue, so nothing waits longer than its caller would: no queue outlives the request.
 */
export class WorkGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly slots: number,
    private readonly maxWaitMs: number,
    private readonly maxWaiting: number,
  ) {
    if (slots < 1) throw new RangeError('a gate needs at least one slot');
  }

  get busy(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  private enter(): Promise<void> {
    if (this.running < this.slots) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.maxWaitMs <= 0 || this.waiting.length >= this.maxWaiting) return Promise.reject(new GateFull());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(new GateFull());
        }, this.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** The slot goes to the longest waiter, if any; otherwise it is free. */
  private leave(): void {
    const next = this.waiting.shift();
    if (next) next.admit();
    else this.running -= 1;
  }
}
