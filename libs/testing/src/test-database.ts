import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, dropDatabase, PersistenceOptions, setupDatabase, withDatabase } from '@patt/persistence';

/** Suites that may use Postgres and NATS say so in their name; `npm run test:unit` leaves them out. */
const INFRA_SUITE = /\.(integration|e2e)\.spec\.tsx?$/;

/**
 * Where the test runner found Postgres and NATS (tools/dev/test.ts sets these). Refused to a jest
 * suite whose name says it needs neither, so the unit run stays free of them.
 */
export function testInfra(): { adminUrl: string; natsUrl: string } {
  const suite = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.().testPath;
  if (suite && !INFRA_SUITE.test(suite)) {
    throw new Error(
      `${basename(suite)} uses Postgres or NATS: name it *.integration.spec.ts (or *.e2e.spec.ts when it starts the services as processes)`,
    );
  }
  return {
    adminUrl: process.env['PATT_TEST_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: process.env['PATT_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222',
  };
}

export const SERVICE_SCHEMAS = ['auth', 'identity', 'guild_sync', 'discord', 'campaigns'] as const;
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

/** A suite's bus: where NATS is, its subject root and stream, and the user tests connect as. */
export interface TestBus {
  natsUrl: string;
  subjectRoot: string;
  stream: string;
  /** The suite's own user on a bus with users (the test platform's, with every permission); null on an open one. */
  credentials: { user: string; password: string } | null;
}

/** A subject root and stream of the suite's own on the shared (open) NATS, so its events never reach another run. */
export function testBus(token: string): TestBus {
  return { natsUrl: testInfra().natsUrl, subjectRoot: `patt-${token}`, stream: `PATT_${token.toUpperCase()}`, credentials: null };
}

/** How a test connects to its bus (nats' connect options): the server, and its user if it has one. */
export function busConnectOptions(bus: Pick<TestBus, 'natsUrl'> & { credentials?: TestBus['credentials'] }): {
  servers: string[];
  user?: string;
  pass?: string;
} {
  const servers = bus.natsUrl.split(',');
  return bus.credentials ? { servers, user: bus.credentials.user, pass: bus.credentials.password } : { servers };
}

/**
 * A data source on one schema of a suite's database, as that service's own role, set up as the
 * service sets up its own (migrations given, not yet run). Destroy it before dropping the database.
 */
export async function testDataSource(db: TestDatabase, schema: string, migrations: PersistenceOptions['migrations'] = []): Promise<DataSource> {
  const url = db.urls[schema];
  if (!url) throw new Error(`the test database has no schema ${schema}; create it with createTestDatabase(['${schema}'])`);
  const dataSource = new DataSource(dataSourceOptions({ schema, url, entities: [], migrations, poolSize: 4 }));
  await dataSource.initialize();
  return dataSource;
}
