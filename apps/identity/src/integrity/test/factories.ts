// Builders for integrity test data: characters, Discord members with guild roles by rank name,
// and a fluent world that links them into members and produces an IntegrityInput.
import { createHash } from 'node:crypto';
import type { IntegrityCharacter, IntegrityDiscordMember, IntegrityInput, IntegrityMember, RankRole } from '../types';

export const NOW = new Date('2025-06-01T12:00:00.000Z');

function idFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type RankName = 'initiate' | 'member' | 'veteran' | 'officer' | 'guildLeader';

export const LEVEL: Readonly<Record<RankName, number>> = { initiate: 1, member: 2, veteran: 3, officer: 4, guildLeader: 5 };

/** The Discord role id of each guild rank in these tests. */
export const ROLE: Readonly<Record<RankName, string>> = {
  initiate: '900000000000000001',
  member: '900000000000000002',
  veteran: '900000000000000003',
  officer: '900000000000000004',
  guildLeader: '900000000000000005',
};

export const RANKS: readonly RankRole[] = [
  { level: 1, name: 'Initiate', discordRoleId: ROLE.initiate },
  { level: 2, name: 'Member', discordRoleId: ROLE.member },
  { level: 3, name: 'Veteran', discordRoleId: ROLE.veteran },
  { level: 4, name: 'Officer', discordRoleId: ROLE.officer },
  { level: 5, name: 'Guild Leader', discordRoleId: ROLE.guildLeader },
];

export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
}

/** A character in the guild, seen yesterday, in no member. */
export function character(spec: Partial<IntegrityCharacter> & { name: string }): IntegrityCharacter {
  const realmSlug = spec.realmSlug ?? 'area-52';
  return {
    id: spec.id ?? idFrom(`character:${spec.name}:${realmSlug}`),
    name: spec.name,
    realmSlug,
    inGuild: spec.inGuild ?? true,
    lastLoginAt: spec.lastLoginAt === undefined ? daysAgo(1) : spec.lastLoginAt,
    guildRankIndex: spec.guildRankIndex === undefined ? 3 : spec.guildRankIndex,
    personId: spec.personId ?? null,
  };
}

/** A present Discord member; `roles` names guild ranks, `roleIds` adds any other role ids. */
export function discordUser(
  spec: Partial<IntegrityDiscordMember> & { username: string; roles?: RankName[] },
): IntegrityDiscordMember {
  const { roles, ...rest } = spec;
  return {
    userId: spec.userId ?? BigInt(`0x${createHash('sha256').update(spec.username).digest('hex').slice(0, 15)}`).toString(),
    displayName: null,
    present: true,
    ...rest,
    roleIds: [...(roles ?? []).map((r) => ROLE[r]), ...(spec.roleIds ?? [])],
  };
}

export interface MemberSpec {
  personId?: string;
  characters?: IntegrityCharacter[];
  discord?: IntegrityDiscordMember | null;
  rank?: RankName | null;
  overridden?: boolean;
}

/** A fluent world: add members, loose characters and Discord members, then take the input. */
export class IntegrityWorld {
  private readonly characters = new Map<string, IntegrityCharacter>();
  private readonly users = new Map<string, IntegrityDiscordMember>();
  private readonly members: IntegrityMember[] = [];
  private readonly previous = new Map<string, number | null>();
  private ranks: readonly RankRole[] = RANKS;
  private staleAfterDays: number | undefined;

  /** A member of these characters and Discord user; returns its personId through `as`. */
  member(spec: MemberSpec, as?: (personId: string) => void): this {
    const personId = spec.personId ?? idFrom(`person:${spec.characters?.[0]?.id ?? spec.discord?.userId ?? this.members.length}`);
    for (const c of spec.characters ?? []) this.characters.set(c.id, { ...c, personId });
    if (spec.discord) this.users.set(spec.discord.userId, spec.discord);
    this.members.push({
      personId,
      rankLevel: spec.rank === undefined ? LEVEL.member : spec.rank === null ? null : LEVEL[spec.rank],
      rankOverridden: spec.overridden ?? false,
      discordUserId: spec.discord?.userId ?? null,
      characterIds: (spec.characters ?? []).map((c) => c.id),
    });
    as?.(personId);
    return this;
  }

  character(...characters: IntegrityCharacter[]): this {
    for (const c of characters) this.characters.set(c.id, c);
    return this;
  }

  discord(...users: IntegrityDiscordMember[]): this {
    for (const u of users) this.users.set(u.userId, u);
    return this;
  }

  previousRank(personId: string, rank: RankName | null): this {
    this.previous.set(personId, rank === null ? null : LEVEL[rank]);
    return this;
  }

  withRanks(ranks: readonly RankRole[]): this {
    this.ranks = ranks;
    return this;
  }

  staleAfter(days: number): this {
    this.staleAfterDays = days;
    return this;
  }

  input(now: Date = NOW): IntegrityInput {
    return {
      characters: [...this.characters.values()],
      discordMembers: [...this.users.values()],
      members: [...this.members],
      ranks: this.ranks,
      previousRanks: new Map(this.previous),
      now,
      ...(this.staleAfterDays !== undefined ? { staleAfterDays: this.staleAfterDays } : {}),
    };
  }
}

export function world(): IntegrityWorld {
  return new IntegrityWorld();
}
