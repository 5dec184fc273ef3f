import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@patt/testing';
import { setupDatabase } from '@patt/persistence';

async function as(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

describe('each service owns one schema and can use only that one', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(['auth', 'identity']);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it("lets a service's role create and use tables in its own schema", async () => {
    const identity = await as(db.urls['identity'] as string);
    try {
      await identity.query('CREATE TABLE members (id int PRIMARY KEY)');
      await identity.query('INSERT INTO members VALUES (1)');
      const { rows } = await identity.query('SELECT current_schema() AS schema, count(*)::int AS n FROM members');
      expect(rows[0]).toEqual({ schema: 'identity', n: 1 });
    } finally {
      await identity.end();
    }
  });

  it("denies a service's role another service's schema", async () => {
    const auth = await as(db.urls['auth'] as string);
    try {
      await auth.query('CREATE TABLE users (id int PRIMARY KEY)');
    } finally {
      await auth.end();
    }
    const identity = await as(db.urls['identity'] as string);
    try {
      await expect(identity.query('SELECT * FROM auth.users')).rejects.toThrow(/permission denied for schema auth/);
      await expect(identity.query('CREATE TABLE auth.sneaky (id int)')).rejects.toThrow(/permission denied for schema auth/);
      await expect(identity.query('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(/permission denied for schema public/);
    } finally {
      await identity.end();
    }
  });

  it('can be run again, and by two setups at once, without harm', async () => {
    const services = ['auth', 'identity'].map((schema) => ({ schema, url: db.urls[schema] as string }));
    const admin = new URL(db.adminUrl);
    admin.pathname = '/postgres';
    await Promise.all([setupDatabase({ adminUrl: admin.toString(), services }), setupDatabase({ adminUrl: admin.toString(), services })]);
    const identity = await as(db.urls['identity'] as string);
    try {
      const { rows } = await identity.query('SELECT count(*)::int AS n FROM members');
      expect(rows[0]).toEqual({ n: 1 });
    } finally {
      await identity.end();
    }
  });
});
