import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { GuildRoleSnapshot } from '../discord/discord-guild';
import { DiscordRoleEntity } from './discord-role.entity';

@Injectable()
export class GuildRolesRepository {
  constructor(@InjectRepository(DiscordRoleEntity) private readonly roles: Repository<DiscordRoleEntity>) {}

  /** The server's roles as a full sync read them: those no longer there are dropped. */
  async replaceAll(manager: EntityManager, roles: readonly GuildRoleSnapshot[], observedAt: Date): Promise<void> {
    await manager.query('DELETE FROM discord_roles WHERE NOT (role_id = ANY($1::text[]))', [roles.map((role) => role.roleId)]);
    for (const role of roles) await this.save(manager, role, observedAt);
  }

  async save(manager: EntityManager, role: GuildRoleSnapshot, observedAt: Date): Promise<void> {
    await manager.query(
      `INSERT INTO discord_roles (role_id, name, position, color, managed, observed_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (role_id) DO UPDATE SET name = EXCLUDED.name, position = EXCLUDED.position, color = EXCLUDED.color,
         managed = EXCLUDED.managed, observed_at = EXCLUDED.observed_at`,
      [role.roleId, role.name, role.position, role.color, role.managed, observedAt],
    );
  }

  async remove(roleId: string): Promise<void> {
    await this.roles.delete({ roleId });
  }
}
