import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { InviteDelivery, InviteDeliveryOutcome, InviteSummary, Page, PageQuery } from '@patt/contracts';

export interface InviteRecord {
  id: string;
  personId: string;
  discordUserId: string;
  discordUsername: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  delivery: InviteDelivery;
}

/** An invite the bot just took: its sealed code (now erased here) and whom to DM. */
export interface ClaimedInvite {
  sealedCode: string;
  discordUserId: string;
  expiresAt: Date;
}

interface Row {
  id: string;
  person_id: string;
  discord_user_id: string;
  discord_username: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  delivery: InviteDelivery;
}

const toRecord = (row: Row): InviteRecord => ({
  id: row.id,
  personId: row.person_id,
  discordUserId: row.discord_user_id,
  discordUsername: row.discord_username,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
  revokedAt: row.revoked_at,
  delivery: row.delivery,
});

const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

/** The columns an invite is read by: never its code, sealed or hashed. */
const COLUMNS = 'id, person_id, discord_user_id, discord_username, expires_at, used_at, revoked_at, delivery';

/** A code the bot has not taken is erased, and the DM will not be sent. */
const ERASE_UNSENT = `sealed_code = NULL, delivery = CASE WHEN delivery = 'pending' THEN 'not_sent' ELSE delivery END`;

@Injectable()
export class InvitesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    invite: {
      id: string;
      personId: string;
      discordUserId: string;
      discordUsername: string;
      codeHash: string;
      sealedCode: string;
      createdBy: string | null;
      expiresAt: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO invites (id, person_id, discord_user_id, discord_username, code_hash, sealed_code, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [invite.id, invite.personId, invite.discordUserId, invite.discordUsername, invite.codeHash, invite.sealedCode, invite.createdBy, invite.expiresAt],
    );
  }

  async byCodeHash(codeHash: string, manager: EntityManager = this.dataSource.manager): Promise<InviteRecord | null> {
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM invites WHERE code_hash = $1`, [codeHash])) as Row[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<InviteRecord | null> {
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM invites WHERE id = $1`, [id])) as Row[];
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** A member's invites, newest first, as officers see them. */
  async ofMember(personId: string, { limit, offset }: PageQuery): Promise<Page<InviteSummary>> {
    const rows = (await this.dataSource.query(
      `SELECT i.id, i.created_at, i.expires_at, i.used_at, i.revoked_at, i.delivery, i.delivery_reason,
              i.created_by, u.username AS creator_username, count(*) OVER ()::int AS total
         FROM invites i LEFT JOIN users u ON u.id = i.created_by
        WHERE i.person_id = $1 ORDER BY i.created_at DESC, i.id LIMIT $2 OFFSET $3`,
      [personId, limit, offset],
    )) as Array<{
      id: string;
      created_at: Date;
      expires_at: Date;
      used_at: Date | null;
      revoked_at: Date | null;
      delivery: InviteDelivery;
      delivery_reason: string | null;
      created_by: string | null;
      creator_username: string | null;
      total: number;
    }>;
    const total =
      rows[0]?.total ??
      ((await this.dataSource.query('SELECT count(*)::int AS n FROM invites WHERE person_id = $1', [personId])) as Array<{ n: number }>)[0]?.n ??
      0;
    return {
      total,
      items: rows.map((row) => ({
        id: row.id,
        createdAt: new Date(row.created_at).toISOString(),
        expiresAt: new Date(row.expires_at).toISOString(),
        usedAt: iso(row.used_at),
        revokedAt: iso(row.revoked_at),
        delivery: row.delivery,
        deliveryReason: row.delivery_reason,
        createdBy: row.created_by && row.creator_username ? { userId: row.created_by, username: row.creator_username } : null,
      })),
    };
  }

  /**
   * Spends the invite in one atomic update: of any number of concurrent redemptions exactly one
   * gets the row back; the others find it used. A code the bot had not taken yet is erased.
   */
  async redeem(manager: EntityManager, codeHash: string, userId: string): Promise<InviteRecord | null> {
    const rows = (await manager.query(
      `UPDATE invites SET used_at = now(), used_by = $2, ${ERASE_UNSENT}
        WHERE code_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING ${COLUMNS}`,
      [codeHash, userId],
    )) as [Row[], number];
    const row = rows[0]?.[0];
    return row ? toRecord(row) : null;
  }

  /**
   * The bot takes the code, once: the row is locked, the sealed code read and erased in the same
   * statement, so two claims (a retried request, two replicas) cannot both get it.
   */
  async claim(inviteId: string): Promise<ClaimedInvite | null> {
    const rows = (await this.dataSource.query(
      `WITH taken AS (SELECT id, sealed_code FROM invites WHERE id = $1 FOR UPDATE)
       UPDATE invites i SET sealed_code = NULL, delivery = 'sending', delivery_updated_at = now()
         FROM taken
        WHERE i.id = taken.id AND taken.sealed_code IS NOT NULL AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
        RETURNING taken.sealed_code, i.discord_user_id, i.expires_at`,
      [inviteId],
    )) as [Array<{ sealed_code: string; discord_user_id: string; expires_at: Date }>, number];
    const row = rows[0]?.[0];
    return row ? { sealedCode: row.sealed_code, discordUserId: row.discord_user_id, expiresAt: row.expires_at } : null;
  }

  /** The code stops working; true when this call revoked it. */
  async revoke(manager: EntityManager, id: string, by: string | null): Promise<boolean> {
    const rows = (await manager.query(
      `UPDATE invites SET revoked_at = now(), revoked_by = $2, ${ERASE_UNSENT}
        WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [id, by],
    )) as [unknown[], number];
    return rows[0].length > 0;
  }

  /** Revokes a member's unused invites that were made for another Discord user than `discordUserId`; how many. */
  async revokeForOtherUsers(manager: EntityManager, personId: string, discordUserId: string | null): Promise<number> {
    const rows = (await manager.query(
      `UPDATE invites SET revoked_at = now(), ${ERASE_UNSENT}
        WHERE person_id = $1 AND used_at IS NULL AND revoked_at IS NULL AND discord_user_id IS DISTINCT FROM $2 RETURNING id`,
      [personId, discordUserId],
    )) as [unknown[], number];
    return rows[0].length;
  }

  /** How the bot's DM ended; only a delivery still under way takes it. */
  async settleDelivery(manager: EntityManager, inviteId: string, outcome: InviteDeliveryOutcome, reason: string | null): Promise<void> {
    await manager.query(
      `UPDATE invites SET delivery = $2, delivery_reason = $3, delivery_updated_at = now(), sealed_code = NULL
        WHERE id = $1 AND delivery IN ('pending', 'sending')`,
      [inviteId, outcome, reason],
    );
  }

  /** Codes that expired before the bot took them are erased; how many. */
  async eraseExpiredCodes(): Promise<number> {
    const rows = (await this.dataSource.query(
      `UPDATE invites SET ${ERASE_UNSENT} WHERE sealed_code IS NOT NULL AND expires_at <= now() RETURNING id`,
    )) as [unknown[], number];
    return rows[0].length;
  }
}
