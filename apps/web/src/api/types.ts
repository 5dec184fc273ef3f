// The shapes the app reads and sends, as API.md states them. Types the contracts library already
// holds are imported from it as types only (erased at build: nothing of it reaches the bundle);
// the identity shapes are written here from API.md.
export type {
  ApiKeySummary,
  CreatedApiKey,
  CreatedInvite,
  DiscordMember,
  DiscordSyncAccepted,
  Failure,
  GuildSyncStatus,
  Page,
  Rank,
  RankRef,
  RosterEvent,
  Session,
  SyncRun,
  SyncRunCounts,
  SyncRunStatus,
  User,
} from '@patt/contracts';

import type { RankRef, RosterEvent } from '@patt/contracts';

export type RosterEventType = RosterEvent['type'];

/** One entry of a validation failure's `details`: the field and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

export type Role = 'tank' | 'healer' | 'melee' | 'ranged';

/** API.md "Characters": `guildNote` and `officerNote` are null for callers below Officer. */
export interface Character {
  id: string;
  blizzardId: number | null;
  name: string;
  realmSlug: string;
  realmName: string;
  className: string | null;
  specName: string | null;
  role: Role | null;
  level: number | null;
  itemLevel: number | null;
  guildRankIndex: number | null;
  guildRankName: string | null;
  lastLoginAt: string | null;
  inGuild: boolean;
  joinedAt: string | null;
  leftAt: string | null;
  personId: string | null;
  guildNote: string | null;
  officerNote: string | null;
}

/** API.md "Members": one person, their Discord user and the characters they play. */
export interface Member {
  id: string;
  displayName: string;
  rank: RankRef;
  discord: { userId: string; username: string; displayName: string } | null;
  characters: Character[];
  mainCharacterId: string | null;
  registered: boolean;
}

/** A link identity proposes between a character and a Discord user, for an officer to decide. */
export interface Suggestion {
  id: string;
  characterId: string;
  discordUserId: string;
  score: number;
  reason: string;
  /** Beyond API.md: names the identity service may add, shown until the page has looked them up. */
  characterName?: string;
  discordUsername?: string;
}

export type IssueSeverity = 'info' | 'warning' | 'critical';

export interface IntegrityIssue {
  id: string;
  type: string;
  severity: IssueSeverity;
  summary: string;
  characterId: string | null;
  discordUserId: string | null;
  personId: string | null;
  firstDetectedAt: string;
  lastDetectedAt: string;
  resolvedAt: string | null;
}

export interface IdentityLink {
  id: string;
  personId: string;
  characterId: string | null;
  discordUserId: string | null;
  method: string;
}
