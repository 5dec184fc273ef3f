// Small builders for matching test data. Ids derive from names, so a test can build the same
// character twice and get the same id, and shuffled inputs stay comparable.
import { createHash } from 'node:crypto';
import type {
  ExistingMember,
  LinkMethod,
  MatchCharacter,
  MatchDiscordMember,
  MatchingInput,
  MatchingPlan,
  RankMapping,
  RejectedPair,
} from '../types';

function digest(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** A UUID-shaped id derived from a seed. */
export function idFrom(seed: string): string {
  const h = digest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A Discord snowflake-shaped id (digits) derived from a seed. */
export function snowflakeFrom(seed: string): string {
  return (BigInt(`0x${digest(seed).slice(0, 15)}`) + 100000000000000000n).toString();
}

export const DEFAULT_REALM = 'area-52';

/** A character in the guild on area-52 with rank index 4 and no notes, unless told otherwise. */
export function character(spec: Partial<MatchCharacter> & { name: string }): MatchCharacter {
  const realmSlug = spec.realmSlug ?? DEFAULT_REALM;
  return {
    id: spec.id ?? idFrom(`character:${spec.name}:${realmSlug}`),
    blizzardId: spec.blizzardId ?? parseInt(digest(`blizzard:${spec.name}:${realmSlug}`).slice(0, 8), 16),
    name: spec.name,
    realmSlug,
    guildNote: spec.guildNote ?? null,
    officerNote: spec.officerNote ?? null,
    inGuild: spec.inGuild ?? true,
    guildRankIndex: spec.guildRankIndex === undefined ? 4 : spec.guildRankIndex,
    lastLoginAt: spec.lastLoginAt ?? '2025-01-01T00:00:00.000Z',
  };
}

/** A present, human Discord member whose display name is null unless told. */
export function discordUser(spec: Partial<MatchDiscordMember> & { username: string }): MatchDiscordMember {
  return {
    userId: spec.userId ?? snowflakeFrom(`discord:${spec.username}`),
    username: spec.username,
    displayName: spec.displayName ?? null,
    present: spec.present ?? true,
    ...(spec.isBot ? { isBot: true } : {}),
    ...(spec.guildRoleLevel !== undefined ? { guildRoleLevel: spec.guildRoleLevel } : {}),
  };
}

export interface MemberSpec {
  personId?: string;
  characters?: MatchCharacter[];
  discord?: MatchDiscordMember | null;
  /** How every subject was linked (default 'manual'). */
  method?: LinkMethod;
  rankOverride?: number | null;
  rankLevel?: number | null;
}

/** A stored member with one link per subject, all by `method`. */
export function member(spec: MemberSpec): ExistingMember {
  const characters = spec.characters ?? [];
  const method = spec.method ?? 'manual';
  const seed = characters[0]?.id ?? spec.discord?.userId ?? 'empty';
  const score = method === 'manual' || method === 'import' || method === 'suggestion_confirmed' ? 1 : 0.9;
  return {
    personId: spec.personId ?? idFrom(`person:${seed}`),
    characterIds: characters.map((c) => c.id),
    discordUserId: spec.discord?.userId ?? null,
    links: [
      ...characters.map((c) => ({ characterId: c.id, discordUserId: null, method, score, evidence: null })),
      ...(spec.discord ? [{ characterId: null, discordUserId: spec.discord.userId, method, score, evidence: null }] : []),
    ],
    ...(spec.rankOverride !== undefined ? { rankOverride: spec.rankOverride } : {}),
    ...(spec.rankLevel !== undefined ? { rankLevel: spec.rankLevel } : {}),
  };
}

export function rejection(c: MatchCharacter, u: MatchDiscordMember): RejectedPair {
  return { characterId: c.id, discordUserId: u.userId };
}

export interface InputSpec {
  characters?: MatchCharacter[];
  discord?: MatchDiscordMember[];
  members?: ExistingMember[];
  rejected?: RejectedPair[];
  ranks?: RankMapping[];
}

export function matchingInput(spec: InputSpec): MatchingInput {
  return {
    characters: spec.characters ?? [],
    discordMembers: spec.discord ?? [],
    members: spec.members ?? [],
    rejected: spec.rejected ?? [],
    ...(spec.ranks ? { ranks: spec.ranks } : {}),
  };
}

/** The plan in words a test can compare: subjects by name, sorted. */
export interface RenderedPlan {
  /** Each member as its subjects' labels ("Trog", "Trog-area-52" when the name repeats, "@trog"). */
  members: string[][];
  /** "Zed: note_key", "@trog: exact_name". */
  links: string[];
  /** "Zed ~ @trog". */
  suggestions: string[];
  conflicts: string[];
}

/** Labels subjects by name ("Trog"), by name and realm when the name repeats, and "@username". */
export function labeller(input: MatchingInput): { character(id: string): string; user(id: string): string } {
  const counts = new Map<string, number>();
  for (const c of input.characters) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const characters = new Map(
    input.characters.map((c) => [c.id, (counts.get(c.name) ?? 0) > 1 ? `${c.name}-${c.realmSlug}` : c.name]),
  );
  const users = new Map(input.discordMembers.map((u) => [u.userId, `@${u.username}`]));
  return { character: (id) => characters.get(id) ?? id, user: (id) => users.get(id) ?? id };
}

export function renderPlan(input: MatchingInput, plan: MatchingPlan): RenderedPlan {
  const label = labeller(input);
  return {
    members: sortGroups(
      plan.members.map((m) => [
        ...m.characterIds.map(label.character),
        ...(m.discordUserId ? [label.user(m.discordUserId)] : []),
      ]),
    ),
    links: plan.links
      .map((l) => `${l.characterId ? label.character(l.characterId) : label.user(l.discordUserId ?? '')}: ${l.method}`)
      .sort(),
    suggestions: plan.suggestions.map((s) => `${label.character(s.characterId)} ~ ${label.user(s.discordUserId)}`).sort(),
    conflicts: plan.conflicts.map((c) => c.kind).sort(),
  };
}

/** Groups compared regardless of order: each sorted, then the list sorted. */
export function sortGroups(groups: string[][]): string[][] {
  return groups.map((g) => [...g].sort()).sort((a, b) => (a.join(',') < b.join(',') ? -1 : a.join(',') > b.join(',') ? 1 : 0));
}

/** A deterministic shuffle (a seeded LCG), so "input order does not matter" is tested reproducibly. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The same input with every list shuffled (and each member's own lists too). */
export function shuffledInput(input: MatchingInput, seed: number): MatchingInput {
  return {
    ...input,
    characters: shuffled(input.characters, seed),
    discordMembers: shuffled(input.discordMembers, seed + 1),
    members: shuffled(input.members, seed + 2).map((m) => ({
      ...m,
      characterIds: shuffled(m.characterIds, seed + 3),
      links: shuffled(m.links, seed + 4),
    })),
    rejected: shuffled(input.rejected, seed + 5),
  };
}
