import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@patt/testing';
import { ROOT } from './infra';

// The embedded Postgres that npm start and npm test fall back to when no server runs on 5432: its
// superuser's password is random and kept, never the well-known `postgres`. The package is an ES
// module, which jest's CommonJS runtime cannot import, so each start runs as npm start does, in a
// node process of its own: it starts the server, signs in with the password it was given and with
// `postgres`, runs `sql` as the superuser, and stops the server.
jest.setTimeout(120_000);

interface Start {
  url: string;
  signedIn: boolean;
  wellKnownSignedIn: boolean;
}

function start(dataDir: string, port: number, sql = ''): Start {
  const script = `
    const { Client } = require('pg');
    const { ensurePostgres } = require('./tools/dev/infra');
    const signIn = (url) => { const c = new Client({ connectionString: url }); return c.connect().then(() => c, () => null); };
    (async () => {
      const pg = await ensurePostgres(() => undefined, { dataDir: ${JSON.stringify(dataDir)} });
      const wellKnown = new URL(pg.url); wellKnown.password = 'postgres';
      const other = await signIn(wellKnown.toString());
      await other?.end();
      const client = await signIn(pg.url);
      if (client && ${JSON.stringify(sql)}) await client.query(${JSON.stringify(sql)});
      await client?.end();
      await pg.stop();
      // The server is gone when its pid file is: the next start must not find it still stopping.
      const pidFile = require('node:path').join(${JSON.stringify(dataDir)}, 'postgres', 'postmaster.pid');
      for (let i = 0; i < 100 && require('node:fs').existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
      console.log(JSON.stringify({ url: pg.url, signedIn: client !== null, wellKnownSignedIn: other !== null }));
    })().catch((error) => { console.error(error); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['--require', './tools/dev/register.cjs', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, PATT_POSTGRES: 'embedded', EMBEDDED_POSTGRES_PORT: String(port), DATABASE_ADMIN_URL: '' },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Start;
}

const keptPassword = (dataDir: string) => readFileSync(join(dataDir, 'postgres-superuser-password'), 'utf8').trim();

describe('the embedded Postgres', () => {
  let dataDir: string;
  let port: number;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'patt-embedded-pg-'));
    // As root the server runs as the `postgres` user, which must reach its directory, as in .data.
    chmodSync(dataDir, 0o755);
    // Below the ephemeral range (freePort): each test starts the server twice on its port, and a
    // port in that range can be taken in between as the local end of an outgoing connection.
    port = await freePort();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('gets a random superuser password at its first start, kept owner-only and the same at the next', () => {
    const first = start(dataDir, port);
    expect(keptPassword(dataDir).length).toBeGreaterThanOrEqual(24);
    expect(statSync(join(dataDir, 'postgres-superuser-password')).mode & 0o777).toBe(0o600);
    expect(decodeURIComponent(new URL(first.url).password)).toBe(keptPassword(dataDir));
    expect(first).toMatchObject({ signedIn: true, wellKnownSignedIn: false });
    expect(start(dataDir, port)).toEqual(first);
  });

  it('replaces the well-known password of a cluster made before, at its next start', () => {
    const before = start(dataDir, port, "ALTER ROLE postgres PASSWORD 'postgres'");
    unlinkSync(join(dataDir, 'postgres-superuser-password'));
    const after = start(dataDir, port);
    expect(after.url).not.toBe(before.url);
    expect(decodeURIComponent(new URL(after.url).password)).toBe(keptPassword(dataDir));
    expect(after).toMatchObject({ signedIn: true, wellKnownSignedIn: false });
  });
});
