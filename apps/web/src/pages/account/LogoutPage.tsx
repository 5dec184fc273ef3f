import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { Page } from '../../components/Page';

/** Ends the session at the gateway (and its cookie) and here. */
export function LogoutPage() {
  const { client } = useSession();
  const [done, setDone] = useState(false);

  useEffect(() => {
    let current = true;
    void client.logout().then(() => current && setDone(true));
    return () => {
      current = false;
    };
  }, [client]);

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
