import { Client } from 'pg';

/** One service's place in the database: the schema it owns and the role it connects as. */
export interface ServiceDatabase {
  schema: string;
  /** The service's own DATABASE_URL: its user and password become the role. */
  url: string;
}

export interface DatabaseSetup {
  /** A superuser (or CREATEROLE + CREATEDB) connection, used only for this setup. */
  adminUrl: string;
  services: ServiceDatabase[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" must be a lower-case SQL identifier`);
  return `"${name}"`;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function parseRole(url: string): { user: string; password: string | null; database: string } {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!user) throw new Error('a service DATABASE_URL must name its own role (postgres://role:password@host/db)');
  if (!database) throw new Error('a service DATABASE_URL must name its database');
  return { user, password: parsed.password ? decodeURIComponent(parsed.password) : null, database };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Runs a DDL statement that may race with another setup doing the same; "already there" is fine. */
async function idempotent(client: Client, sql: string): Promise<void> {
  try {
    await client.query(sql);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 42P04 duplicate_database, 42710 duplicate_object, 42P06 duplicate_schema,
    // 23505 unique_violation and XX000 "tuple concurrently updated" when two setups race.
    if (!['42P04', '42710', '42P06', '23505', 'XX000'].includes(code ?? '')) throw error;
  }
}

/**
 * Creates the database, one role per service and one schema per service owned by that role, so
 * that each service can use only its own schema. Idempotent: `npm start`, every test suite and
 * Compose's setup container all run it, at every start.
 */
export async function setupDatabase({ adminUrl, services }: DatabaseSetup): Promise<void> {
  const databases = new Set(services.map((s) => parseRole(s.url).database));
  if (databases.size !== 1) throw new Error('all services must share one database (each in its own schema)');
  const [database] = [...databases];

  const admin = new Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await idempotent(admin, `CREATE DATABASE ${identifier(database, 'database')}`);
    for (const service of services) {
      const { user, password } = parseRole(service.url);
      const role = identifier(user, 'role');
      const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
      if (found.rowCount === 0) await idempotent(admin, `CREATE ROLE ${role} LOGIN`);
      await idempotent(
        admin,
        `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${password ? literal(password) : 'NULL'}`,
      );
    }
  } finally {
    await admin.end();
  }

  const db = new Client({ connectionString: withDatabase(adminUrl, database) });
  await db.connect();
  try {
    // Serialise concurrent setups of the same database: the grants below are not race-safe.
    await db.query('SELECT pg_advisory_lock(hashtext($1))', [`patt-setup:${database}`]);
    const dbIdent = identifier(database, 'database');
    await db.query(`REVOKE ALL ON DATABASE ${dbIdent} FROM PUBLIC`);
    await db.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
    for (const service of services) {
      const { user } = parseRole(service.url);
      const role = identifier(user, 'role');
      const schema = identifier(service.schema, 'schema');
      await db.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${dbIdent} TO ${role}`);
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${role}`);
      await db.query(`ALTER SCHEMA ${schema} OWNER TO ${role}`);
      await db.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
      await db.query(`ALTER ROLE ${role} IN DATABASE ${dbIdent} SET search_path = ${schema}`);
    }
    await db.query('SELECT pg_advisory_unlock(hashtext($1))', [`patt-setup:${database}`]);
  } finally {
    await db.end();
  }
}

/** Drops a test database and the roles made for it (test suites only). */
export async function dropDatabase(adminUrl: string, database: string, roles: string[] = []): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${identifier(database, 'database')} WITH (FORCE)`);
    for (const role of roles) await idempotent(admin, `DROP ROLE IF EXISTS ${identifier(role, 'role')}`);
  } finally {
    await admin.end();
  }
}
