import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN, AccessTokenClaims, ErrorCode, LOGIN_MAX_DAYS, Session, User } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { EntityManager } from 'typeorm';
import { AccountLifecycle, disabledSentence } from '../accounts/account-lifecycle.service';
import { UserRecord, UsersRepository } from '../accounts/users.repository';
import { Logins } from './logins';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { newSecret, secretHash } from './secrets';

const DAY_MS = 24 * 3600 * 1000;
const REFRESH_LIFETIME_DAYS = 30;

export function userOf(record: UserRecord): User {
  return {
    id: record.id,
    username: record.username,
    displayName: record.displayName,
    personId: record.personId,
    rank: { level: record.rankLevel, name: record.rankName },
    hasPassword: record.passwordHash !== null,
  };
}

const invalidRefresh = () =>
  new ServiceException(ErrorCode.Unauthenticated, 'This refresh token is not valid any more; sign in again.');

/** A sign-in: its family of refresh tokens, and when it began (it ends LOGIN_MAX_DAYS later). */
export interface Login {
  familyId: string;
  startedAt: Date;
}

type Refusal = { refused: ServiceException };

/**
 * Access tokens are short JWTs the gateway checks by itself; refresh tokens are opaque, stored as
 * hashes, and rotate on every use. A login is a family of refresh tokens: using a spent one means
 * it was stolen or replayed, and ends the whole login. A login lasts at most LOGIN_MAX_DAYS from
 * its sign-in whatever the rotations, and none outlives its account being disabled.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly users: UsersRepository,
    private readonly lifecycle: AccountLifecycle,
    private readonly logins: Logins,
  ) {}

  /**
   * A new session: an access token and the first refresh token of a new login, or the next one
   * of `login`. A refresh token expires after 30 days, and never after its login's end.
   */
  async issue(manager: EntityManager, user: UserRecord, login: Login = { familyId: randomUUID(), startedAt: new Date() }): Promise<Session> {
    const claims: AccessTokenClaims = { sub: user.id, usr: user.username, pid: user.personId, rnk: user.rankLevel, sid: login.familyId };
    const accessToken = await this.jwt.signAsync(claims);
    const refreshToken = newSecret('rt_', 32);
    const expiresAt = Math.min(Date.now() + REFRESH_LIFETIME_DAYS * DAY_MS, login.startedAt.getTime() + LOGIN_MAX_DAYS * DAY_MS);
    await this.refreshTokens.insert(manager, {
      id: randomUUID(),
      userId: user.id,
      familyId: login.familyId,
      loginStartedAt: login.startedAt,
      hash: secretHash(refreshToken),
      expiresAt: new Date(expiresAt),
    });
    return { user: userOf(user), accessToken, refreshToken, expiresIn: ACCESS_TOKEN.lifetimeSeconds };
  }

  /**
   * Spends a refresh token for a new pair; the rank in the new access token is today's. Refused
   * (401, and the login ended) when the token was spent before, when the login is older than
   * LOGIN_MAX_DAYS, and when the account is disabled (or its grace out of the guild ran out now).
   */
  async refresh(refreshToken: string): Promise<Session> {
    const outcome = await this.refreshTokens.transaction(async (manager): Promise<Session | Refusal> => {
      const token = await this.refreshTokens.lockByHash(manager, secretHash(refreshToken));
      const found = token ? await this.users.byId(token.userId, manager) : null;
      if (!token || !found) return { refused: invalidRefresh() };
      // A disabled account's holder is told why (its tokens were all revoked when it was disabled).
      const user = await this.lifecycle.current(manager, found);
      if (user.disabledAt) {
        await this.refreshTokens.revokeFamily(manager, token.familyId);
        return { refused: new ServiceException(ErrorCode.Unauthenticated, disabledSentence(user)) };
      }
      if (token.revokedAt) return { refused: invalidRefresh() };
      if (token.usedAt) {
        await this.logins.end(manager, token.userId, token.familyId, 'refresh_reused');
        return { refused: invalidRefresh() };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { refused: invalidRefresh() };
      if (token.loginStartedAt.getTime() + LOGIN_MAX_DAYS * DAY_MS <= Date.now()) {
        await this.refreshTokens.revokeFamily(manager, token.familyId);
        return { refused: new ServiceException(ErrorCode.Unauthenticated, `A sign-in lasts at most ${LOGIN_MAX_DAYS} days; sign in again.`) };
      }
      await this.refreshTokens.markUsed(manager, token.id);
      return this.issue(manager, user, { familyId: token.familyId, startedAt: token.loginStartedAt });
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome;
  }

  /** Ends the login the refresh token belongs to, if it is the caller's. */
  async logout(refreshToken: string, userId: string): Promise<void> {
    await this.refreshTokens.transaction(async (manager) => {
      const token = await this.refreshTokens.lockByHash(manager, secretHash(refreshToken));
      if (token && token.userId === userId) await this.logins.end(manager, userId, token.familyId, 'signed_out');
    });
  }
}
