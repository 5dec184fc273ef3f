import { Client } from 'pg';
import { startPlatform, TestPlatform } from '@patt/testing';

jest.setTimeout(120_000);

describe('the campaigns service as a process', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['campaigns'] });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('is live and ready on its probe port, migrated, and in the gateway’s /health as campaigns', async () => {
    const port = platform.healthPorts.get('campaigns');
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    const health = (await (await fetch(`${platform.gatewayUrl}/health`)).json()) as { data: { services: Record<string, string> } };
    expect(health.data.services['campaigns']).toBe('up');

    const db = new Client({ connectionString: platform.db.adminUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ table_name: string; table_owner: string }>(
        `SELECT c.relname AS table_name, pg_get_userbyid(c.relowner) AS table_owner FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'campaigns' AND c.relkind = 'r' ORDER BY 1`,
      );
      expect(rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['accounts', 'ballot_picks', 'ballots', 'campaigns', 'entries', 'inbox', 'members', 'milestones', 'outbox', 'results']),
      );
      // Owned by the service's own role, as every schema is.
      expect(new Set(rows.map((r) => r.table_owner))).toEqual(new Set([platform.db.roles.find((role) => role.endsWith('_campaigns'))]));
    } finally {
      await db.end();
    }
  });
});
