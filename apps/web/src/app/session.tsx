import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from '../api/client';
import { endpoints } from '../api/endpoints';
import type { Endpoints } from '../api/endpoints';
import { asApiError } from '../api/errors';
import type { ApiError } from '../api/errors';
import type { User } from '../api/types';

/** Rank levels (docs/api.md, "Conventions"): "Officer+" is level 4 and up; 5 is the Guild Leader. */
export const OFFICER = 4;
export const GUILD_LEADER = 5;

/** `restoring` until the page-load refresh has answered; `unreachable` when it could not be asked. */
export type SessionStatus = 'restoring' | 'ready' | 'unreachable';

export interface SessionValue {
  client: ApiClient;
  api: Endpoints;
  user: User | null;
  status: SessionStatus;
  /** Why the session could not be restored (the API's sentence), when `status` is `unreachable`. */
  restoreError: ApiError | null;
  retryRestore(): void;
  isOfficer: boolean;
  isGuildLeader: boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * Holds the API client and follows who is signed in; restores the session once on load. The
 * client is the session: give the provider one for its whole life (a new client wants a new
 * provider, e.g. `key`ed by it).
 */
export function SessionProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  const user = useSyncExternalStore(
    useCallback((listener: () => void) => client.subscribe(listener), [client]),
    () => client.currentUser,
  );
  const [status, setStatus] = useState<SessionStatus>(client.currentUser ? 'ready' : 'restoring');
  const [restoreError, setRestoreError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const api = useMemo(() => endpoints(client), [client]);

  // Status is `restoring` whenever this runs without a user: from the first render, and set by
  // `retryRestore` for each further attempt.
  useEffect(() => {
    if (client.currentUser) return;
    let current = true;
    client.restore().then(
      () => current && setStatus('ready'),
      (error: unknown) => {
        if (!current) return;
        setRestoreError(asApiError(error));
        setStatus('unreachable');
      },
    );
    return () => {
      current = false;
    };
  }, [client, attempt]);

  const value = useMemo<SessionValue>(
    () => ({
      client,
      api,
      user,
      status,
      restoreError,
      retryRestore: () => {
        setStatus('restoring');
        setAttempt((n) => n + 1);
      },
      isOfficer: (user?.rank.level ?? 0) >= OFFICER,
      isGuildLeader: (user?.rank.level ?? 0) >= GUILD_LEADER,
    }),
    [client, api, user, status, restoreError],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider above it.');
  return session;
}

/** The typed endpoints, for pages. */
export function useApi(): Endpoints {
  return useSession().api;
}
