import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface InviteRecord {
  id: string;
  personId: string;
  discordUserId: string;
  discordUsername: string;
  expiresAt: Date;
  usedAt: Date | null;
}

interface Row {
  id: string;
  person_id: string;
  discord_user_id: string;
  discord_username: string;
  expires_at: Date;
  used_at: Date | null;
}

const toRecord = (row: Row): InviteRecord => ({
  id: row.id,
  personId: row.person_id,
  discordUserId: row.discord_user_id,
  discordUsername: row.discord_username,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
});

@Injectable()
export class InvitesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    invite: { id: string; personId: string; discordUserId: string; discordUsername: string; codeHash: string; createdBy: string | null; expiresAt: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO invites (id, person_id, discord_user_id, discord_username, code_hash, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [invite.id, invite.personId, invite.discordUserId, invite.discordUsername, invite.codeHash, invite.createdBy, invite.expiresAt],
    );
  }

  async byCodeHash(codeHash: string, manager: EntityManager = this.dataSource.manager): Promise<InviteRecord | null> {
    const rows = (await manager.query('SELECT * FROM invites WHERE code_hash = $1', [codeHash])) as Row[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * Spends the invite in one atomic update: of any number of concurrent redemptions exactly one
   * gets the row back; the others find it used.
   */
  async redeem(manager: EntityManager, codeHash: string, userId: string): Promise<InviteRecord | null> {
    const rows = (await manager.query(
      `UPDATE invites SET used_at = now(), used_by = $2
        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING *`,
      [codeHash, userId],
    )) as [Row[], number];
    const row = rows[0]?.[0];
    return row ? toRecord(row) : null;
  }
}
