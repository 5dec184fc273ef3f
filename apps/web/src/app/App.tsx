import { useRoutes } from 'react-router';
import type { ApiClient } from '../api/client';
import { routes } from './routes';
import { SessionProvider } from './session';

function AppRoutes() {
  return useRoutes(routes);
}

/**
 * The app, inside a router that the caller provides (the browser's, or a memory one in tests).
 * Declarative routing is all it needs: pages load their own data, so no data router.
 */
export function App({ client }: { client: ApiClient }) {
  return (
    <SessionProvider client={client}>
      <AppRoutes />
    </SessionProvider>
  );
}
