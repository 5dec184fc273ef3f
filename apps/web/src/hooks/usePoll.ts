import { useEffect, useEffectEvent } from 'react';

/**
 * Runs `tick` every `everyMs` while `active`, one at a time (the next waits for the last to end),
 * and stops when the page goes away. A tick that fails is the tick's business: the next one comes
 * anyway, so a restarting gateway or a dropped connection does not end the watch.
 */
export function usePoll(tick: () => Promise<void>, everyMs: number, active: boolean): void {
  const tickLatest = useEffectEvent(() => tick());
  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const run = async () => {
      try {
        await tickLatest();
      } catch {
        // The next tick tries again.
      }
      if (!cancelled) timer = setTimeout(() => void run(), everyMs);
    };
    timer = setTimeout(() => void run(), everyMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [everyMs, active]);
}
