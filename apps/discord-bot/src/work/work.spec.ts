import { Logger } from '@nestjs/common';
import { forEachBounded } from './bounded';
import { SerialQueue } from './serial-queue';
import { SignalledLoop } from './signalled-loop';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SerialQueue', () => {
  it('runs work one piece at a time in order, and survives a failure', async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    const slow = queue.run(async () => {
      await tick(20);
      order.push('slow');
    });
    const failing = queue.run(async () => {
      order.push('failing');
      throw new Error('boom');
    });
    const fast = queue.run(async () => order.push('fast'));
    await expect(failing).rejects.toThrow('boom');
    await Promise.all([slow, fast]);
    expect(order).toEqual(['slow', 'failing', 'fast']);
  });
});

describe('forEachBounded', () => {
  it('never has more than the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachBounded([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await tick(item);
      seen.push(item);
      inFlight -= 1;
    });
    expect(most).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('SignalledLoop', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('runs a pass when woken, keeps going while there is more, and does not lose a wake during a pass', async () => {
    let runs = 0;
    let more = 2;
    let wakeDuringPass: (() => void) | null = null;
    const loop = new SignalledLoop(
      async () => {
        runs += 1;
        wakeDuringPass?.();
        wakeDuringPass = null;
        if (more > 0) {
          more -= 1;
          return 'more';
        }
        return 'idle';
      },
      { name: 'test', pollMs: 60_000 },
    );
    loop.start();
    await tick(20);
    expect(runs).toBe(3);
    wakeDuringPass = () => loop.wake();
    loop.wake();
    await tick(20);
    expect(runs).toBe(5);
    await loop.stop();
  });

  it('backs off after a failing pass and stops cleanly', async () => {
    let runs = 0;
    const loop = new SignalledLoop(
      async () => {
        runs += 1;
        throw new Error('database down');
      },
      { name: 'test', pollMs: 60_000, maxBackoffMs: 10_000 },
    );
    loop.start();
    await tick(50);
    expect(runs).toBe(1);
    await loop.stop();
    expect(loop.active).toBe(false);
  });
});
