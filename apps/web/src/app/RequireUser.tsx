import { Navigate, Outlet, useLocation } from 'react-router';
import { SessionKnown } from './SessionKnown';
import { useSession } from './session';

/**
 * The pages behind sign-in: they wait for the page-load session restore, and send a visitor
 * without a session to sign in, then back here. Rank is not checked here: the API answers for
 * itself, and its 403 sentence is what an under-ranked user sees.
 */
export function RequireUser() {
  const { user } = useSession();
  const location = useLocation();
  return (
    <SessionKnown>
      {user ? <Outlet /> : <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />}
    </SessionKnown>
  );
}

/** Where to go after signing in: a path of this app only, never another site. */
export function safeNext(next: string | null, fallback = '/roster'): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}
