import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ErrorCode, Events, RankLevel, Session, User } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { ServiceException } from '@patt/service-kit';
import { AuthConfig } from '../app/auth.config';
import { InvitesRepository } from '../invites/invites.repository';
import { ThrottleService } from '../throttling/throttle.service';
import { secretHash } from '../tokens/secrets';
import { TokensService, userOf } from '../tokens/tokens.service';
import { AccountLifecycle, disabledSentence } from './account-lifecycle.service';
import { passwordProblem, Passwords } from './passwords';
import { UsersRepository } from './users.repository';

const WRONG_CREDENTIALS = 'The username or password is wrong.';

@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    @Inject(AuthConfig) private readonly config: AuthConfig,
    private readonly users: UsersRepository,
    private readonly invites: InvitesRepository,
    private readonly passwords: Passwords,
    private readonly tokens: TokensService,
    private readonly throttle: ThrottleService,
    private readonly events: EventPublisher,
    private readonly lifecycle: AccountLifecycle,
  ) {}

  /** The first Guild Leader, from ADMIN_USERNAME and ADMIN_PASSWORD, made once. */
  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.byUsername(this.config.ADMIN_USERNAME)) return;
    const problem = passwordProblem(this.config.ADMIN_PASSWORD);
    if (problem) throw new Error(`ADMIN_PASSWORD: ${problem}`);
    const passwordHash = await this.passwords.hash(this.config.ADMIN_PASSWORD);
    await this.users
      .transaction((manager) =>
        this.users.insert(manager, {
          id: randomUUID(),
          username: this.config.ADMIN_USERNAME,
          displayName: this.config.ADMIN_USERNAME,
          passwordHash,
          personId: null,
          rankOverride: RankLevel.GuildLeader,
        }),
      )
      .catch((error: unknown) => {
        // Another replica made it first.
        if ((error as { code?: string }).code !== '23505') throw error;
      });
    this.logger.log(`made the first Guild Leader account "${this.config.ADMIN_USERNAME}"`);
  }

  /**
   * The same answer, in about the same time, for an unknown user and a wrong password. The attempt
   * is counted (as a failure) before the password is compared, so parallel guesses cannot pass the
   * throttle together; a success gives the failure back, and so does a 503 when bcrypt is too busy
   * to compare at all. A disabled account is told so (403, and why) only once the password is
   * right: to anyone else it looks like any other account.
   */
  async login(username: string, password: string, clientIp: string): Promise<Session> {
    const attempt = await this.throttle.beforeLogin(username, clientIp);
    const user = await this.users.byUsername(username);
    const valid = await this.passwords.verify(password, user?.passwordHash ?? null).catch(async (error: unknown) => {
      await this.throttle.refund(attempt);
      throw error;
    });
    if (!user || !valid) throw new ServiceException(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    await this.throttle.loginSucceeded(attempt);
    const outcome = await this.users.transaction(async (manager) => {
      const current = await this.lifecycle.current(manager, user);
      return current.disabledAt ? { disabled: current } : this.tokens.issue(manager, current);
    });
    if ('disabled' in outcome) throw new ServiceException(ErrorCode.AccountDisabled, disabledSentence(outcome.disabled));
    await this.users.touchLogin(user.id);
    return outcome;
  }

  /**
   * An account from an invite: the username must be the invited member's Discord username, and the
   * code is spent atomically in the same transaction that makes the account.
   */
  async register(inviteCode: string, username: string, password: string, clientIp: string): Promise<Session> {
    const attempt = await this.throttle.beforeRegistration(username, clientIp);
    const problem = passwordProblem(password);
    if (problem) throw ServiceException.invalid(`The ${problem}.`, [{ field: 'password', problems: [problem] }]);
    const codeHash = secretHash(inviteCode);
    const invite = await this.invites.byCodeHash(codeHash);
    if (!invite || invite.usedAt || invite.revokedAt || invite.expiresAt.getTime() <= Date.now()) {
      throw new ServiceException(ErrorCode.BadRequest, 'This invite code is unknown, used, revoked or expired; ask an officer for a new one.');
    }
    // Never named: whoever holds a code must already know whose it is.
    if (invite.discordUsername.toLowerCase() !== username.toLowerCase()) {
      throw ServiceException.invalid('The username must be the Discord username this invite was sent to (in any case).', [
        { field: 'username', problems: ['username must be the Discord username of the member the invite was made for'] },
      ]);
    }
    const passwordHash = await this.passwords.hash(password).catch(async (error: unknown) => {
      await this.throttle.refund(attempt);
      throw error;
    });
    const id = randomUUID();
    return this.users.transaction(async (manager) => {
      const spent = await this.invites.redeem(manager, codeHash, id);
      if (!spent) throw new ServiceException(ErrorCode.Conflict, 'This invite code has just been used.');
      if (await this.users.byPerson(spent.personId, manager)) {
        throw new ServiceException(ErrorCode.Conflict, 'This member already has an account.');
      }
      await this.users
        .insert(manager, { id, username: invite.discordUsername, displayName: invite.discordUsername, passwordHash, personId: spent.personId, rankOverride: null })
        .catch((error: unknown) => {
          if ((error as { code?: string }).code === '23505') {
            throw new ServiceException(ErrorCode.Conflict, 'That username is taken.');
          }
          throw error;
        });
      await this.events.emit(manager, Events.UserRegistered, { userId: id, personId: spent.personId, username: invite.discordUsername });
      const user = await this.users.byId(id, manager);
      if (!user) throw new Error('the account just made is missing');
      return this.tokens.issue(manager, user);
    });
  }

  async refresh(refreshToken: string, clientIp: string): Promise<Session> {
    await this.throttle.beforeRefresh(clientIp);
    return this.tokens.refresh(refreshToken);
  }

  async me(userId: string): Promise<User> {
    const found = await this.users.byId(userId);
    if (!found) throw new ServiceException(ErrorCode.Unauthenticated, 'This account no longer exists; sign in again.');
    const user = found.memberInGuild === false ? await this.users.transaction((manager) => this.lifecycle.current(manager, found)) : found;
    if (user.disabledAt) throw new ServiceException(ErrorCode.AccountDisabled, disabledSentence(user));
    return userOf(user);
  }
}
