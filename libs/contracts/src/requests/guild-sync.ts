import { Page, PageQuery } from '../api/envelope';
import { AddonUpload, AddonUploadResult, GuildSyncStatus, RosterEvent, SyncRun } from '../api/guild-sync';
import { ServiceHealth } from '../api/health';
import type { RosterEventType } from '../events/payloads';
import { NoBody } from './actor';

export const GUILD_SYNC_REQUESTS = {
  GuildSyncHealth: 'guild-sync.health',
  SyncRunsStart: 'guild-sync.runs.start',
  SyncRunsList: 'guild-sync.runs.list',
  SyncRunsGet: 'guild-sync.runs.get',
  GuildSyncStatus: 'guild-sync.status.get',
  RosterEventsList: 'guild-sync.roster-events.list',
  CharacterHistory: 'guild-sync.characters.history',
  AddonUploadApply: 'guild-sync.addon-uploads.apply',
} as const;

export interface SyncRunRequest {
  id: string;
}

export interface RosterEventsRequest extends PageQuery {
  /** ISO-8601: only events at or after this time. */
  since?: string;
  type?: RosterEventType;
}

export interface CharacterHistoryRequest extends PageQuery {
  /** The platform's character id (a UUID), not Blizzard's. */
  characterId: string;
}

export interface GuildSyncRequestMap {
  [GUILD_SYNC_REQUESTS.GuildSyncHealth]: { request: NoBody; response: ServiceHealth };
  /** Starts a manual Blizzard sync in the background; answers the new run (queued). */
  [GUILD_SYNC_REQUESTS.SyncRunsStart]: { request: NoBody; response: SyncRun };
  [GUILD_SYNC_REQUESTS.SyncRunsList]: { request: PageQuery; response: Page<SyncRun> };
  [GUILD_SYNC_REQUESTS.SyncRunsGet]: { request: SyncRunRequest; response: SyncRun };
  [GUILD_SYNC_REQUESTS.GuildSyncStatus]: { request: NoBody; response: GuildSyncStatus };
  [GUILD_SYNC_REQUESTS.RosterEventsList]: { request: RosterEventsRequest; response: Page<RosterEvent> };
  [GUILD_SYNC_REQUESTS.CharacterHistory]: { request: CharacterHistoryRequest; response: Page<RosterEvent> };
  /** A validated addon export (the gateway parses the file), applied as one `addon` run. */
  [GUILD_SYNC_REQUESTS.AddonUploadApply]: { request: AddonUpload; response: AddonUploadResult };
}
