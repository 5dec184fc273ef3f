import { Injectable, Logger } from '@nestjs/common';
import { describeDiscordFailure, failureText } from '../discord/discord-errors';
import { DiscordGuild } from '../discord/discord-guild';
import { DueMember, LinkedMembersRepository } from '../links/linked-members.repository';
import { MembersMirrorService } from '../mirror/members-mirror.service';
import { MembersRepository } from '../mirror/members.repository';
import { RankRoleMap } from '../ranks/rank-role-map';
import { planRankRoles } from './role-plan';

/** A failed call is tried again after this long (Discord was down, or a 429 not waited out). */
export const ROLE_RETRY_AFTER_MS = 60_000;

/** What reconciling one member did. */
export interface Reconciled {
  added: number;
  removed: number;
  outcome: 'done' | 'refused' | 'postponed';
}

/**
 * Brings one member's rank roles in line with their rank: compares the rank's role with the
 * mirror, makes only the calls that differ, and writes each change to the mirror as soon as
 * Discord confirms it — so that a crash between two calls leaves a mirror that knows the first.
 */
@Injectable()
export class RoleReconciler {
  private readonly logger = new Logger(RoleReconciler.name);

  constructor(
    private readonly guild: DiscordGuild,
    private readonly members: MembersRepository,
    private readonly mirror: MembersMirrorService,
    private readonly links: LinkedMembersRepository,
  ) {}

  async reconcile(due: DueMember, ranks: RankRoleMap): Promise<Reconciled> {
    const userId = due.discordUserId;
    const done = { added: 0, removed: 0 };
    const member = await this.members.find(userId);
    if (!member?.present) {
      // Not on the server: nothing to fix now; their arrival makes them due again.
      await this.links.settle(due, null);
      return { ...done, outcome: 'done' };
    }
    const plan = planRankRoles({ wanted: ranks.roleOf(due.rankLevel), rankRoleIds: ranks.rankRoleIds, current: member.roleIds });
    const reason = `PATT role sync: rank ${ranks.nameOf(due.rankLevel)}`;
    try {
      // The rank's role first, so that a member is never left without one in between.
      for (const roleId of plan.add) {
        await this.guild.addRole(userId, roleId, reason);
        await this.mirror.recordRoleChange(userId, roleId, 'add');
        done.added += 1;
      }
      for (const roleId of plan.remove) {
        await this.guild.removeRole(userId, roleId, reason);
        await this.mirror.recordRoleChange(userId, roleId, 'remove');
        done.removed += 1;
      }
      await this.links.settle(due, null);
      return { ...done, outcome: 'done' };
    } catch (error) {
      const failure = describeDiscordFailure(error);
      const text = failureText(failure);
      if (failure.kind === 'refused') {
        // A missing permission, an unknown member or role: trying again would not help.
        this.logger.warn({ userId, rank: due.rankLevel, reason: text }, 'Discord refused a role change; left as it is');
        await this.links.settle(due, text);
        return { ...done, outcome: 'refused' };
      }
      this.logger.warn({ userId, rank: due.rankLevel, reason: text, retryInMs: ROLE_RETRY_AFTER_MS }, 'a role change failed; will retry');
      await this.links.postpone(due, new Date(Date.now() + ROLE_RETRY_AFTER_MS), text);
      return { ...done, outcome: 'postponed' };
    }
  }
}
