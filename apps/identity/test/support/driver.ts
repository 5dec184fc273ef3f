// Feeds a harness the events other services publish, and runs matching and integrity, as the
// deployed service would (the consumer's transaction per event; the worker's run).
import { DiscordMemberChangedPayload, DiscordMemberState, Events, RosterChange, RosterCharacter } from '@patt/contracts';
import { CharacterChangedHandler } from '../../src/projections/character-changed.handler';
import { DiscordMemberChangedHandler } from '../../src/projections/discord-member-changed.handler';
import { DiscordMembersSyncedHandler } from '../../src/projections/discord-members-synced.handler';
import { RosterSyncedHandler } from '../../src/projections/roster-synced.handler';
import { FullRunResult, IdentityRuns } from '../../src/runs/identity-runs.service';
import { envelope, membersSynced, rosterSynced } from './factories';
import type { IdentityHarness } from './harness';

export class IdentityDriver {
  constructor(private readonly h: IdentityHarness) {}

  async roster(characters: readonly RosterCharacter[], options: { syncedAt?: string; changes?: readonly RosterChange[]; perPart?: number } = {}): Promise<void> {
    const handler = this.h.get(RosterSyncedHandler);
    for (const part of rosterSynced(characters, options)) {
      await this.h.inTransaction((manager) => handler.onRosterSynced(envelope(Events.RosterSynced, part), { manager, delivery: 1 }));
    }
  }

  async notes(character: RosterCharacter, notes: { guildNote?: string | null; officerNote?: string | null }, changedAt = new Date().toISOString()): Promise<void> {
    const handler = this.h.get(CharacterChangedHandler);
    const payload = { character: { ...character, ...notes }, source: 'addon' as const, runId: null, changedAt };
    await this.h.inTransaction((manager) => handler.onCharacterChanged(envelope(Events.CharacterChanged, payload), { manager, delivery: 1 }));
  }

  async discord(members: readonly DiscordMemberState[], options: { syncedAt?: string; perPart?: number } = {}): Promise<void> {
    const handler = this.h.get(DiscordMembersSyncedHandler);
    for (const part of membersSynced(members, options)) {
      await this.h.inTransaction((manager) => handler.onMembersSynced(envelope(Events.DiscordMembersSynced, part), { manager, delivery: 1 }));
    }
  }

  async discordChange(change: DiscordMemberChangedPayload['change'], member: DiscordMemberState, at = new Date().toISOString()): Promise<void> {
    const handler = this.h.get(DiscordMemberChangedHandler);
    await this.h.inTransaction((manager) => handler.onMemberChanged(envelope(Events.DiscordMemberChanged, { change, member, at }), { manager, delivery: 1 }));
  }

  /** A matching run followed by the integrity checks, as an officer's POST /identity/matching-runs. */
  run(): Promise<FullRunResult> {
    return this.h.get(IdentityRuns).matchAndCheck('officer');
  }

  /** The members as stored: each with its characters' and Discord user's ids. */
  async members(): Promise<Array<{ id: string; characterIds: string[]; discordUserId: string | null; rankLevel: number | null }>> {
    return this.h.sql(
      `SELECT m.id, m.rank_level AS "rankLevel",
              coalesce(array_agg(l.character_id ORDER BY l.character_id) FILTER (WHERE l.character_id IS NOT NULL), '{}') AS "characterIds",
              max(l.discord_user_id) AS "discordUserId"
         FROM members m LEFT JOIN links l ON l.person_id = m.id GROUP BY m.id ORDER BY m.id`,
    );
  }
}
