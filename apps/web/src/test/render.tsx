// Renders the app (or one page inside the app's frame) at an address, against a FakeApi, signed in
// as `as` through the same page-load refresh the browser does.
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter } from 'react-router';
import type { RouteObject } from 'react-router';
import { ApiClient } from '../api/client';
import { App } from '../app/App';
import { Layout } from '../app/Layout';
import { RequireUser } from '../app/RequireUser';
import { routes } from '../app/routes';
import { aSession, aUser } from './factories';
import type { Who } from './factories';
import type { FakeApi } from './fake-api';
import { fail, noLock, ok } from './fake-api';

export interface RenderOptions {
  as?: Who | null;
  /** Instead of the app's routes: this element at `routePath`, inside the app's layout. */
  page?: { routePath: string; element: ReactElement };
}

export function renderApp(path: string, api: FakeApi, { as = null, page }: RenderOptions = {}) {
  if (!api.handles('POST', '/auth/refresh')) {
    api.on('POST', '/auth/refresh', as ? ok(aSession(aUser(as))) : fail(401, 'UNAUTHENTICATED', 'Sign in again.'));
  }
  const client = new ApiClient(api.fetch, noLock);
  const routeTable: RouteObject[] = page
    ? [{ element: <Layout />, children: [{ element: <RequireUser />, children: [{ path: page.routePath, element: page.element }] }] }]
    : routes;
  const router = createMemoryRouter(routeTable, { initialEntries: [path] });
  const view = render(<App client={client} router={router} />);
  return { ...view, client, router };
}
