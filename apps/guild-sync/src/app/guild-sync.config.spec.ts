import { loadConfig } from '@patt/service-kit';
import { GuildSyncConfig, missingSyncSettings } from './guild-sync.config';

const base = { DATABASE_URL: 'postgres://guild_sync@127.0.0.1/patt' };

describe('GuildSyncConfig', () => {
  it('starts without Blizzard settings, and names what a sync still needs', () => {
    const config = loadConfig('guild-sync', GuildSyncConfig, base);
    expect(missingSyncSettings(config)).toEqual(['BLIZZARD_CLIENT_ID', 'BLIZZARD_CLIENT_SECRET', 'GUILD_REALM_SLUG', 'GUILD_NAME_SLUG']);
    expect(config.SYNC_CRON).toBe('0 1,7,13,19 * * *');
  });

  it('needs nothing more once credentials and the guild are set', () => {
    const config = loadConfig('guild-sync', GuildSyncConfig, {
      ...base,
      BLIZZARD_CLIENT_ID: 'id',
      BLIZZARD_CLIENT_SECRET: 'secret',
      GUILD_REALM_SLUG: 'senjin',
      GUILD_NAME_SLUG: 'pull-all-the-things',
    });
    expect(missingSyncSettings(config)).toEqual([]);
  });
});
