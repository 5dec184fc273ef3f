import { SyncRunProgress } from '@patt/contracts';
import { ProgressReporter } from './progress-reporter';

function reporter(options: { every: number; intervalMs: number }) {
  let now = 0;
  const writes: SyncRunProgress[] = [];
  let release: () => void = () => undefined;
  let hold = false;
  const progress = new ProgressReporter(
    async (value) => {
      writes.push(value);
      if (hold) await new Promise<void>((resolve) => (release = resolve));
    },
    { ...options, now: () => now },
  );
  return {
    progress,
    writes,
    advance: (ms: number) => (now += ms),
    holdWrites: () => (hold = true),
    releaseWrite: () => release(),
  };
}

describe('ProgressReporter', () => {
  it('writes the total at once, then every `every` characters rather than each one', async () => {
    const { progress, writes } = reporter({ every: 50, intervalMs: 1000 });
    progress.begin(120);
    await progress.settle();
    for (let i = 0; i < 120; i++) {
      progress.tick();
      await progress.settle();
    }
    expect(writes).toEqual([
      { done: 0, total: 120 },
      { done: 50, total: 120 },
      { done: 100, total: 120 },
    ]);
    expect(progress.progress).toEqual({ done: 120, total: 120 });
  });

  it('writes when a second has passed, however few characters were done', async () => {
    const { progress, writes, advance } = reporter({ every: 50, intervalMs: 1000 });
    progress.begin(10);
    await progress.settle();
    progress.tick();
    advance(1000);
    progress.tick();
    await progress.settle();
    expect(writes).toEqual([
      { done: 0, total: 10 },
      { done: 2, total: 10 },
    ]);
  });

  it('keeps one write in flight and never fails the run over a failed write', async () => {
    const { progress, writes, holdWrites, releaseWrite } = reporter({ every: 1, intervalMs: 1000 });
    holdWrites();
    progress.begin(5);
    progress.tick();
    progress.tick();
    expect(writes).toHaveLength(1);
    releaseWrite();
    await progress.settle();
    const failing = new ProgressReporter(() => Promise.reject(new Error('database away')), { every: 1, intervalMs: 1000 });
    failing.begin(1);
    failing.tick();
    await expect(failing.settle()).resolves.toBeUndefined();
  });
});
