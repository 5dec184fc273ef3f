import { RankLevel, RankRef } from './ranks';

/** The signed-in account, as `me`, login and registration answer it. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  personId: string | null;
  rank: RankRef;
}

export interface Session {
  user: User;
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token is valid for. */
  expiresIn: number;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The one answer that shows a key; it is stored only as a hash. */
export interface CreatedApiKey {
  id: string;
  name: string;
  key: string;
  createdAt: string;
}

export interface CreatedInvite {
  code: string;
  expiresAt: string;
}

/** Access tokens: HS256, 15 minutes, issued by auth and checked by the gateway. */
export const ACCESS_TOKEN = {
  algorithm: 'HS256',
  issuer: 'patt-auth',
  audience: 'patt-api',
  lifetimeSeconds: 15 * 60,
} as const;

/** What an access token carries: enough to authorise a request without asking auth. */
export interface AccessTokenClaims {
  sub: string;
  usr: string;
  pid: string | null;
  rnk: RankLevel;
}

/** Passwords are 8 to 72 bytes of UTF-8: bcrypt reads no further than 72, so longer is refused. */
export const PASSWORD_MIN_BYTES = 8;
export const PASSWORD_MAX_BYTES = 72;
