import type { ReactNode } from 'react';
import type { ApiError } from '../api/errors';
import type { Resource } from '../hooks/useResource';

/** Announced politely to screen readers; replaced by the content when it arrives. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="status loading" role="status" data-testid="loading">
      Loading {what}…
    </p>
  );
}

/** The API's sentence, announced at once, with a way to try again where that makes sense. */
export function ErrorMessage({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <div className="status error" role="alert" data-testid="error" data-code={error.code}>
      <p>{error.message}</p>
      {onRetry && (
        <button type="button" className="secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="status empty" data-testid="empty">
      {children}
    </p>
  );
}

interface AsyncContentProps<T> {
  resource: Resource<T>;
  /** What is loading, for the loading line ("the roster"). */
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** The loading, error and empty states of one resource, and its content once it is there. */
export function AsyncContent<T>({ resource, what, isEmpty, empty, children }: AsyncContentProps<T>) {
  if (resource.status === 'loading') return <Loading what={what} />;
  if (resource.status === 'error') return <ErrorMessage error={resource.error} onRetry={retryable(resource.error) ? resource.reload : undefined} />;
  if (isEmpty?.(resource.data)) return <Empty>{empty}</Empty>;
  return <>{children(resource.data)}</>;
}

/** Refusals (403, 404, bad input) do not change by asking again; outages and throttles do. */
function retryable(error: ApiError): boolean {
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

/** A line that screen readers read out when it changes: the outcome of an action. */
export function LiveStatus({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="status live" role="status" aria-live="polite" data-testid={testId}>
      {children}
    </p>
  );
}
