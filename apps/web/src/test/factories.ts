// Test data shaped as the API's answers (docs/api.md), with overrides for what a test is about.
import type {
  Ballot,
  Campaign,
  CampaignResults,
  Character,
  Entry,
  IntegrityIssue,
  InviteSummary,
  Member,
  MemberAccount,
  ResultEntry,
  Session,
  Suggestion,
  SyncRun,
  User,
} from '../api/types';

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
    hasPassword: true,
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
    account: overrides.registered === false ? null : anAccount(),
    ...overrides,
  } as Member;
}

/** A member's account: working unless `overrides` say otherwise. */
export function anAccount(overrides: Partial<MemberAccount> = {}): MemberAccount {
  return { status: 'active', disabledAt: null, disabledReason: null, disabledCause: null, ...overrides };
}

/** One of a member's invites as officers see it: pending, made by the officer. */
export function anInvite(overrides: Partial<InviteSummary> = {}): InviteSummary {
  const n = next();
  return {
    id: `invite-${n}`,
    createdAt: '2024-05-01T10:00:00.000Z',
    expiresAt: '2024-05-04T10:00:00.000Z',
    usedAt: null,
    revokedAt: null,
    delivery: 'sent',
    deliveryReason: null,
    createdBy: { userId: 'user-officer', username: 'officer' },
    ...overrides,
  };
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

export function anEntry(overrides: Partial<Entry> = {}): Entry {
  const n = next();
  return { id: `entry-${n}`, name: `Entry ${n}`, description: null, imageUrl: null, sortOrder: n, personId: null, ...overrides };
}

/** A live vote on three tabards, top 2, that the member may vote in. */
export function aCampaign(overrides: Partial<Campaign> = {}): Campaign {
  const n = next();
  const entries = overrides.entries ?? [anEntry({ name: 'Black Tabard', sortOrder: 0 }), anEntry({ name: 'Green Tabard', sortOrder: 1 }), anEntry({ name: 'Gold Tabard', sortOrder: 2 })];
  return {
    id: `campaign-${n}`,
    title: 'The new guild tabard',
    description: 'Pick the colours we wear into the next tier.',
    method: 'points',
    picksPerVoter: 2,
    minRankToVote: 2,
    minRankToView: null,
    startsAt: '2026-12-01T20:00:00.000Z',
    durationHours: 72,
    earlyCloseWhenAllVoted: true,
    discordChannelId: null,
    announcements: { enabled: true, chattiness: 'normal' },
    status: 'live',
    endsAt: new Date(Date.now() + 48 * 3600_000).toISOString(),
    createdBy: 'user-officer',
    createdByName: 'officer',
    createdAt: '2026-11-30T20:00:00.000Z',
    openedAt: '2026-12-01T20:00:00.000Z',
    closedAt: null,
    closeReason: null,
    stats: { eligible: 12, voted: 3, percentVoted: 25 },
    viewer: { voted: false, mayVote: true },
    ...overrides,
    entries,
  } as Campaign;
}

export function aBallot(campaign: Campaign, entryIds: string[]): Ballot {
  return { id: `ballot-${next()}`, campaignId: campaign.id, picks: entryIds.map((entryId, index) => ({ entryId, rank: index + 1 })), castAt: '2026-12-02T18:00:00.000Z' };
}

/** Results by points: entries by name with their points, places shared on equal points. */
export function aResults(campaign: Campaign, points: Record<string, number>, overrides: Partial<CampaignResults> = {}): CampaignResults {
  const scored = (campaign.entries ?? []).map((entry) => ({ entry, points: points[entry.name] ?? 0 })).sort((a, b) => b.points - a.points);
  const entries: ResultEntry[] = scored.map(({ entry, points: own }) => ({
    entryId: entry.id,
    name: entry.name,
    place: 1 + scored.filter((other) => other.points > own).length,
    points: own,
    placeCounts: [Math.floor(own / 2), own % 2],
  }));
  return {
    campaignId: campaign.id,
    method: campaign.method,
    final: campaign.status === 'closed',
    eligible: campaign.stats.eligible,
    voted: campaign.stats.voted,
    entries,
    winnerIds: campaign.stats.voted === 0 ? [] : entries.filter((entry) => entry.place === 1).map((entry) => entry.entryId),
    ...overrides,
  };
}
