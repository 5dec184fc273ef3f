import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { asApiError } from '../api/errors';
import type { ApiError } from '../api/errors';

export type ResourceState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiError };

export type Resource<T> = ResourceState<T> & {
  /** Loads again (after a change, or from a "Try again" button). */
  reload(): void;
  /**
   * Loads again while still showing what is loaded (no loading state in between): for a list
   * that fills in while the user looks at it. A failure keeps the data shown.
   */
  refresh(): void;
  /** Replaces the loaded data in place, e.g. to drop a confirmed suggestion without a reload. */
  update(change: (data: T) => T): void;
};

/**
 * Loads something from the API for a page and follows its state. `key` names what is loaded
 * (the path and filters): when it changes, the previous load is aborted and a new one starts, so
 * a slow answer to an old filter never overwrites a newer one.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [generation, setGeneration] = useState(0);
  const [refreshes, setRefreshes] = useState(0);
  // What the state was loaded for: while it is not the current key and generation, the resource
  // is loading (worked out during render, so a new key never shows the old data for a frame).
  const current = `${generation}:${key}`;
  const [stored, setStored] = useState<(ResourceState<T> & { for: string }) | null>(null);
  // The latest `load` (a page's closure over its filters), called from the effect without
  // making the effect re-run when only the closure changed.
  const loadLatest = useEffectEvent((signal: AbortSignal) => load(signal));

  useEffect(() => {
    const controller = new AbortController();
    const refreshing = refreshes > 0;
    loadLatest(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setStored({ for: current, status: 'ready', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // A refresh that fails leaves the data on screen; a first load says what went wrong.
        setStored((previous) => (refreshing && previous?.for === current && previous.status === 'ready' ? previous : { for: current, status: 'error', error: asApiError(error) }));
      },
    );
    return () => controller.abort();
  }, [current, refreshes]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const refresh = useCallback(() => setRefreshes((n) => n + 1), []);
  const update = useCallback(
    (change: (data: T) => T) =>
      setStored((previous) => (previous?.status === 'ready' ? { for: previous.for, status: 'ready', data: change(previous.data) } : previous)),
    [],
  );
  const state: ResourceState<T> = stored && stored.for === current ? stripFor(stored) : { status: 'loading' };
  return { ...state, reload, refresh, update };
}

function stripFor<T>({ for: _for, ...state }: ResourceState<T> & { for: string }): ResourceState<T> {
  return state as ResourceState<T>;
}
