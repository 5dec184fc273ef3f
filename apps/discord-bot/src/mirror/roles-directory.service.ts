import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DiscordRole, Page, PageQuery } from '@patt/contracts';
import { DiscordConnection } from '../discord/discord-connection';
import { DiscordRoleEntity } from './discord-role.entity';

/**
 * The mirror's roles as the Guild Leader reads them to map ranks to roles: highest first, each
 * saying whether the bot may give it (not managed, below the bot's highest role, which only the
 * connected client knows).
 */
@Injectable()
export class RolesDirectoryService {
  constructor(
    @InjectRepository(DiscordRoleEntity) private readonly roles: Repository<DiscordRoleEntity>,
    private readonly connection: DiscordConnection,
  ) {}

  async list(query: PageQuery): Promise<Page<DiscordRole>> {
    const [rows, total] = await this.roles.findAndCount({
      order: { position: 'DESC', roleId: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    const botTop = this.botTopPosition();
    return {
      total,
      items: rows.map((row) => ({
        id: row.roleId,
        name: row.name,
        position: row.position,
        managed: row.managed,
        assignable: botTop !== null && !row.managed && row.position < botTop,
      })),
    };
  }

  /** The position of the bot's highest role, or null while it is not connected. */
  private botTopPosition(): number | null {
    if (!this.connection.configured || !this.connection.ready) return null;
    const guild = this.connection.current().guilds.cache.get(this.connection.guildId);
    // rawPosition is Discord's own (what the mirror keeps); discord.js's `position` is an index among the cached roles.
    return guild?.members.me?.roles.highest.rawPosition ?? null;
  }
}
