import { forEachBounded } from './bounded';
import { SerialQueue } from './serial-queue';

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
