import { Outlet } from 'react-router';
import type { ReactNode } from 'react';
import { ErrorMessage, Loading } from '../components/Status';
import { Page } from '../components/Page';
import { useSession } from './session';

/**
 * Waits for the page-load session restore before showing its pages, so that their first request
 * already carries a signed-in visitor's token (a vote list shows an officer's drafts, a rank-gated
 * vote its entries). Pages open to everyone sit under it directly; those behind sign-in under
 * RequireUser, which uses it.
 */
export function SessionKnown({ children }: { children?: ReactNode }) {
  const { status, restoreError, retryRestore } = useSession();
  if (status === 'restoring') return <Loading what="your session" />;
  if (status === 'unreachable' && restoreError) {
    return (
      <Page title="Cannot reach the server">
        <ErrorMessage error={restoreError} onRetry={retryRestore} />
      </Page>
    );
  }
  return <>{children ?? <Outlet />}</>;
}
