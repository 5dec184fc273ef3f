import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DISCORD_MEMBERS_PER_PART, DiscordMemberState, Events } from '@patt/contracts';
import { EventPublisher, splitIntoParts } from '@patt/messaging';
import type { GuildRoleSnapshot } from '../discord/discord-guild';
import { SerialQueue } from '../concurrency/serial-queue';
import { GuildRolesRepository } from './guild-roles.repository';
import { MemberSyncCounts, MemberSyncsRepository } from './member-syncs.repository';
import { changeOf, departed, MemberChange, planMirrorSync } from './member-state';
import { MembersRepository } from './members.repository';
import { MirrorObservers } from './mirror-observers';

/** members-synced parts stay well under the bus's event size, whatever the members' role counts. */
const MAX_PART_BYTES = 600 * 1024;

export interface ListedGuild {
  syncId: string;
  /** When the sync began reading Discord: members observed after that keep what was observed. */
  startedAt: Date;
  members: DiscordMemberState[];
  roles: GuildRoleSnapshot[];
}

/**
 * The only writer of the members mirror. Every change is written with the events that announce it
 * (member-changed, members-synced) in one transaction, and all writes go through one queue so two
 * changes of a member never commit out of order.
 */
@Injectable()
export class MembersMirrorService {
  private readonly writes = new SerialQueue();

  constructor(
    private readonly members: MembersRepository,
    private readonly roles: GuildRolesRepository,
    private readonly syncs: MemberSyncsRepository,
    private readonly events: EventPublisher,
    private readonly observers: MirrorObservers,
  ) {}

  /** A member as the gateway shows them now (arrived, or changed); the change announced, if any. */
  observe(member: DiscordMemberState): Promise<MemberChange | null> {
    return this.writes.run(() =>
      this.members.transaction(async (manager) => {
        const before = await this.members.lock(manager, member.userId);
        const change = changeOf(before, member);
        if (!change) return null;
        await this.members.save(manager, member, new Date());
        await this.announce(manager, change, member);
        if (change === 'joined') await this.observers.memberArrived(manager, member.userId);
        return change;
      }),
    );
  }

  /** A member left the server; `last` is how the gateway last showed them, when it still had them. */
  observeDeparture(userId: string, last: DiscordMemberState | null): Promise<MemberChange | null> {
    return this.writes.run(() =>
      this.members.transaction(async (manager) => {
        const before = (await this.members.lock(manager, userId)) ?? last;
        if (!before) return null;
        const after = departed(before);
        const change = changeOf(before, after);
        await this.members.save(manager, after, new Date());
        if (change) await this.announce(manager, change, after);
        return change;
      }),
    );
  }

  /** Discord confirmed a role change of ours: the mirror takes it at once, with its member-changed. */
  recordRoleChange(userId: string, roleId: string, change: 'add' | 'remove'): Promise<void> {
    return this.writes.run(() =>
      this.members.transaction(async (manager) => {
        const after = await this.members.changeRole(manager, userId, roleId, change);
        if (after) await this.announce(manager, 'updated', after);
      }),
    );
  }

  /**
   * Lays Discord's full member list over the mirror: new, changed and returning members are
   * written, those no longer listed are marked gone, and every member (present or not) is
   * announced in members-synced parts. Once the mirror has been filled, each difference is also
   * announced as its own member-changed, so that a change the gateway did not deliver (while
   * disconnected, or while the bot was down) is not lost to those who follow member-changed.
   */
  async applyFullSync(guild: ListedGuild): Promise<MemberSyncCounts> {
    const counts = await this.writes.run(() =>
      this.members.transaction(async (manager) => {
        const announceChanges = await this.syncs.anySucceeded(manager);
        const mirror = new Map((await this.members.all(manager)).map((member) => [member.userId, member]));
        const plan = planMirrorSync(mirror, guild.members);
        const written = await this.members.saveListed(manager, plan.upserts, guild.startedAt);
        const gone = await this.members.markGone(manager, plan.gone, guild.startedAt);
        await this.roles.replaceAll(manager, guild.roles, guild.startedAt);

        const counts: MemberSyncCounts = { memberCount: guild.members.length, joinedCount: 0, leftCount: 0, updatedCount: 0 };
        for (const member of plan.upserts.filter((m) => written.has(m.userId))) {
          const change = changeOf(mirror.get(member.userId) ?? null, member);
          if (change === 'joined') counts.joinedCount += 1;
          if (change === 'updated') counts.updatedCount += 1;
          if (change && announceChanges) await this.announce(manager, change, member);
        }
        for (const userId of gone) {
          counts.leftCount += 1;
          const last = mirror.get(userId);
          if (last && announceChanges) await this.announce(manager, 'left', departed(last));
        }

        await this.announceAll(manager, guild.syncId);
        await this.syncs.succeed(manager, guild.syncId, counts);
        return counts;
      }),
    );
    // Outside the sync's transaction: it touches every linked member, and a long transaction
    // doing so would meet the event consumers' in deadlocks. A crash in between is harmless, as
    // the next start runs a full sync (and this) again.
    await this.observers.fullSyncApplied();
    return counts;
  }

  /** A role of the server was created or changed (gateway). */
  observeRole(role: GuildRoleSnapshot): Promise<void> {
    return this.writes.run(() => this.members.transaction((manager) => this.roles.save(manager, role, new Date())));
  }

  observeRoleDeleted(roleId: string): Promise<void> {
    return this.writes.run(() => this.roles.remove(roleId));
  }

  private async announce(manager: EntityManager, change: MemberChange, member: DiscordMemberState): Promise<void> {
    await this.events.emit(manager, Events.DiscordMemberChanged, { change, member, at: new Date().toISOString() });
  }

  private async announceAll(manager: EntityManager, syncId: string): Promise<void> {
    const syncedAt = new Date().toISOString();
    const parts = splitIntoParts(await this.members.all(manager), { perPart: DISCORD_MEMBERS_PER_PART, maxBytes: MAX_PART_BYTES });
    await this.events.emitParts(
      manager,
      Events.DiscordMembersSynced,
      parts.map((members) => ({ syncId, syncedAt, members })),
    );
  }
}
