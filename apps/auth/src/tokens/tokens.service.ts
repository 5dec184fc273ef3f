import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN, AccessTokenClaims, ErrorCode, Session, User } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { EntityManager } from 'typeorm';
import { UserRecord, UsersRepository } from '../accounts/users.repository';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { newSecret, secretHash } from './secrets';

const REFRESH_LIFETIME_DAYS = 30;

export function userOf(record: UserRecord): User {
  return {
    id: record.id,
    username: record.username,
    displayName: record.displayName,
    personId: record.personId,
    rank: { level: record.rankLevel, name: record.rankName },
  };
}

const invalidRefresh = () =>
  new ServiceException(ErrorCode.Unauthenticated, 'This refresh token is not valid any more; sign in again.');

/**
 * Access tokens are short JWTs the gateway checks by itself; refresh tokens are opaque, stored as
 * hashes, and rotate on every use. A login is a family of refresh tokens: using a spent one means
 * it was stolen or replayed, and ends the whole login.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly users: UsersRepository,
  ) {}

  /** A new session: an access token and the first (or next) refresh token of a login. */
  async issue(manager: EntityManager, user: UserRecord, familyId: string = randomUUID()): Promise<Session> {
    const claims: AccessTokenClaims = { sub: user.id, usr: user.username, pid: user.personId, rnk: user.rankLevel };
    const accessToken = await this.jwt.signAsync(claims);
    const refreshToken = newSecret('rt_', 32);
    await this.refreshTokens.insert(manager, {
      id: randomUUID(),
      userId: user.id,
      familyId,
      hash: secretHash(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_LIFETIME_DAYS * 24 * 3600 * 1000),
    });
    return { user: userOf(user), accessToken, refreshToken, expiresIn: ACCESS_TOKEN.lifetimeSeconds };
  }

  /** Spends a refresh token for a new pair; the rank in the new access token is today's. */
  async refresh(refreshToken: string): Promise<Session> {
    const outcome = await this.refreshTokens.transaction(async (manager) => {
      const token = await this.refreshTokens.lockByHash(manager, secretHash(refreshToken));
      if (!token || token.revokedAt) return null;
      if (token.usedAt) {
        await this.refreshTokens.revokeFamily(manager, token.familyId);
        return 'reused' as const;
      }
      if (token.expiresAt.getTime() <= Date.now()) return null;
      await this.refreshTokens.markUsed(manager, token.id);
      const user = await this.users.byId(token.userId, manager);
      return user ? this.issue(manager, user, token.familyId) : null;
    });
    if (outcome === null || outcome === 'reused') throw invalidRefresh();
    return outcome;
  }

  /** Ends the login the refresh token belongs to, if it is the caller's. */
  async logout(refreshToken: string, userId: string): Promise<void> {
    await this.refreshTokens.transaction(async (manager) => {
      const token = await this.refreshTokens.lockByHash(manager, secretHash(refreshToken));
      if (token && token.userId === userId) await this.refreshTokens.revokeFamily(manager, token.familyId);
    });
  }
}
