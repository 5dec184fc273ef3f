// Shared API types of the guild-sync endpoints (API.md "Guild sync" and the character history).
import type { RosterEventType } from '../events/payloads';

/** Where a run's roster came from: the Blizzard API, or an upload of the in-game addon's export. */
export type SyncSource = 'blizzard' | 'addon';
export const SYNC_SOURCES: readonly SyncSource[] = ['blizzard', 'addon'];

export type SyncTrigger = 'schedule' | 'manual' | 'upload';
export const SYNC_TRIGGERS: readonly SyncTrigger[] = ['schedule', 'manual', 'upload'];

/** `partial`: the run finished, but some characters could not be read (see `counts.profileErrors`). */
export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';
export const SYNC_RUN_STATUSES: readonly SyncRunStatus[] = ['queued', 'running', 'succeeded', 'partial', 'failed'];

/** Every roster event type, in API.md's order; `note_changed` comes from addon uploads. */
export const ROSTER_EVENT_TYPES: readonly RosterEventType[] = [
  'joined',
  'left',
  'rejoined',
  'rank_changed',
  'renamed',
  'level_changed',
  'note_changed',
];

export interface SyncRunProgress {
  /** Characters handled so far (profiles fetched, answered 304, 404 or failed). */
  done: number;
  /** Characters the run will handle: the roster's size, known once the roster is in. */
  total: number;
}

export interface SyncRunCounts {
  /** Characters on the roster. */
  found: number;
  /** Characters that joined or rejoined. */
  added: number;
  /** Characters already in the guild whose stored state changed. */
  updated: number;
  /** Characters that left. */
  removed: number;
  rankChanges: number;
  /** Profiles Blizzard answered 304: unchanged since the last run, nothing written. */
  notModified: number;
  /** Profiles that could not be read (malformed, or no answer after every retry). */
  profileErrors: number;
}

export interface SyncRun {
  id: string;
  source: SyncSource;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  progress: SyncRunProgress;
  counts: SyncRunCounts;
  /** Null while queued. */
  startedAt: string | null;
  finishedAt: string | null;
  /** Why a run failed, or what a partial run could not read; null otherwise. */
  error: string | null;
}

/** One entry of the roster history: what happened to a character, and when. */
export interface RosterEvent {
  id: string;
  type: RosterEventType;
  characterId: string;
  /** The character's name when it happened (after a rename: the new one). */
  characterName: string;
  realmSlug: string;
  at: string;
  /** The value before (old rank index, old name, old level); null for joins and leaves. */
  from: string | null;
  to: string | null;
}

export interface GuildSyncStatus {
  /** The newest run of each source, whatever its status; null when there has been none. */
  lastRuns: { blizzard: SyncRun | null; addon: SyncRun | null };
  /** When the next scheduled Blizzard sync starts; null when none is scheduled (not configured). */
  nextScheduledAt: string | null;
}
