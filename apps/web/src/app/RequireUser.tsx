import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorMessage, Loading } from '../components/Status';
import { Page } from '../components/Page';
import { useSession } from './session';

/**
 * The pages behind sign-in: they wait for the page-load session restore, and send a visitor
 * without a session to sign in, then back here. Rank is not checked here: the API answers for
 * itself, and its 403 sentence is what an under-ranked user sees.
 */
export function RequireUser() {
  const { user, status, restoreError, retryRestore } = useSession();
  const location = useLocation();
  if (status === 'restoring') return <Loading what="your session" />;
  if (status === 'unreachable' && restoreError) {
    return (
      <Page title="Cannot reach the server">
        <ErrorMessage error={restoreError} onRetry={retryRestore} />
      </Page>
    );
  }
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}

/** Where to go after signing in: a path of this app only, never another site. */
export function safeNext(next: string | null, fallback = '/roster'): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}
