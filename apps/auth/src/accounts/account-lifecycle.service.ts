import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccountDisabledCause, Actor, ErrorCode, Events, MemberAccount, MemberAction, RankLevel, rankRuleVerdict } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { ServiceException } from '@patt/service-kit';
import { EntityManager } from 'typeorm';
import { AuthConfig } from '../app/auth.config';
import { MemberProjectionRepository } from '../members/member-projection.repository';
import { RefreshTokensRepository } from '../tokens/refresh-tokens.repository';
import { AccountChange, UserRecord, UsersRepository } from './users.repository';

/** How an account is shown on its member: working, or disabled since when and why. */
export function accountOf(user: UserRecord): MemberAccount {
  return {
    status: user.disabledAt ? 'disabled' : 'active',
    disabledAt: user.disabledAt ? new Date(user.disabledAt).toISOString() : null,
    disabledReason: user.disabledReason,
    disabledCause: user.disabledCause,
  };
}

/** The sentence a disabled member reads when they try to sign in. */
export function disabledSentence(user: UserRecord): string {
  const since = user.disabledAt ? new Date(user.disabledAt).toISOString().slice(0, 10) : 'now';
  return user.disabledCause === 'officer'
    ? `This account was disabled by an officer on ${since}: ${user.disabledReason ?? 'no reason given'} Ask an officer to enable it again.`
    : `This account was disabled on ${since}: ${user.disabledReason ?? ''} It works again once you are back in the guild, or when an officer enables it.`;
}

/**
 * Accounts follow membership: an officer disables one (with a reason) or enables it again, within
 * the rank rules; an account whose member has had no character in the guild for
 * ACCOUNT_GRACE_DAYS is disabled by itself, and enabled again when the member is back. Disabling
 * ends every sign-in at once (its refresh tokens are revoked) and stops its API keys (they are
 * judged by their maker on every use). Each change is announced in its own transaction.
 */
@Injectable()
export class AccountLifecycle {
  private readonly logger = new Logger(AccountLifecycle.name);

  constructor(
    @Inject(AuthConfig) private readonly config: AuthConfig,
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly events: EventPublisher,
    private readonly members: MemberProjectionRepository,
  ) {}

  /** Disables the accounts (of everyone, a member or one account) whose member has been out of the guild too long. */
  async sweep(manager: EntityManager, only: { personId?: string; userId?: string } = {}): Promise<AccountChange[]> {
    const changes = await this.users.disableDeparted(manager, this.config.ACCOUNT_GRACE_DAYS, only);
    for (const change of changes) await this.stopped(manager, change, 'left_guild', null);
    if (changes.length > 0) this.logger.log({ accounts: changes.map((c) => c.userId) }, 'accounts of members out of the guild disabled');
    return changes;
  }

  /** The member is back in the guild: accounts disabled for leaving work again. */
  async memberReturned(manager: EntityManager, personId: string): Promise<void> {
    for (const change of await this.users.enableReturned(manager, personId)) {
      await this.events.emit(manager, Events.AccountEnabled, {
        userId: change.userId,
        personId: change.personId,
        reason: 'Back in the guild.',
        cause: 'back_in_guild',
        by: null,
        at: change.at.toISOString(),
      });
      this.logger.log({ userId: change.userId, personId }, 'account enabled: the member is back in the guild');
    }
  }

  /**
   * The account as a sign-in, a refresh or a key must see it: one whose grace ran out since the
   * last sweep is disabled now, in the caller's transaction, rather than at the next sweep.
   */
  async current(manager: EntityManager, user: UserRecord): Promise<UserRecord> {
    if (user.disabledAt || user.memberInGuild !== false) return user;
    const changes = await this.sweep(manager, { userId: user.id });
    return changes.length > 0 ? ((await this.users.byId(user.id, manager)) ?? user) : user;
  }

