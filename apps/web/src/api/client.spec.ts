import { ApiClient, queryString } from './client';
import { ApiError } from './errors';
import { cookieMarker, memoryMarker } from './session-marker';
import { aSession, aUser } from '../test/factories';
import { FakeApi, fail, noLock, ok } from '../test/fake-api';

const unauthenticated = fail(401, 'UNAUTHENTICATED', 'Your session has expired; sign in again.');

async function signedIn(api: FakeApi, token = 'first-token'): Promise<ApiClient> {
  api.on('POST', '/auth/login', ok(aSession(aUser('officer'), token)));
  const client = new ApiClient(api.fetch, noLock);
  await client.login('officer', 'correct horse');
  return client;
}

describe('ApiClient', () => {
  it('unwraps the data of a success envelope and sends the access token', async () => {
    const api = new FakeApi().on('GET', '/ranks', ok({ items: [], total: 0 }));
    const client = await signedIn(api);

    await expect(client.get('/ranks')).resolves.toEqual({ items: [], total: 0 });
    expect(api.callsTo('GET', '/ranks')[0].headers['authorization']).toBe('Bearer first-token');
  });

  it("throws the API's sentence, code and field details of a failure envelope", async () => {
    const details = [{ field: 'password', problems: ['password must be at least 8 bytes'] }];
    const api = new FakeApi().on('POST', '/auth/register', fail(400, 'VALIDATION_FAILED', 'password must be at least 8 bytes.', details));
    const client = new ApiClient(api.fetch, noLock);

    const error = await client.register('CODE', 'trog', 'short').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'password must be at least 8 bytes.' });
    expect((error as ApiError).fieldProblems()).toEqual({ password: 'password must be at least 8 bytes.' });
    expect(client.currentUser).toBeNull();
  });

  it('sets a password with the access token and makes its answer the session’s user', async () => {
    const api = new FakeApi().on('POST', '/auth/password', ok(aUser('officer', { hasPassword: true })));
    api.on('POST', '/auth/login', ok(aSession(aUser('officer', { hasPassword: false }))));
    const client = new ApiClient(api.fetch, noLock);
    await client.login('officer', 'correct horse');
    const seen: Array<boolean | undefined> = [];
    client.subscribe(() => seen.push(client.currentUser?.hasPassword));

    await client.changePassword({ password: 'a first password' });
    const [call] = api.callsTo('POST', '/auth/password');
    expect(call.body).toEqual({ password: 'a first password' });
    expect(call.headers['authorization']).toBe('Bearer access-officer');
    expect(client.currentUser?.hasPassword).toBe(true);
    expect(seen).toEqual([true]);
  });

  it('refreshes once on a 401 with an empty body and the cookie, then retries with the new token', async () => {
    const api = new FakeApi()
      .on('GET', '/members', unauthenticated, ok({ items: [], total: 0 }))
      .on('POST', '/auth/refresh', ok(aSession(aUser('officer'), 'second-token')));
    const client = await signedIn(api);

    await expect(client.get('/members')).resolves.toEqual({ items: [], total: 0 });
    const [refresh] = api.callsTo('POST', '/auth/refresh');
    expect(refresh.body).toEqual({});
    expect(refresh.credentials).toBe('same-origin');
    expect(refresh.headers['authorization']).toBeUndefined();
    expect(api.callsTo('GET', '/members').map((call) => call.headers['authorization'])).toEqual(['Bearer first-token', 'Bearer second-token']);
  });

  it('retries only once: a second 401 after the refresh is thrown', async () => {
    const api = new FakeApi().on('GET', '/members', unauthenticated).on('POST', '/auth/refresh', ok(aSession(aUser('officer'), 'second-token')));
    const client = await signedIn(api);

    await expect(client.get('/members')).rejects.toMatchObject({ status: 401 });
    expect(api.callsTo('POST', '/auth/refresh')).toHaveLength(1);
    expect(api.callsTo('GET', '/members')).toHaveLength(2);
  });

  it('shares one refresh between calls that fail at the same time (a spent refresh token must not be reused)', async () => {
    const api = new FakeApi()
      .on('GET', '/members', unauthenticated, ok('members'))
      .on('GET', '/ranks', unauthenticated, ok('ranks'))
      .on('POST', '/auth/refresh', ok(aSession(aUser('officer'), 'second-token')));
    const client = await signedIn(api);

    await expect(Promise.all([client.get('/members'), client.get('/ranks')])).resolves.toEqual(['members', 'ranks']);
    expect(api.callsTo('POST', '/auth/refresh')).toHaveLength(1);
  });

  it('runs the refresh under the cross-tab lock', async () => {
    const locked: string[] = [];
    const api = new FakeApi().on('POST', '/auth/refresh', ok(aSession(aUser('member'))));
    const client = new ApiClient(
      api.fetch,
      (name, task) => {
        locked.push(name);
        return task();
      },
      memoryMarker(true),
    );

    await client.restore();
    expect(locked).toEqual(['patt-session-refresh']);
  });

  it('signs out when the refresh is refused, and throws the original 401', async () => {
    const api = new FakeApi().on('GET', '/members', unauthenticated).on('POST', '/auth/refresh', fail(401, 'UNAUTHENTICATED', 'This session was revoked.'));
    const client = await signedIn(api);
    const changes: Array<string | null> = [];
    client.subscribe(() => changes.push(client.currentUser?.username ?? null));

    await expect(client.get('/members')).rejects.toMatchObject({ status: 401, message: 'Your session has expired; sign in again.' });
    expect(client.currentUser).toBeNull();
    expect(changes).toEqual([null]);
  });

  it('does not try a refresh for a 401 while signed out', async () => {
    const api = new FakeApi().on('GET', '/members', unauthenticated);
    const client = new ApiClient(api.fetch, noLock);

    await expect(client.get('/members')).rejects.toMatchObject({ status: 401 });
    expect(api.callsTo('POST', '/auth/refresh')).toHaveLength(0);
  });

  it('keeps no refresh token: not in the client, not in web storage', async () => {
    const api = new FakeApi();
    const client = await signedIn(api);

    expect(JSON.stringify(client)).not.toContain('refresh-officer');
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it('restores the session from the cookie on load, or finds none', async () => {
    const restored = new FakeApi().on('POST', '/auth/refresh', ok(aSession(aUser('leader'))));
    await expect(new ApiClient(restored.fetch, noLock, memoryMarker(true)).restore()).resolves.toMatchObject({ username: 'leader' });

    const none = new FakeApi().on('POST', '/auth/refresh', fail(401, 'UNAUTHENTICATED', 'No session.'));
    await expect(new ApiClient(none.fetch, noLock, memoryMarker(true)).restore()).resolves.toBeNull();
  });

  describe('the session marker (no refresh on load without reason to think a session exists)', () => {
    it('asks nothing on load without the marker: no request, no lock, signed out', async () => {
      const api = new FakeApi().on('POST', '/auth/refresh', ok(aSession(aUser('leader'))));
      const locked: string[] = [];
      const client = new ApiClient(
        api.fetch,
        (name, task) => {
          locked.push(name);
          return task();
        },
        memoryMarker(false),
      );

      await expect(client.restore()).resolves.toBeNull();
      expect(api.calls).toEqual([]);
      expect(locked).toEqual([]);
    });

    it('refreshes on load with the marker, and keeps it while the session lives', async () => {
      const marker = memoryMarker(true);
      const api = new FakeApi().on('POST', '/auth/refresh', ok(aSession(aUser('member'))));
      const client = new ApiClient(api.fetch, noLock, marker);

      await expect(client.restore()).resolves.toMatchObject({ username: 'member' });
      expect(api.callsTo('POST', '/auth/refresh')).toHaveLength(1);
      expect(marker.present()).toBe(true);
    });

    it('drops the marker when the refresh on load is refused, so that the next load asks nothing', async () => {
      const marker = memoryMarker(true);
      const api = new FakeApi().on('POST', '/auth/refresh', fail(401, 'UNAUTHENTICATED', 'This session was revoked.'));

      await expect(new ApiClient(api.fetch, noLock, marker).restore()).resolves.toBeNull();
      expect(marker.present()).toBe(false);
      await expect(new ApiClient(api.fetch, noLock, marker).restore()).resolves.toBeNull();
      expect(api.callsTo('POST', '/auth/refresh')).toHaveLength(1);
    });

    it('drops the marker when a refresh after a 401 is refused', async () => {
      const marker = memoryMarker();
      const api = new FakeApi()
        .on('POST', '/auth/login', ok(aSession(aUser('officer'))))
        .on('GET', '/members', unauthenticated)
        .on('POST', '/auth/refresh', fail(401, 'UNAUTHENTICATED', 'Your account is disabled: left the guild.'));
      const client = new ApiClient(api.fetch, noLock, marker);
      await client.login('officer', 'correct horse');
      marker.set(); // the gateway's Set-Cookie on sign-in

      await expect(client.get('/members')).rejects.toMatchObject({ status: 401 });
      expect(marker.present()).toBe(false);
    });

    it('keeps the marker when the gateway cannot answer: the session may well be alive', async () => {
      const marker = memoryMarker(true);
      const api = new FakeApi().on('POST', '/auth/refresh', fail(503, 'SERVICE_UNAVAILABLE', 'The auth service is unreachable.'));

      await expect(new ApiClient(api.fetch, noLock, marker).restore()).rejects.toMatchObject({ status: 503 });
      expect(marker.present()).toBe(true);
    });

    it('drops the marker on sign-out, also when the gateway fails to answer the logout', async () => {
      for (const answer of [ok(null), fail(503, 'SERVICE_UNAVAILABLE', 'The auth service is unreachable.')]) {
        const marker = memoryMarker();
        const api = new FakeApi().on('POST', '/auth/login', ok(aSession(aUser('member')))).on('POST', '/auth/logout', answer);
        const client = new ApiClient(api.fetch, noLock, marker);
        await client.login('member', 'correct horse');
        marker.set();

        await client.logout();
        expect(marker.present()).toBe(false);
        await expect(new ApiClient(api.fetch, noLock, marker).restore()).resolves.toBeNull();
        expect(api.callsTo('POST', '/auth/refresh')).toHaveLength(0);
      }
    });

    it("reads the gateway's patt_session cookie in the browser, and clears it on the path it was set", () => {
      document.cookie = 'other=patt_session=1; Path=/';
      expect(cookieMarker.present()).toBe(false);
      document.cookie = 'patt_session=1; Path=/; SameSite=Strict';
      expect(cookieMarker.present()).toBe(true);
      cookieMarker.clear();
      expect(cookieMarker.present()).toBe(false);
      expect(document.cookie).toBe('other=patt_session=1');
      document.cookie = 'other=; Max-Age=0; Path=/';
    });

    it('is what the client uses by default', async () => {
      const api = new FakeApi().on('POST', '/auth/refresh', ok(aSession(aUser('member'))));
      await expect(new ApiClient(api.fetch, noLock).restore()).resolves.toBeNull();
      expect(api.calls).toEqual([]);

      document.cookie = 'patt_session=1; Path=/';
      try {
        await expect(new ApiClient(api.fetch, noLock).restore()).resolves.toMatchObject({ username: 'member' });
      } finally {
        cookieMarker.clear();
      }
    });
  });

  it('logs out at the gateway with the token and drops it, also when the gateway fails', async () => {
    const api = new FakeApi().on('POST', '/auth/logout', ok(null));
    const client = await signedIn(api);
    await client.logout();
    expect(api.callsTo('POST', '/auth/logout')[0]).toMatchObject({ body: {}, credentials: 'same-origin', headers: { authorization: 'Bearer first-token' } });
    expect(client.currentUser).toBeNull();

    const down = new FakeApi().on('POST', '/auth/logout', fail(503, 'SERVICE_UNAVAILABLE', 'The auth service is unreachable.'));
    const other = await signedIn(down);
    await other.logout();
    expect(other.currentUser).toBeNull();
    await other.get('/ranks').catch(() => undefined);
    expect(down.callsTo('GET', '/ranks')[0].headers['authorization']).toBeUndefined();
  });

  it('waits for a refresh in flight before logging out, so that it cannot sign the user back in', async () => {
    let land: () => void = () => undefined;
    const api = new FakeApi()
      .on('POST', '/auth/refresh', () => new Promise((resolve) => (land = () => resolve(ok(aSession(aUser('member'), 'restored-token'))))))
      .on('POST', '/auth/logout', ok(null));
    const client = new ApiClient(api.fetch, noLock, memoryMarker(true));

    const restoring = client.restore();
    const loggingOut = client.logout();
    land();
    await Promise.all([restoring, loggingOut]);
    expect(client.currentUser).toBeNull();
    expect(api.callsTo('POST', '/auth/logout')[0].headers['authorization']).toBe('Bearer restored-token');
  });

  it('turns an unreachable server and an answer outside the envelope into sentences', async () => {
    const offline = new ApiClient(() => Promise.reject(new TypeError('Failed to fetch')), noLock);
    await expect(offline.get('/ranks')).rejects.toMatchObject({ status: 0, code: 'NETWORK', message: expect.stringContaining('could not be reached') });

    const proxy = new ApiClient(async () => ({ status: 502, json: () => Promise.reject(new SyntaxError('Unexpected token <')) }), noLock);
    await expect(proxy.get('/ranks')).rejects.toMatchObject({ status: 502, code: 'BAD_RESPONSE', message: expect.stringContaining('502') });
  });

  it('builds query strings of the values that are set', () => {
    expect(queryString({ q: 'trog', rank: 4, linked: false, empty: '', none: undefined, nil: null })).toBe('?q=trog&rank=4&linked=false');
    expect(queryString({})).toBe('');
  });
});

describe('ApiError.fieldProblems', () => {
  it('groups nested fields under their top-level field', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'x', [
      { field: 'gameRankIndexes.0', problems: ['each value in gameRankIndexes must be at least 0'] },
      { field: 'gameRankIndexes.1', problems: ['each value in gameRankIndexes must be an integer'] },
      'not a field problem',
    ]);
    expect(error.fieldProblems()).toEqual({
      gameRankIndexes: 'each value in gameRankIndexes must be at least 0; each value in gameRankIndexes must be an integer.',
    });
  });
});
