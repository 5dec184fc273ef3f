import { createTestDatabase, TestDatabase, testDataSource } from '@patt/testing';
import { AUTH_MIGRATIONS } from '../src/migrations';

jest.setTimeout(60_000);

const U = '00000000-0000-4000-8000-0000000000a1';
const P = '00000000-0000-4000-8000-0000000000b2';

describe('signing in with a provider (migration 1765000000100), and back', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(['auth']);
  });

  afterAll(async () => db?.drop());

  it('allows accounts without a password and keeps started flows; undone, such an account gets a password nothing matches', async () => {
    const upTo = AUTH_MIGRATIONS.filter((migration) => Number(/(\d{13})$/.exec(migration.name)?.[1]) <= 1765000000100);
    expect(upTo[upTo.length - 1]?.name).toBe('OAuthSignIn1765000000100');
    const source = await testDataSource(db, 'auth', upTo);
    await source.runMigrations({ transaction: 'each' });
    await source.query(
      `INSERT INTO users (id, username, display_name, password_hash, person_id, created_by_provider) VALUES ($1, 'trog', 'Trog', NULL, $2, 'discord')`,
      [U, P],
    );
    await source.query(
      `INSERT INTO oauth_states (state_hash, provider, browser_hash, code_verifier, redirect_uri, expires_at) VALUES ('s', 'discord', 'b', 'v', 'http://x/cb', now() + interval '10 minutes')`,
    );
    // A state is one flow's: the same one twice is refused.
    await expect(
      source.query(
        `INSERT INTO oauth_states (state_hash, provider, browser_hash, code_verifier, redirect_uri, expires_at) VALUES ('s', 'discord', 'b', 'v', 'http://x/cb', now())`,
      ),
    ).rejects.toThrow(/duplicate key/);

    await source.undoLastMigration({ transaction: 'each' });
    expect(await source.query('SELECT password_hash FROM users WHERE id = $1', [U])).toEqual([{ password_hash: '!' }]);
    expect(await source.query(`SELECT to_regclass('oauth_states') AS t`)).toEqual([{ t: null }]);
    await expect(source.query(`INSERT INTO users (id, username, display_name, password_hash) VALUES ($1, 'zed', 'Zed', NULL)`, [P])).rejects.toThrow(
      /null value/,
    );

    await source.runMigrations({ transaction: 'each' });
    expect(await source.query(`SELECT to_regclass('oauth_states') IS NOT NULL AS t`)).toEqual([{ t: true }]);
    await source.destroy();
  });
});