  async disableByOfficer(personId: string, reason: string, actor: Actor): Promise<MemberAccount> {
    return this.users.transaction(async (manager) => {
      const user = await this.accountOfMember(manager, personId);
      await this.assertRankRule(manager, 'disable_account', actor, user);
      if (user.disabledCause === 'officer') {
        throw ServiceException.conflict(`This account is already disabled (since ${new Date(user.disabledAt as Date).toISOString().slice(0, 10)}: ${user.disabledReason}).`);
      }
      const change = await this.users.disableByOfficer(manager, user.id, reason, actor.userId);
      if (!change) throw ServiceException.conflict('This account cannot be disabled.');
      await this.stopped(manager, change, 'officer', actor.userId);
      this.logger.log({ userId: user.id, personId, by: actor.userId }, 'account disabled by an officer');
      return accountOf((await this.users.byId(user.id, manager)) as UserRecord);
    });
  }

  async enableByOfficer(personId: string, actor: Actor): Promise<MemberAccount> {
    return this.users.transaction(async (manager) => {
      const user = await this.accountOfMember(manager, personId);
      await this.assertRankRule(manager, 'enable_account', actor, user);
      const change = await this.users.enableByOfficer(manager, user.id);
      if (!change) throw ServiceException.conflict('This account is not disabled.');
      await this.events.emit(manager, Events.AccountEnabled, {
        userId: change.userId,
        personId: change.personId,
        reason: `Enabled by ${actor.username}.`,
        cause: 'officer',
        by: actor.userId,
        at: change.at.toISOString(),
      });
      this.logger.log({ userId: user.id, personId, by: actor.userId }, 'account enabled by an officer');
      return accountOf((await this.users.byId(user.id, manager)) as UserRecord);
    });
  }

  /**
   * The rank rules for an officer acting on a member: judged by the lower of their token's rank and
   * the rank auth holds for their account now; a caller whose own account is disabled may do nothing.
   */
  async assertRankRule(manager: EntityManager, action: MemberAction, actor: Actor, target: { personId: string; rankLevel: RankLevel }): Promise<void> {
    const own = await this.accountOfActor(manager, actor);
    if (own?.disabledAt) throw new ServiceException(ErrorCode.AccountDisabled, 'Your own account is disabled.');
    let rank = own ? (Math.min(actor.rank, own.rankLevel) as RankLevel) : actor.rank;
    if (!own && actor.discordUserId !== undefined) {
      // The Discord bot acts for a member without an account: the rank auth holds for the person.
      const member = actor.personId ? await this.members.find(actor.personId, manager) : null;
      rank = member ? (Math.min(rank, member.rankLevel) as RankLevel) : RankLevel.Initiate;
    }
    const verdict = rankRuleVerdict(action, { rank, personId: actor.personId }, { personId: target.personId, rank: target.rankLevel });
    if (!verdict.allowed) throw new ServiceException(ErrorCode.Forbidden, verdict.reason);
  }

  /**
   * The caller's own account: by its id, or, for the Discord bot acting for a member (no account
   * id in its actor), by the member.
   */
  async accountOfActor(manager: EntityManager, actor: Actor): Promise<UserRecord | null> {
    if (actor.userId) return this.users.byId(actor.userId, manager);
    return actor.personId ? this.users.byPerson(actor.personId, manager) : null;
  }

  private async accountOfMember(manager: EntityManager, personId: string): Promise<UserRecord & { personId: string }> {
    const user = await this.users.byPerson(personId, manager);
    if (!user) throw ServiceException.notFound('An account of this member');
    return user as UserRecord & { personId: string };
  }

  /** A disabled account's sign-ins end now; its keys stop by themselves (they are checked against it). */
  private async stopped(manager: EntityManager, change: AccountChange, cause: AccountDisabledCause, by: string | null): Promise<void> {
    await this.refreshTokens.revokeAllOf(manager, change.userId);
    await this.events.emit(manager, Events.AccountDisabled, {
      userId: change.userId,
      personId: change.personId,
      reason: change.reason,
      cause,
      by,
      at: change.at.toISOString(),
    });
  }
}
