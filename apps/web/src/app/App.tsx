import { RouterProvider } from 'react-router';
import type { createBrowserRouter } from 'react-router';
import type { ApiClient } from '../api/client';
import { SessionProvider } from './session';

type Router = ReturnType<typeof createBrowserRouter>;

/** The app around a router (the browser's, or a memory one in tests) and an API client. */
export function App({ client, router }: { client: ApiClient; router: Router }) {
  return (
    <SessionProvider client={client}>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
