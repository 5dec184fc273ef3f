// Test data shaped as API.md's answers, with overrides for what a test is about.
import type { Character, IntegrityIssue, Member, Session, Suggestion, SyncRun, User } from '../api/types';

export type Who = 'member' | 'officer' | 'leader';

const RANKS: Record<Who, { level: number; name: string }> = {
  member: { level: 2, name: 'Member' },
  officer: { level: 4, name: 'Officer' },
  leader: { level: 5, name: 'Guild Leader' },
};

export function aUser(who: Who = 'member', overrides: Partial<User> = {}): User {
  return {
    id: `user-${who}`,
    username: who,
    displayName: `The ${who}`,
    personId: `person-${who}`,
    rank: RANKS[who],
    ...overrides,
  } as User;
}

export function aSession(user: User, accessToken = `access-${user.username}`): Session {
  return { user, accessToken, refreshToken: `refresh-${user.username}`, expiresIn: 900 };
}

let sequence = 0;
const next = () => ++sequence;

export function aCharacter(overrides: Partial<Character> = {}): Character {
  const n = next();
  return {
    id: `character-${n}`,
    blizzardId: 1000 + n,
    name: `Trog${n}`,
    realmSlug: 'senjin',
    realmName: "Sen'jin",
    className: 'Warrior',
    specName: 'Protection',
    role: 'tank',
    level: 80,
    itemLevel: 615,
    guildRankIndex: 3,
    guildRankName: 'Member',
    lastLoginAt: new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString(),
    inGuild: true,
    joinedAt: '2024-01-01T00:00:00.000Z',
    leftAt: null,
    personId: null,
    guildNote: null,
    officerNote: null,
    ...overrides,
  };
}

export function aMember(overrides: Partial<Member> = {}): Member {
  const n = next();
  const characters = overrides.characters ?? [aCharacter({ personId: `member-${n}` })];
  return {
    id: `member-${n}`,
    displayName: `Member ${n}`,
    rank: { level: 2, name: 'Member' },
    discord: { userId: `${900000 + n}`, username: `discord${n}`, displayName: `Discord ${n}` },
    characters,
    mainCharacterId: characters[0]?.id ?? null,
    registered: true,
    ...overrides,
  } as Member;
}

export function aSuggestion(overrides: Partial<Suggestion> = {}): Suggestion {
  const n = next();
  return { id: `suggestion-${n}`, characterId: `character-${n}`, discordUserId: `${800000 + n}`, score: 0.82, reason: 'The guild note names this Discord user.', ...overrides };
}

export function anIssue(overrides: Partial<IntegrityIssue> = {}): IntegrityIssue {
  const n = next();
  return {
    id: `issue-${n}`,
    type: 'orphan_character',
    severity: 'warning',
    summary: `Trog${n} – Sen'jin has no Discord user.`,
    characterId: `character-${n}`,
    discordUserId: null,
    personId: null,
    firstDetectedAt: '2024-05-01T00:00:00.000Z',
    lastDetectedAt: '2024-05-02T00:00:00.000Z',
    resolvedAt: null,
    ...overrides,
  };
}

export function aRun(overrides: Partial<SyncRun> = {}): SyncRun {
  const n = next();
  // Asserted rather than annotated: fields the contracts add later (an addon run's `upload`) need no change here.
  return {
    id: `run-${n}`,
    source: 'blizzard',
    trigger: 'manual',
    status: 'running',
    progress: { done: 0, total: 0 },
    counts: { found: 0, added: 0, updated: 0, removed: 0, rankChanges: 0, notModified: 0, profileErrors: 0 },
    startedAt: '2024-05-01T10:00:00.000Z',
    finishedAt: null,
    error: null,
    upload: null,
    ...overrides,
  } as SyncRun;
}
