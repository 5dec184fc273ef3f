// Shared API types of the guild-sync endpoints (docs/api.md, "Guild sync", and the character history).
import type { RosterEventType } from '../events/payloads';

/** Where a run's roster came from: the Blizzard API, or an upload of the in-game addon's export. */
export type SyncSource = 'blizzard' | 'addon';
export const SYNC_SOURCES: readonly SyncSource[] = ['blizzard', 'addon'];

export type SyncTrigger = 'schedule' | 'manual' | 'upload';
export const SYNC_TRIGGERS: readonly SyncTrigger[] = ['schedule', 'manual', 'upload'];

/** `partial`: the run finished, but some characters could not be read (see `counts.profileErrors`). */
export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';
export const SYNC_RUN_STATUSES: readonly SyncRunStatus[] = ['queued', 'running', 'succeeded', 'partial', 'failed'];

/** Every roster event type, in the API's order (docs/api.md); `note_changed` comes from addon uploads. */
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
  /** What an addon run was given (source `addon`); null for Blizzard runs. */
  upload: AddonUploadSummary | null;
}

/**
 * An addon upload as its run reports it. Its counts read: `found` exported members, `updated`
 * matched characters whose guild or officer note changed, `notModified` matched ones whose notes
 * did not (every matched one when the export was not applied).
 */
export interface AddonUploadSummary {
  /** When the addon exported (the export's own time, from the player's computer). */
  exportedAt: string;
  addonVersion: string;
  guildName: string;
  /** Exported members matched to a stored character by name and realm. */
  matched: number;
  /** Exported members no stored character matched (not yet seen by a Blizzard sync, or another guild's). */
  notFound: number;
  /** False when the export was not newer than the last applied one: nothing was changed. */
  applied: boolean;
  /** Why the export was not applied; null when it was. */
  reason: string | null;
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

/**
 * Bounds of one addon upload. The game's own are far lower (a guild holds 1,000 members, a note
 * 31 characters, a name 12); these leave room while keeping the trimmed export inside one NATS
 * request, and a `roster-synced` part (500 characters with their notes) inside one event. The gateway
 * refuses an export beyond them naming the field; guild-sync checks them again at its door.
 */
export const ADDON_UPLOAD_LIMITS = Object.freeze({
  members: 2_000,
  /** Name, realm, addon version, guild name, last online: characters each. */
  shortText: 64,
  /** Guild and officer notes: characters each. */
  note: 64,
  /** Zone names: characters. */
  zone: 128,
});

/**
 * One member of an addon upload as the gateway sends it to guild-sync: only what the service
 * stores. A note that is null was not in the export (the addon leaves officer notes out when the
 * player may not read them): the stored note is kept. An empty note is no note.
 */
export interface AddonUploadMember {
  name: string;
  /** As the game gives it: "Area52", "Senjin", or the player's own realm as displayed ("Sen'jin"). */
  realm: string;
  note: string | null;
  officerNote: string | null;
  isOnline: boolean | null;
  /** Whatever the addon wrote (hours since last online, or older addons' text such as "3 days"), as text. */
  lastOnline: string | null;
  zone: string | null;
}

/** A validated PATTSync export, trimmed to what guild-sync stores. */
export interface AddonUpload {
  /** Unix time (seconds) of the export. */
  exportTime: number;
  addonVersion: string;
  guildName: string;
  characters: AddonUploadMember[];
}

/** 200 `{runId, matched, updated, notFound}` of POST /guild-sync/addon-uploads, and `applied`. */
export interface AddonUploadResult {
  /** The upload's run (source `addon`, trigger `upload`), in GET /guild-sync/runs. */
  runId: string;
  /** Exported members matched to a stored character by name and realm. */
  matched: number;
  /** Matched characters whose guild or officer note changed. */
  updated: number;
  /** Exported members no stored character matched. */
  notFound: number;
  /** False when the export was not newer than the last applied one, so nothing was changed. */
  applied: boolean;
}
