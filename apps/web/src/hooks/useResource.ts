import { useCallback, useEffect, useRef, useState } from 'react';
import { asApiError } from '../api/errors';
import type { ApiError } from '../api/errors';

export type ResourceState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiError };

export type Resource<T> = ResourceState<T> & {
  /** Loads again (after a change, or from a "Try again" button). */
  reload(): void;
  /** Replaces the loaded data in place, e.g. to drop a confirmed suggestion without a reload. */
  update(change: (data: T) => T): void;
};

/**
 * Loads something from the API for a page and follows its state. `key` names what is loaded
 * (the path and filters): when it changes, the previous load is aborted and a new one starts, so
 * a slow answer to an old filter never overwrites a newer one.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [state, setState] = useState<ResourceState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => (previous.status === 'loading' ? previous : { status: 'loading' }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const update = useCallback(
    (change: (data: T) => T) => setState((previous) => (previous.status === 'ready' ? { status: 'ready', data: change(previous.data) } : previous)),
    [],
  );
  return { ...state, reload, update };
}
