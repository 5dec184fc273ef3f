import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSample, pause, SettleTracker, waitUntilSettled } from './settle';

const file = (size: number, mtimeMs: number, ino = 1): FileSample => ({ size, mtimeMs, ino });

describe('SettleTracker', () => {
  it('settles once the file stays the same for the settle time', () => {
    const tracker = new SettleTracker(1_000);
    expect(tracker.observe(file(10, 1), 0)).toBe(false);
    expect(tracker.observe(file(10, 1), 999)).toBe(false);
    expect(tracker.observe(file(10, 1), 1_000)).toBe(true);
    expect(tracker.sample).toEqual(file(10, 1));
  });

  it('starts over when the size, the time or the file id changes', () => {
    const tracker = new SettleTracker(1_000);
    tracker.observe(file(10, 1), 0);
    expect(tracker.observe(file(20, 1), 900)).toBe(false);
    expect(tracker.observe(file(20, 1), 1_800)).toBe(false);
    expect(tracker.observe(file(20, 2), 1_900)).toBe(false);
    expect(tracker.observe(file(20, 2, 7), 2_800)).toBe(false);
    expect(tracker.observe(file(20, 2, 7), 3_800)).toBe(true);
  });

  it('starts over when the file is gone for a moment, as between WoW removing and renaming', () => {
    const tracker = new SettleTracker(1_000);
    tracker.observe(file(10, 1), 0);
    expect(tracker.observe(null, 600)).toBe(false);
    expect(tracker.observe(file(10, 1), 1_200)).toBe(false);
    expect(tracker.observe(file(10, 1), 2_200)).toBe(true);
  });

  it('with no settle time, takes the file as it is', () => {
    expect(new SettleTracker(0).observe(file(1, 1), 5)).toBe(true);
  });
});

describe('waitUntilSettled', () => {
  it('returns the sample once a scripted file stops changing', async () => {
    let clock = 0;
    const samples = [file(1, 1), file(2, 2), file(3, 3), file(3, 3), file(3, 3), file(3, 3)];
    const settled = await waitUntilSettled('x', {
      settleMs: 200,
      sampleEveryMs: 1,
      sample: async () => samples.shift() ?? file(3, 3),
      now: () => (clock += 100),
    });
    expect(settled).toEqual(file(3, 3));
    expect(samples).toHaveLength(1); // seen at 300, 400 and 500 ms: unchanged for 200 ms
  });

  it('gives up on a file that stays missing', async () => {
    let clock = 0;
    const settled = await waitUntilSettled('x', { settleMs: 100, sampleEveryMs: 1, missingForMs: 500, sample: async () => null, now: () => (clock += 100) });
    expect(settled).toBeNull();
    expect(clock).toBeGreaterThanOrEqual(500);
  });

  it('ends early when told to stop', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    const started = Date.now();
    const settled = await waitUntilSettled('x', { settleMs: 60_000, signal: stop.signal, sample: async () => file(1, 1) });
    expect(settled).toBeNull();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('waits for a real file that is still being written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'companion-settle-'));
    try {
      const path = join(dir, 'PATTSync.lua');
      writeFileSync(path, 'PATTSyncDB = {');
      const writer = (async () => {
        for (let i = 0; i < 5; i++) {
          await pause(60);
          writeFileSync(path, `PATTSyncDB = {${' '.repeat(i + 1)}`);
        }
      })();
      const started = Date.now();
      const settled = await waitUntilSettled(path, { settleMs: 250, sampleEveryMs: 20 });
      await writer;
      expect(settled?.size).toBe('PATTSyncDB = {'.length + 5);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300 + 250 - 50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
