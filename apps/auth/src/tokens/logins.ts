import { Injectable } from '@nestjs/common';
import { Events, LoginsEndedCause } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { EntityManager } from 'typeorm';
import { RefreshTokensRepository } from './refresh-tokens.repository';

/**
 * Ending logins while their account goes on working: their refresh tokens revoked and
 * `logins-ended` announced in the same transaction, so that every gateway replica refuses the
 * access tokens issued in them at once instead of for the rest of their 15 minutes. (A disabled
 * account ends all of them through `account-disabled`.)
 */
@Injectable()
export class Logins {
  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly events: EventPublisher,
  ) {}

  /** Ends one login; announced only when it was still going. */
  async end(manager: EntityManager, userId: string, loginId: string, cause: LoginsEndedCause): Promise<void> {
    if ((await this.refreshTokens.revokeFamily(manager, loginId)) > 0) await this.announce(manager, userId, [loginId], cause);
  }

  /** Ends every login of an account but `keepLoginId`'s (every one when null); the ids of those it ended. */
  async endAllOf(manager: EntityManager, userId: string, cause: LoginsEndedCause, keepLoginId: string | null = null): Promise<string[]> {
    const ended = await this.refreshTokens.revokeAllOfExcept(manager, userId, keepLoginId);
    if (ended.length > 0) await this.announce(manager, userId, ended, cause);
    return ended;
  }

  private async announce(manager: EntityManager, userId: string, loginIds: string[], cause: LoginsEndedCause): Promise<void> {
    await this.events.emit(manager, Events.LoginsEnded, { userId, loginIds, cause, at: new Date().toISOString() });
  }
}
