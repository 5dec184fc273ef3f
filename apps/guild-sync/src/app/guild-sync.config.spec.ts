import { ConfigError, loadConfig } from '@patt/service-kit';
import { GuildSyncConfig, missingSyncSettings } from './guild-sync.config';

const base = { DATABASE_URL: 'postgres://guild_sync@127.0.0.1/patt' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig('guild-sync', GuildSyncConfig, { ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

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

describe('GuildSyncConfig SYNC_CRON', () => {
  it('takes any five-field expression the scheduler runs, read in UTC; empty is the default', () => {
    expect(loadConfig('guild-sync', GuildSyncConfig, { ...base, SYNC_CRON: '*/30 * * * mon-fri' }).SYNC_CRON).toBe('*/30 * * * mon-fri');
    expect(loadConfig('guild-sync', GuildSyncConfig, { ...base, SYNC_CRON: '' }).SYNC_CRON).toBe('0 1,7,13,19 * * *');
  });

  it.each([
    ['99 * * * *', 'SYNC_CRON is not a cron expression the scheduler accepts: its minute field has 99, outside 0-59'],
    ['0 0 31 2 *', 'SYNC_CRON never fires'],
    ['0 1 * *', 'SYNC_CRON must be a five-field cron expression'],
    ['every day', 'SYNC_CRON must be a five-field cron expression'],
  ])('refuses to start with %j, naming the variable and why', (value, problem) => {
    expect(problems({ SYNC_CRON: value })).toEqual([expect.stringContaining(problem)]);
  });

  it('names a bad SYNC_CRON in the error the service stops with, with every other problem', () => {
    expect(() => loadConfig('guild-sync', GuildSyncConfig, { ...base, SYNC_CRON: '0 25 * * *', BLIZZARD_REGION: 'mars' })).toThrow(
      /guild-sync cannot start[\s\S]*SYNC_CRON is not a cron expression the scheduler accepts: its hour field has 25/,
    );
    expect(problems({ SYNC_CRON: '0 25 * * *', BLIZZARD_REGION: 'mars' })).toHaveLength(2);
  });
});

describe('GuildSyncConfig BLIZZARD_MAX_CONSECUTIVE_FAILURES', () => {
  it('stops a run after 5 failed profile calls in a row unless told otherwise', () => {
    expect(loadConfig('guild-sync', GuildSyncConfig, base).BLIZZARD_MAX_CONSECUTIVE_FAILURES).toBe(5);
    expect(loadConfig('guild-sync', GuildSyncConfig, { ...base, BLIZZARD_MAX_CONSECUTIVE_FAILURES: '20' }).BLIZZARD_MAX_CONSECUTIVE_FAILURES).toBe(20);
  });

  it.each([
    ['0', 'BLIZZARD_MAX_CONSECUTIVE_FAILURES must be at least 1'],
    ['2.5', 'BLIZZARD_MAX_CONSECUTIVE_FAILURES must be a whole number'],
    ['many', 'BLIZZARD_MAX_CONSECUTIVE_FAILURES must be a whole number'],
    ['1001', 'BLIZZARD_MAX_CONSECUTIVE_FAILURES must be at most 1000'],
  ])('refuses %j, saying why', (value, problem) => {
    expect(problems({ BLIZZARD_MAX_CONSECUTIVE_FAILURES: value })).toContainEqual(expect.stringContaining(problem));
  });
});
