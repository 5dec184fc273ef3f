// Renders the app (or one page inside the app's frame) at an address, against a FakeApi, signed in
// as `as` through the same page-load refresh the browser does.
import { render } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { Location } from 'react-router';
import { ApiClient } from '../api/client';
import { memoryMarker } from '../api/session-marker';
import { App } from '../app/App';
import { Layout } from '../app/Layout';
import { RequireUser } from '../app/RequireUser';
import { SessionKnown } from '../app/SessionKnown';
import { SessionProvider } from '../app/session';
import { aSession, aUser } from './factories';
import type { Who } from './factories';
import type { FakeApi } from './fake-api';
import { fail, noLock, ok } from './fake-api';

export interface RenderOptions {
  as?: Who | null;
  /** Instead of the app's routes: this element at `routePath`, inside the app's layout (behind sign-in, unless `public`). */
  page?: { routePath: string; element: ReactElement; public?: boolean };
}

/** Where the router is now, for assertions on the address. */
export interface CurrentLocation {
  current: Location | null;
  readonly href: string;
}

/** Keeps `locationRef` on the router's location as of the last commit (a render may be thrown away). */
function LocationProbe({ locationRef }: { locationRef: { current: Location | null } }) {
  const location = useLocation();
  useLayoutEffect(() => {
    locationRef.current = location;
  }, [locationRef, location]);
  return null;
}

export function renderApp(path: string, api: FakeApi, { as = null, page }: RenderOptions = {}) {
  // The browser holds the gateway's session marker when someone signed in here (`as`), or when the
  // test answers the page-load refresh itself; a visitor who never signed in holds none.
  const marker = memoryMarker(as !== null || api.handles('POST', '/auth/refresh'));
  if (!api.handles('POST', '/auth/refresh')) {
    api.on('POST', '/auth/refresh', as ? ok(aSession(aUser(as))) : fail(401, 'UNAUTHENTICATED', 'Sign in again.'));
  }
  const client = new ApiClient(api.fetch, noLock, marker);
  const location: CurrentLocation = {
    current: null,
    get href() {
      return this.current ? `${this.current.pathname}${this.current.search}` : '';
    },
  };
  const view = render(
    <MemoryRouter initialEntries={[path]}>
      <LocationProbe locationRef={location} />
      {page ? (
        <SessionProvider client={client}>
          <Routes>
            <Route element={<Layout />}>
              <Route element={page.public ? <SessionKnown /> : <RequireUser />}>
                <Route path={page.routePath} element={page.element} />
              </Route>
            </Route>
          </Routes>
        </SessionProvider>
      ) : (
        <App client={client} />
      )}
    </MemoryRouter>,
  );
  return { ...view, client, location, marker };
}
