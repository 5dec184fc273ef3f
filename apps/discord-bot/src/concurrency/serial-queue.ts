/**
 * Runs async work one piece at a time, in the order it was handed in. The mirror's writers (gateway
 * events, full syncs, role changes) go through one, so that two changes of the same member never
 * commit out of order.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    // The chain must survive a failed piece of work; the caller still sees the failure.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once everything handed in so far is done. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
