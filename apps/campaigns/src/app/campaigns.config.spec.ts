import { ConfigError, loadConfig } from '@patt/service-kit';
import { CampaignsConfig } from './campaigns.config';

const base = { DATABASE_URL: 'postgres://patt_campaigns:pw@127.0.0.1:5432/patt' };

describe('CampaignsConfig', () => {
  it('needs only the database; the probe port and the tick have defaults', () => {
    const config = loadConfig('campaigns', CampaignsConfig, base);
    expect(config.HEALTH_PORT).toBe(3105);
    expect(config.SCHEDULE_TICK_MS).toBe(5000);
  });

  it('names every bad variable, never its value', () => {
    let error: unknown;
    try {
      loadConfig('campaigns', CampaignsConfig, { SCHEDULE_TICK_MS: '10', DATABASE_URL: 'mysql://secret@x/y' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^SCHEDULE_TICK_MS must be at least 250/), expect.stringMatching(/^DATABASE_URL must be/)]));
    expect(problems.join(' ')).not.toContain('secret');
  });

  it('takes a tick from the environment', () => {
    expect(loadConfig('campaigns', CampaignsConfig, { ...base, SCHEDULE_TICK_MS: '1000' }).SCHEDULE_TICK_MS).toBe(1000);
  });
});
