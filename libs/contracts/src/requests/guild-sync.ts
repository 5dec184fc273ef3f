import { ServiceHealth } from '../api/health';
import { NoBody } from './actor';

export const GUILD_SYNC_REQUESTS = {
  GuildSyncHealth: 'guild-sync.health',
} as const;

export interface GuildSyncRequestMap {
  [GUILD_SYNC_REQUESTS.GuildSyncHealth]: { request: NoBody; response: ServiceHealth };
}
