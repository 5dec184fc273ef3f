import { Logger } from '@nestjs/common';
import { backoffMs, SignalledLoop } from './signalled-loop';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

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

  it('cuts a pause inside a pass short when stopped, and keeps a wake that came during it', async () => {
    let runs = 0;
    let paused: Promise<void> | null = null;
    const loop: SignalledLoop = new SignalledLoop(
      async () => {
        runs += 1;
        if (runs === 1) {
          paused = loop.pause(60_000);
          await paused;
        }
        return 'idle';
      },
      { name: 'test', pollMs: 60_000 },
    );
    loop.start();
    await tick(20);
    loop.wake();
    await tick(20);
    expect(runs).toBe(1);
    const started = Date.now();
    await loop.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(paused).not.toBeNull();
  });

  it('runs again at once after a pass during which it was woken, even from a pause', async () => {
    let runs = 0;
    const loop: SignalledLoop = new SignalledLoop(
      async () => {
        runs += 1;
        if (runs === 1) {
          loop.wake();
          await loop.pause(10);
        }
        return 'idle';
      },
      { name: 'test', pollMs: 60_000 },
    );
    loop.start();
    await tick(50);
    expect(runs).toBe(2);
    await loop.stop();
  });
});

describe('backoffMs', () => {
  it('doubles from half a second up to the ceiling', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((failures) => backoffMs(failures, 30_000))).toEqual([500, 1_000, 2_000, 4_000, 30_000, 30_000, 30_000]);
    expect(backoffMs(3, 1_500)).toBe(1_500);
  });
});
