// What the client hands the sync service: Blizzard's answers read, checked and in our words.
// Blizzard's own JSON shapes stay inside blizzard-responses.ts.

export interface RealmRef {
  id: number;
  slug: string;
}

export interface NamedRealmRef extends RealmRef {
  /** Null when Blizzard left it out (roster member entries carry only id and slug). */
  name: string | null;
}

export interface GuildRosterMember {
  /** Blizzard's character id: the key a character keeps through renames and transfers. */
  id: number;
  name: string;
  realm: RealmRef;
  level: number;
  classId: number;
  /** From @patt/wow; null for a class id it does not know (a class newer than our table). */
  className: string | null;
  raceId: number | null;
  /** The in-game rank index, 0 = guild master; guilds use up to 10 (0..9). */
  rankIndex: number;
}

export interface GuildRoster {
  guild: {
    id: number;
    name: string;
    realm: NamedRealmRef;
    /** `HORDE` or `ALLIANCE`. */
    faction: string | null;
  };
  members: GuildRosterMember[];
  /** Member entries that lacked required fields and were left out, so the caller can say so. */
  skippedMembers: number;
  lastModified: string | null;
}

export interface CharacterProfile {
  id: number;
  name: string;
  realm: NamedRealmRef;
  level: number;
  classId: number;
  className: string | null;
  /** Null for characters without a specialisation (low level) or an unknown spec id. */
  specId: number | null;
  specName: string | null;
  raceId: number | null;
  faction: string | null;
  averageItemLevel: number | null;
  equippedItemLevel: number | null;
  /** ISO-8601 UTC, from Blizzard's `last_login_timestamp` (epoch milliseconds). */
  lastLoginAt: string | null;
  achievementPoints: number | null;
  guild: { id: number; name: string; realmSlug: string | null } | null;
}

/**
 * One profile fetch. Only transport failures and exhausted retries throw; everything a single
 * character can be wrong about is a result, so one character never fails a run.
 */
export type CharacterProfileResult =
  | { status: 'ok'; profile: CharacterProfile; lastModified: string | null }
  | { status: 'not-modified' }
  | { status: 'not-found' }
  | { status: 'invalid'; reason: string };

export interface CallOptions {
  /** Aborts waiting for the limiter, a backoff or the request itself. */
  signal?: AbortSignal;
}

export interface ProfileCallOptions extends CallOptions {
  /** The `Last-Modified` stored from the previous fetch: an unchanged profile costs a 304. */
  ifModifiedSince?: string | null;
}

/** Counters for logs, run summaries and benchmarks. */
export interface BlizzardClientMetrics {
  /** API requests sent, retries included (token requests not included). */
  requests: number;
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  /** 5xx answers received. */
  serverErrors: number;
  /** Requests that got no answer (network error or timeout). */
  transportErrors: number;
  /** 401 answers that made the client renew its token. */
  unauthorized: number;
  tokenRequests: number;
}
