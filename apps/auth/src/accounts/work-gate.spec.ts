import { GateFull, WorkGate } from './work-gate';

/** Work that finishes when the test says so. */
function held<T>(value: T): { work: () => Promise<T>; finish: () => void; started: () => boolean } {
  let finish: () => void = () => undefined;
  let started = false;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      started = true;
      await done;
      return value;
    },
    finish: () => finish(),
    started: () => started,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkGate', () => {
  afterEach(() => jest.useRealTimers());

  it('runs at most its slots at once and hands a freed slot to the longest waiter', async () => {
    const gate = new WorkGate(2, 1_000, 10);
    const [a, b, c] = [held('a'), held('b'), held('c')];
    const results = [gate.run(a.work), gate.run(b.work), gate.run(c.work)];
    await tick();
    expect([a.started(), b.started(), c.started()]).toEqual([true, true, false]);
    expect(gate.busy).toEqual({ running: 2, waiting: 1 });
    a.finish();
    await tick();
    expect(c.started()).toBe(true);
    b.finish();
    c.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(gate.busy).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses at once beyond the slots when no wait is allowed', async () => {
    const gate = new WorkGate(1, 0, 10);
    const a = held('a');
    const first = gate.run(a.work);
    await expect(gate.run(async () => 'b')).rejects.toBeInstanceOf(GateFull);
    a.finish();
    expect(await first).toBe('a');
    expect(await gate.run(async () => 'c')).toBe('c');
  });

  it('gives up on a waiter after the longest wait, and forgets it', async () => {
    jest.useFakeTimers();
    const gate = new WorkGate(1, 500, 10);
    const a = held('a');
    const first = gate.run(a.work);
    const waiting = gate.run(async () => 'late');
    expect(gate.busy.waiting).toBe(1);
    jest.advanceTimersByTime(501);
    await expect(waiting).rejects.toBeInstanceOf(GateFull);
    expect(gate.busy).toEqual({ running: 1, waiting: 0 });
    a.finish();
    await first;
    expect(gate.busy).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses at once when as many wait as it allows', async () => {
    const gate = new WorkGate(1, 1_000, 1);
    const a = held('a');
    const first = gate.run(a.work);
    const queued = gate.run(async () => 'queued');
    await expect(gate.run(async () => 'one too many')).rejects.toBeInstanceOf(GateFull);
    a.finish();
    expect(await Promise.all([first, queued])).toEqual(['a', 'queued']);
  });

  it('frees the slot when the work fails', async () => {
    const gate = new WorkGate(1, 0, 1);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});
