import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MemberMatchedPayload, MemberRankChangedPayload, Rank } from '@patt/contracts';
import { CommitSignals } from '@patt/persistence';
import { LinkedMembersRepository } from '../links/linked-members.repository';
import { RankRolesService } from '../ranks/rank-roles.service';
import { WorkSignal } from '../app/work-signals';

/**
 * Records what members' roles should be, in the transaction of the event that says so; the role
 * sync worker makes it true afterwards. Recording an intent never calls Discord: a crash after the
 * commit leaves the intent in the database for the next start, and a redelivered event finds it
 * recorded already.
 */
@Injectable()
export class RoleSyncService {
  constructor(
    private readonly links: LinkedMembersRepository,
    private readonly rankRoles: RankRolesService,
    private readonly signals: CommitSignals,
  ) {}

  /** identity linked a person to a Discord user (or to none any more), with the person's rank. */
  async recordMatch(manager: EntityManager, match: MemberMatchedPayload, at: Date): Promise<void> {
    if (!match.discordUserId) {
      await this.links.unlinkPerson(manager, match.personId, at);
      return;
    }
    const linked = await this.links.link(manager, { personId: match.personId, discordUserId: match.discordUserId, rankLevel: match.rank.level, at });
    if (linked) await this.signals.notify(manager, WorkSignal.RoleSync);
  }

  async recordRankChange(manager: EntityManager, change: MemberRankChangedPayload, at: Date): Promise<void> {
    if (change.discordUserId) {
      await this.links.link(manager, { personId: change.personId, discordUserId: change.discordUserId, rankLevel: change.to, at });
    } else {
      await this.links.setRankOfPerson(manager, change.personId, change.to, at);
    }
    await this.signals.notify(manager, WorkSignal.RoleSync);
  }

  /** identity's rank table; when a rank's Discord role changed, everyone's roles are due. */
  async recordRanks(manager: EntityManager, ranks: readonly Rank[], at: Date): Promise<void> {
    if (await this.rankRoles.apply(manager, ranks, at)) await this.everyoneDue(manager);
  }

  /** A member arrived on the server: a linked one's roles are due (they come back with none). */
  async memberArrived(manager: EntityManager, discordUserId: string): Promise<void> {
    if (await this.links.markDue(manager, discordUserId)) await this.signals.notify(manager, WorkSignal.RoleSync);
  }

  /** After a full sync every linked member is checked; those already right cost no call. */
  async everyoneDueAfterSync(): Promise<void> {
    await this.links.transaction((manager) => this.everyoneDue(manager));
  }

  async everyoneDue(manager: EntityManager): Promise<void> {
    if ((await this.links.markAllDue(manager)) > 0) await this.signals.notify(manager, WorkSignal.RoleSync);
  }
}
