import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { Page } from '../../components/Page';

/** Ends the session at the gateway (and its cookie) and here. */
export function LogoutPage() {
  const { client, status } = useSession();
  const [done, setDone] = useState(false);

  // Opened directly (a new tab, a bookmark), the page-load restore must finish first, or it would
  // sign the user back in after this signed them out.
  const restoring = status === 'restoring';
  useEffect(() => {
    if (restoring) return;
    let current = true;
    void client.logout().then(() => current && setDone(true));
    return () => {
      current = false;
    };
  }, [client, restoring]);

  return (
    <Page title="Sign out">
      {done ? (
        <p data-testid="signed-out">
          You are signed out. <Link to="/login">Sign in again</Link>.
        </p>
      ) : (
        <p className="status loading" role="status">
          Signing out…
        </p>
      )}
    </Page>
  );
}
