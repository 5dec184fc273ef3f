import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface NewBattlenetFlow {
  stateHash: string;
  browserHash: string;
  codeVerifier: string;
  redirectUri: string;
  personId: string;
  userId: string;
  expiresAt: Date;
}

/** A flow as its callback found it, before the callback spent it. */
export interface SpentBattlenetFlow {
  browserHash: string;
  codeVerifier: string | null;
  redirectUri: string;
  personId: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Battle.net link flows: started, then spent by one callback. */
@Injectable()
export class BattlenetFlowsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(flow: NewBattlenetFlow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO battlenet_flows (state_hash, browser_hash, code_verifier, redirect_uri, person_id, user_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [flow.stateHash, flow.browserHash, flow.codeVerifier, flow.redirectUri, flow.personId, flow.userId, flow.expiresAt],
    );
  }

  /**
   * Spends the flow of this state, whatever the callback's verdict will be: the row is locked,
   * read as it was, marked used and its verifier erased, in one transaction, so of two callbacks
   * with one state exactly one sees it unused. Null when no flow has that state.
   */
  async spend(stateHash: string, at: Date): Promise<SpentBattlenetFlow | null> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT browser_hash, code_verifier, redirect_uri, person_id, user_id, expires_at, used_at FROM battlenet_flows WHERE state_hash = $1 FOR UPDATE`,
        [stateHash],
      )) as Array<{ browser_hash: string; code_verifier: string | null; redirect_uri: string; person_id: string; user_id: string; expires_at: Date; used_at: Date | null }>;
      const row = rows[0];
      if (!row) return null;
      if (!row.used_at) await manager.query('UPDATE battlenet_flows SET used_at = $2, code_verifier = NULL WHERE state_hash = $1', [stateHash, at]);
      return {
        browserHash: row.browser_hash,
        codeVerifier: row.code_verifier,
        redirectUri: row.redirect_uri,
        personId: row.person_id,
        userId: row.user_id,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
      };
    });
  }

  /** Forgets flows past their time (a day later, so a late callback still hears "expired" rather than "unknown"). */
  async forgetOld(at: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM battlenet_flows WHERE expires_at < $1::timestamptz - interval '1 day'`, [at]);
  }
}
