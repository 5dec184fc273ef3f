import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OAUTH_STATE_LIFETIME_MS, oauthHash, StoredOAuthState } from '@patt/service-kit';

/** A started flow, as the callback finds it (before the callback spent it). */
export interface OAuthStateRecord extends StoredOAuthState {
  provider: string;
  codeVerifier: string;
  redirectUri: string;
  userId: string | null;
}

interface StateRow {
  provider: string;
  browser_hash: string;
  code_verifier: string;
  redirect_uri: string;
  user_id: string | null;
  expires_at: Date;
  was_used_at: Date | null;
}

/**
 * The flows started and not yet finished (migration 1765000000100): keyed by the state's hash, each
 * bound to the browser that started it by the hash of its binding cookie, good for 10 minutes and
 * for one callback.
 */
@Injectable()
export class OAuthStatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async save(flow: {
    state: string;
    provider: string;
    browserSecret: string;
    codeVerifier: string;
    redirectUri: string;
    userId?: string | null;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO oauth_states (state_hash, provider, browser_hash, code_verifier, redirect_uri, user_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7::double precision))`,
      [
        oauthHash(flow.state),
        flow.provider,
        oauthHash(flow.browserSecret),
        flow.codeVerifier,
        flow.redirectUri,
        flow.userId ?? null,
        OAUTH_STATE_LIFETIME_MS / 1000,
      ],
    );
  }

  /**
   * Spends a state of `provider`, whatever the callback then decides (a state is good for one try,
   * even one from the wrong browser): the flow as it was before, or null for a state never made
   * (or made for another provider). Concurrent callbacks with one state: one finds it unused.
   */
  async spend(state: string, provider: string): Promise<OAuthStateRecord | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE oauth_states s SET used_at = COALESCE(s.used_at, now())
         FROM (SELECT state_hash, used_at AS was_used_at FROM oauth_states WHERE state_hash = $1 AND provider = $2 FOR UPDATE) before
        WHERE s.state_hash = before.state_hash
        RETURNING s.provider, s.browser_hash, s.code_verifier, s.redirect_uri, s.user_id, s.expires_at, before.was_used_at`,
      [oauthHash(state), provider],
    )) as [StateRow[], number];
    const row = rows[0];
    if (!row) return null;
    return {
      provider: row.provider,
      browserHash: row.browser_hash,
      codeVerifier: row.code_verifier,
      redirectUri: row.redirect_uri,
      userId: row.user_id,
      expiresAt: new Date(row.expires_at),
      usedAt: row.was_used_at ? new Date(row.was_used_at) : null,
    };
  }

  /** Forgets flows that ended (or expired) over an hour ago: a reused state is still told "used" for that long. */
  async purge(): Promise<void> {
    await this.dataSource.query(`DELETE FROM oauth_states WHERE expires_at < now() - interval '1 hour'`);
  }
}
