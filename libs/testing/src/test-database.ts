import { randomBytes } from 'node:crypto';
import { dropDatabase, setupDatabase, withDatabase } from '@patt/persistence';

/** Where the test runner found Postgres and NATS (tools/dev/test.ts sets these). */
export function testInfra(): { adminUrl: string; natsUrl: string } {
  return {
    adminUrl: process.env['PATT_TEST_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: process.env['PATT_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222',
  };
}

export const SERVICE_SCHEMAS = ['auth', 'identity', 'guild_sync', 'discord'] as const;
export type ServiceSchema = (typeof SERVICE_SCHEMAS)[number] | string;

export interface TestDatabase {
  name: string;
  /** A short token unique to this suite: its roles, subject root and stream are named after it. */
  token: string;
  adminUrl: string;
  /** Each schema's DATABASE_URL, as its service's own role. */
  urls: Record<string, string>;
  roles: string[];
  drop(): Promise<void>;
}

/**
 * A database of the suite's own, with a role per schema exactly as production has them, so suites
 * run in parallel on one Postgres and never see each other's data.
 */
export async function createTestDatabase(schemas: readonly string[] = SERVICE_SCHEMAS): Promise<TestDatabase> {
  const { adminUrl } = testInfra();
  const token = `t${randomBytes(5).toString('hex')}`;
  const name = `patt_${token}`;
  const urls: Record<string, string> = {};
  const roles: string[] = [];
  for (const schema of schemas) {
    const role = `${token}_${schema}`;
    roles.push(role);
    const url = new URL(withDatabase(adminUrl, name));
    url.username = role;
    url.password = `pw_${token}`;
    urls[schema] = url.toString();
  }
  await setupDatabase({ adminUrl, services: schemas.map((schema) => ({ schema, url: urls[schema] as string })) });
  return { name, token, adminUrl: withDatabase(adminUrl, name), urls, roles, drop: () => dropDatabase(adminUrl, name, roles) };
}

/** A subject root and stream of the suite's own, so its events never reach another run. */
export function testBus(token: string): { natsUrl: string; subjectRoot: string; stream: string } {
  return { natsUrl: testInfra().natsUrl, subjectRoot: `patt-${token}`, stream: `PATT_${token.toUpperCase()}` };
}
