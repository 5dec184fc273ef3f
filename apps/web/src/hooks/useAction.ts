import { useCallback, useState } from 'react';
import { asApiError } from '../api/errors';
import type { ApiError } from '../api/errors';

export interface Action<A extends unknown[], R> {
  pending: boolean;
  /** The API's answer to the last attempt, when it failed; cleared by the next attempt. */
  error: ApiError | null;
  /** Runs the action; resolves to its result, or undefined when it failed (see `error`). */
  run(...args: A): Promise<R | undefined>;
  reset(): void;
}

/** A change sent to the API from a button or form: whether it is under way, and how it failed. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(
    async (...args: A) => {
      setPending(true);
      setError(null);
      try {
        return await action(...args);
      } catch (failure) {
        setError(asApiError(failure));
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [action],
  );
  const reset = useCallback(() => setError(null), []);
  return { pending, error, run, reset };
}
