import { Injectable, Logger } from '@nestjs/common';
import { ChangePasswordRequest, ErrorCode, Events, User } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { ServiceException } from '@patt/service-kit';
import { ThrottleService } from '../throttling/throttle.service';
import { Logins } from '../tokens/logins';
import { RefreshTokensRepository } from '../tokens/refresh-tokens.repository';
import { secretHash } from '../tokens/secrets';
import { userOf } from '../tokens/tokens.service';
import { AccountLifecycle, disabledSentence } from './account-lifecycle.service';
import { passwordProblem, Passwords } from './passwords';
import { PasswordResetsRepository } from './password-resets.repository';
import { UserRecord, UsersRepository } from './users.repository';

const WRONG_CURRENT = 'The current password is wrong.';

/**
 * A signed-in member's own password (`POST /auth/password`):
 *
 * - an account with none (made by signing in with Discord) gets its first one from `{password}`;
 *   its sign-ins go on (nothing was known to anyone before);
 * - an account with one changes it with `{currentPassword, password}`: the current password is
 *   guessed against the sign-in throttle (ThrottleService.beforeLogin, as a login would), and a
 *   change ends every other sign-in of the account (its refresh tokens), keeping only the caller's
 *   own (the refresh token the gateway passed, when it is this account's and still open).
 *
 * Either way the open password-reset links of the account are revoked, `password-set` is
 * announced (every gateway replica's copy of the account goes), a disabled account is refused,
 * and two changes racing from one password cannot both succeed (the hash is replaced only if it
 * is still the one checked).
 */
@Injectable()
export class OwnPasswordService {
  private readonly logger = new Logger(OwnPasswordService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly lifecycle: AccountLifecycle,
    private readonly passwords: Passwords,
    private readonly throttle: ThrottleService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly resets: PasswordResetsRepository,
    private readonly logins: Logins,
    private readonly events: EventPublisher,
  ) {}

  async change(userId: string, { currentPassword, password, keepRefreshToken, clientIp }: ChangePasswordRequest): Promise<User> {
    const user = await this.openAccount(userId);
    const problem = passwordProblem(password);
    if (problem) throw ServiceException.invalid(`The ${problem}.`, [{ field: 'password', problems: [problem] }]);
    if (user.passwordHash === null && currentPassword !== undefined) {
      throw ServiceException.invalid('This account has no password yet: send only the new password to set one.', [
        { field: 'currentPassword', problems: ['currentPassword must not be sent: the account has no password yet'] },
      ]);
    }
    if (user.passwordHash !== null && currentPassword === undefined) {
      throw ServiceException.invalid('This account has a password: send the current one with the new one to change it.', [
        { field: 'currentPassword', problems: ['currentPassword is required to change a password'] },
      ]);
    }
    const spend = await this.throttle.beforeOwnPassword(user.id);
    let passwordHash: string;
    try {
      if (user.passwordHash !== null && !(await this.currentMatches(user, currentPassword as string, clientIp))) {
        // Counted, here and as a failed sign-in: guesses run out as they would on the sign-in page.
        this.logger.log({ userId: user.id }, 'a password change was refused: the current password was wrong');
        throw ServiceException.invalid(WRONG_CURRENT, [{ field: 'currentPassword', problems: ['currentPassword is not this account’s password'] }]);
      }
      passwordHash = await this.passwords.hash(password);
    } catch (error) {
      // A 429 or 503 of the sign-in limits or bcrypt: nothing was checked, so nothing is counted.
      if (!(error instanceof ServiceException && error.code === ErrorCode.ValidationFailed)) await this.throttle.refund(spend).catch(() => undefined);
      throw error;
    }
    return this.replace(user, passwordHash, keepRefreshToken);
  }

  private async openAccount(userId: string): Promise<UserRecord> {
    const found = await this.users.byId(userId);
    if (!found) throw new ServiceException(ErrorCode.Unauthenticated, 'This account no longer exists; sign in again.');
    const user = await this.users.transaction((manager) => this.lifecycle.current(manager, found));
    if (user.disabledAt) throw new ServiceException(ErrorCode.AccountDisabled, disabledSentence(user));
    return user;
  }

  /** As a sign-in checks a password, under the same limits; a right one gives its failure back. */
  private async currentMatches(user: UserRecord, currentPassword: string, clientIp: string): Promise<boolean> {
    const attempt = await this.throttle.beforeLogin(user.username, clientIp);
    const valid = await this.passwords.verify(currentPassword, user.passwordHash).catch(async (error: unknown) => {
      await this.throttle.refund(attempt);
      throw error;
    });
    if (valid) await this.throttle.loginSucceeded(attempt);
    return valid;
  }

  private async replace(user: UserRecord, passwordHash: string, keepRefreshToken: string | undefined): Promise<User> {
    const outcome = await this.users.transaction(async (manager) => {
      const current = await this.lifecycle.current(manager, user);
      if (current.disabledAt) return { refused: new ServiceException(ErrorCode.AccountDisabled, disabledSentence(current)) };
      if (!(await this.users.replacePassword(manager, user.id, user.passwordHash, passwordHash))) {
        return {
          refused: new ServiceException(
            ErrorCode.Conflict,
            'The password of this account changed meanwhile (another tab or device); reload your profile and try again.',
          ),
        };
      }
      await this.resets.revokeOpen(manager, user.id);
      let ended = 0;
      if (user.passwordHash !== null) {
        const kept = keepRefreshToken ? await this.refreshTokens.lockByHash(manager, secretHash(keepRefreshToken)) : null;
        const keepFamily = kept && kept.userId === user.id && !kept.revokedAt ? kept.familyId : null;
        ended = (await this.logins.endAllOf(manager, user.id, 'password_changed', keepFamily)).length;
      }
      // Every gateway replica forgets its copy of the account (hasPassword), not only the caller's.
      await this.events.emit(manager, Events.PasswordSet, { userId: user.id, how: user.passwordHash === null ? 'first' : 'changed', at: new Date().toISOString() });
      const changed = await this.users.byId(user.id, manager);
      if (!changed) throw new Error('the account whose password was just set is missing');
      return { user: changed, ended };
    });
    if ('refused' in outcome) throw outcome.refused;
    this.logger.log(
      { userId: user.id, first: user.passwordHash === null, otherSignInsEnded: outcome.ended },
      user.passwordHash === null ? 'a first password was set' : 'a password was changed; the other sign-ins of the account ended',
    );
    return userOf(outcome.user);
  }
}
