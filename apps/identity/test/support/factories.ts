// Test data for identity's event-fed projections. Ids derive from names (as in the matching
// engine's factories), so a test can name the same character twice and get the same id.
import { randomUUID } from 'node:crypto';
import {
  DiscordMembersSyncedPayload,
  DiscordMemberState,
  EventEnvelope,
  EventSubject,
  PayloadOf,
  RosterChange,
  RosterCharacter,
  RosterSyncedPayload,
} from '@patt/contracts';
import { idFrom, snowflakeFrom } from '../../src/matching/test/factories';

export { idFrom, snowflakeFrom };

export const REALM = 'area-52';

/** A level-80 in-guild character on area-52, rank index 3 (Member), seen yesterday. */
export function rosterCharacter(spec: Partial<RosterCharacter> & { name: string }): RosterCharacter {
  const realmSlug = spec.realmSlug ?? REALM;
  return {
    characterId: idFrom(`character:${spec.name}:${realmSlug}`),
    blizzardId: parseInt(idFrom(`blizzard:${spec.name}:${realmSlug}`).slice(0, 7), 16),
    realmSlug,
    realmName: realmSlug === REALM ? 'Area 52' : realmSlug,
    className: 'Warrior',
    specName: 'Protection',
    role: 'tank',
    level: 80,
    itemLevel: 610,
    guildRankIndex: 3,
    lastLoginAt: new Date(Date.now() - 24 * 3600 * 1000).toISOString(),
    guildNote: null,
    officerNote: null,
    ...spec,
  };
}

/** A present Discord member with no roles, whose display name is the username unless told. */
export function discordMember(spec: Partial<DiscordMemberState> & { username: string }): DiscordMemberState {
  return {
    userId: snowflakeFrom(`discord:${spec.username}`),
    displayName: spec.username,
    roleIds: [],
    present: true,
    joinedAt: '2024-01-01T00:00:00.000Z',
    ...spec,
  };
}

/** One Blizzard run's roster-synced parts: the characters (and changes) in parts of `perPart`. */
export function rosterSynced(
  characters: readonly RosterCharacter[],
  options: { runId?: string; syncedAt?: string; changes?: readonly RosterChange[]; perPart?: number } = {},
): RosterSyncedPayload[] {
  const runId = options.runId ?? randomUUID();
  const syncedAt = options.syncedAt ?? new Date().toISOString();
  const perPart = options.perPart ?? 500;
  const changes = options.changes ?? [];
  const parts = Math.max(1, Math.ceil(characters.length / perPart));
  return Array.from({ length: parts }, (_, index) => ({
    runId,
    syncedAt,
    part: index + 1,
    parts,
    characters: characters.slice(index * perPart, (index + 1) * perPart),
    changes: index === parts - 1 ? [...changes] : [],
  }));
}

/** A roster change of a character, at `at`. */
export function change(type: RosterChange['type'], character: RosterCharacter, at: string): RosterChange {
  return {
    type,
    characterId: character.characterId,
    blizzardId: character.blizzardId,
    characterName: character.name,
    realmSlug: character.realmSlug,
    from: null,
    to: null,
    at,
  };
}

/** One Discord full sync's members-synced parts. */
export function membersSynced(
  members: readonly DiscordMemberState[],
  options: { syncId?: string; syncedAt?: string; perPart?: number } = {},
): DiscordMembersSyncedPayload[] {
  const syncId = options.syncId ?? randomUUID();
  const syncedAt = options.syncedAt ?? new Date().toISOString();
  const perPart = options.perPart ?? 1000;
  const parts = Math.max(1, Math.ceil(members.length / perPart));
  return Array.from({ length: parts }, (_, index) => ({
    syncId,
    syncedAt,
    part: index + 1,
    parts,
    members: members.slice(index * perPart, (index + 1) * perPart),
  }));
}

export function envelope<S extends EventSubject>(subject: S, payload: PayloadOf<S>, occurredAt = new Date().toISOString()): EventEnvelope<S> {
  return { id: randomUUID(), subject, occurredAt, producer: 'test', correlationId: null, payload };
}

/** An ISO time `days` days before now. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
}
