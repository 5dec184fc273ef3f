import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, ErrorCode, Events, PASSWORD_RESET_MINUTES, PasswordResetIssued } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { ServiceException } from '@patt/service-kit';
import { MemberProjectionRepository } from '../members/member-projection.repository';
import { ThrottleService } from '../throttling/throttle.service';
import { Logins } from '../tokens/logins';
import { newSecret, secretHash } from '../tokens/secrets';
import { AccountLifecycle, disabledSentence } from './account-lifecycle.service';
import { passwordProblem, Passwords } from './passwords';
import { PasswordResetsRepository } from './password-resets.repository';
import { UsersRepository } from './users.repository';

const UNUSABLE_LINK = 'This password-reset link is unknown, used or expired; ask the Discord bot for a new one with /reset-password.';

/**
 * One-time password-reset links. The Discord bot asks for one for the member who invoked
 * /reset-password (its actor); auth answers the token once and keeps only its hash. Setting a
 * password with it spends it, every other open link of the account, and every sign-in of the
 * account (its refresh tokens). A link works for PASSWORD_RESET_MINUTES.
 */
@Injectable()
export class PasswordResetsService {
  private readonly logger = new Logger(PasswordResetsService.name);

  constructor(
    private readonly resets: PasswordResetsRepository,
    private readonly users: UsersRepository,
    private readonly members: MemberProjectionRepository,
    private readonly lifecycle: AccountLifecycle,
    private readonly passwords: Passwords,
    private readonly throttle: ThrottleService,
    private readonly logins: Logins,
    private readonly events: EventPublisher,
  ) {}

  async create(actor: Actor): Promise<PasswordResetIssued> {
    if (!actor.personId || !actor.discordUserId) {
      throw new ServiceException(
        ErrorCode.Forbidden,
        'Only a member, asking from the Discord account linked to them, may ask for a password-reset link.',
      );
    }
    const { personId, discordUserId } = actor;
    const attempt = await this.throttle.beforePasswordResetLink(personId);
    try {
      return await this.users.transaction(async (manager) => {
        const member = await this.members.find(personId, manager);
        if (!member || member.discordUserId !== discordUserId) {
          throw new ServiceException(ErrorCode.Forbidden, 'Your Discord account is not the one linked to your member; ask an officer.');
        }
        const found = await this.users.byPerson(personId, manager);
        if (!found) throw new ServiceException(ErrorCode.Conflict, 'You have no account yet: /get-account sends you an invite.');
        const user = await this.lifecycle.current(manager, found);
        if (user.disabledAt)
          throw new ServiceException(
            ErrorCode.Conflict,
            `Your account is disabled, so its password cannot be reset. ${disabledSentence(user)}`,
          );
        // Only the newest link works.
        await this.resets.revokeOpen(manager, user.id);
        const token = newSecret('pwr_', 32);
        const id = randomUUID();
        const expiresAt = new Date(Date.now() + PASSWORD_RESET_MINUTES * 60_000);
        await this.resets.insert(manager, { id, userId: user.id, tokenHash: secretHash(token), expiresAt });
        this.logger.log({ resetId: id, userId: user.id }, 'a password-reset link was made');
        return { token, expiresAt: expiresAt.toISOString() };
      });
    } catch (error) {
      if (error instanceof ServiceException) await this.throttle.refund(attempt);
      throw error;
    }
  }

  /**
   * Sets the account's password with a link's token. The link is checked before bcrypt runs (a
   * bad token costs nothing), and again under its row lock as it is spent.
   */
  async redeem(token: string, password: string, clientIp: string): Promise<null> {
    await this.throttle.beforePasswordReset(clientIp);
    const problem = passwordProblem(password);
    if (problem) throw ServiceException.invalid(`The ${problem}.`, [{ field: 'password', problems: [problem] }]);
    const hash = secretHash(token);
    if (!usable(await this.resets.byHash(hash))) throw new ServiceException(ErrorCode.BadRequest, UNUSABLE_LINK);
    const passwordHash = await this.passwords.hash(password);
    const outcome = await this.users.transaction(async (manager) => {
      const reset = await this.resets.lockByHash(manager, hash);
      if (!reset || !usable(reset)) return { refused: new ServiceException(ErrorCode.BadRequest, UNUSABLE_LINK) };
      const found = await this.users.byId(reset.userId, manager);
      if (!found) return { refused: new ServiceException(ErrorCode.BadRequest, UNUSABLE_LINK) };
      const user = await this.lifecycle.current(manager, found);
      if (user.disabledAt) return { refused: new ServiceException(ErrorCode.AccountDisabled, disabledSentence(user)) };
      await this.users.setPassword(manager, user.id, passwordHash);
      await this.resets.markUsed(manager, reset.id);
      await this.resets.revokeOpen(manager, user.id);
      await this.logins.endAllOf(manager, user.id, 'password_reset');
      await this.events.emit(manager, Events.PasswordSet, { userId: user.id, how: 'reset', at: new Date().toISOString() });
      this.logger.log({ resetId: reset.id, userId: user.id }, 'a password was set with a reset link; every sign-in of the account ended');
      return { done: true };
    });
    if ('refused' in outcome) throw outcome.refused;
    return null;
  }
}

function usable(reset: { expiresAt: Date; usedAt: Date | null; revokedAt: Date | null } | null): boolean {
  return reset !== null && !reset.usedAt && !reset.revokedAt && reset.expiresAt.getTime() > Date.now();
}
