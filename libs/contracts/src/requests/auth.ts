import { ApiKeySummary, CreatedApiKey, CreatedInvite, Session, User } from '../api/auth';
import { Page, PageQuery } from '../api/envelope';
import { ServiceHealth } from '../api/health';
import { NoBody } from './actor';

export const AUTH_REQUESTS = {
  AuthHealth: 'auth.health',
  Login: 'auth.login',
  Register: 'auth.register',
  Refresh: 'auth.refresh',
  Logout: 'auth.logout',
  Me: 'auth.me',
  ApiKeysCreate: 'auth.api-keys.create',
  ApiKeysList: 'auth.api-keys.list',
  ApiKeysRevoke: 'auth.api-keys.revoke',
  ApiKeysVerify: 'auth.api-keys.verify',
  InvitesCreate: 'auth.invites.create',
} as const;

/** Where the request came from, as the gateway saw it: the throttles count per address. */
export interface FromClient {
  clientIp: string;
}

export interface LoginRequest extends FromClient {
  username: string;
  password: string;
}

export interface RegisterRequest extends FromClient {
  inviteCode: string;
  username: string;
  password: string;
}

export interface RefreshRequest extends FromClient {
  refreshToken: string;
}

export interface VerifiedApiKey {
  id: string;
  name: string;
}

export interface AuthRequestMap {
  [AUTH_REQUESTS.AuthHealth]: { request: NoBody; response: ServiceHealth };
  [AUTH_REQUESTS.Login]: { request: LoginRequest; response: Session };
  [AUTH_REQUESTS.Register]: { request: RegisterRequest; response: Session };
  [AUTH_REQUESTS.Refresh]: { request: RefreshRequest; response: Session };
  [AUTH_REQUESTS.Logout]: { request: { refreshToken: string }; response: null };
  [AUTH_REQUESTS.Me]: { request: NoBody; response: User };
  [AUTH_REQUESTS.ApiKeysCreate]: { request: { name: string }; response: CreatedApiKey };
  [AUTH_REQUESTS.ApiKeysList]: { request: PageQuery; response: Page<ApiKeySummary> };
  [AUTH_REQUESTS.ApiKeysRevoke]: { request: { id: string }; response: null };
  [AUTH_REQUESTS.ApiKeysVerify]: { request: { key: string }; response: VerifiedApiKey };
  [AUTH_REQUESTS.InvitesCreate]: { request: { personId: string; expiresInHours: number }; response: CreatedInvite };
}
