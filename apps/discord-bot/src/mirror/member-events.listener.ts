import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Events, type GuildMember, type PartialGuildMember, type Role } from 'discord.js';
import { DiscordConnection } from '../discord/discord-connection';
import { snapshotOf } from '../discord/discord-guild';
import { memberStateOf } from './member-state';
import { MembersMirrorService } from './members-mirror.service';

/**
 * Keeps the mirror current between full syncs from the gateway's member events. An update of a
 * member discord.js has not cached yet arrives as guildMemberAvailable, so that counts as an
 * update too. Bots are left out, as everywhere in the mirror.
 */
@Injectable()
export class MemberEventsListener implements OnModuleInit {
  private readonly logger = new Logger(MemberEventsListener.name);

  constructor(
    private readonly connection: DiscordConnection,
    private readonly mirror: MembersMirrorService,
  ) {}

  onModuleInit(): void {
    this.connection.bind((client) => {
      client.on(Events.GuildMemberAdd, (member) => this.changed(member));
      client.on(Events.GuildMemberUpdate, (_before, member) => this.changed(member));
      client.on(Events.GuildMemberAvailable, (member) => this.changed(member));
      client.on(Events.GuildMemberRemove, (member) => this.left(member));
      client.on(Events.GuildRoleCreate, (role) => this.roleChanged(role));
      client.on(Events.GuildRoleUpdate, (_before, role) => this.roleChanged(role));
      client.on(Events.GuildRoleDelete, (role) => this.roleDeleted(role));
    });
  }

  private changed(member: GuildMember | PartialGuildMember): void {
    if (member.partial || !this.ours(member.guild.id) || member.user.bot) return;
    this.track(this.mirror.observe(memberStateOf(snapshotOf(member))), 'member changed', member.id);
  }

  private left(member: GuildMember | PartialGuildMember): void {
    if (!this.ours(member.guild.id) || member.user?.bot) return;
    const last = member.partial ? null : memberStateOf(snapshotOf(member));
    this.track(this.mirror.observeDeparture(member.id, last), 'member left', member.id);
  }

  private roleChanged(role: Role): void {
    if (!this.ours(role.guild.id) || role.id === role.guild.id) return;
    // rawPosition is Discord's own, as a full sync reads it; discord.js's `position` is an index among the cached roles.
    const snapshot = { roleId: role.id, name: role.name, position: role.rawPosition, color: role.colors.primaryColor, managed: role.managed };
    this.track(this.mirror.observeRole(snapshot), 'role changed');
  }

  private roleDeleted(role: Role): void {
    if (this.ours(role.guild.id)) this.track(this.mirror.observeRoleDeleted(role.id), 'role deleted');
  }

  private ours(guildId: string): boolean {
    return guildId === this.connection.guildId;
  }

  /** A gateway event cannot be retried: a failure is logged, and the next full sync repairs the mirror. */
  private track(work: Promise<unknown>, what: string, userId?: string): void {
    work.catch((error: unknown) => this.logger.error({ err: error, userId }, `could not record a ${what}; the next full sync will`));
  }
}
