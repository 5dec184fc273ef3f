import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminSignIn, jwtSecretFor, keptSecret, rolePassword } from './secrets';

describe("npm start's own secrets", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patt-dev-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each secret under .data, readable by its owner only, made once and read back after', () => {
    const first = keptSecret(dir, 'jwt-secret', () => 'made-the-first-time');
    expect(first).toEqual({ value: 'made-the-first-time', made: true });
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(keptSecret(dir, 'jwt-secret', () => 'made-again')).toEqual({ value: 'made-the-first-time', made: false });
  });

  it('gives the JWT secret to auth and the gateway only', () => {
    const apps = ['auth', 'identity', 'guild-sync', 'discord-bot', 'campaigns', 'gateway', 'blizzard', 'discord'];
    expect(apps.filter((app) => jwtSecretFor(app, 's3cret').JWT_SECRET === 's3cret')).toEqual(['auth', 'gateway']);
    expect(jwtSecretFor('identity', 's3cret')).toEqual({});
  });

  it('gives every database role a password of its own, the same at every start', () => {
    const schemas = ['auth', 'identity', 'guild_sync', 'discord', 'campaigns'];
    const passwords = schemas.map((schema) => rolePassword(dir, schema));
    expect(new Set(passwords).size).toBe(schemas.length);
    for (const password of passwords) expect(password.length).toBeGreaterThanOrEqual(24);
    expect(schemas.map((schema) => rolePassword(dir, schema))).toEqual(passwords);
  });

  it('prints the admin password only at the start that made it', () => {
    const first = keptSecret(dir, 'admin-password', () => 'tr0g-rules');
    expect(adminSignIn('admin', first)).toContain('admin / tr0g-rules');
    const later = keptSecret(dir, 'admin-password', () => 'unused');
    expect(adminSignIn('admin', later)).not.toContain('tr0g-rules');
    expect(adminSignIn('admin', later)).toBe('admin with the password printed at the first start (kept in .data/admin-password)');
    expect(readFileSync(join(dir, 'admin-password'), 'utf8').trim()).toBe('tr0g-rules');
    expect(adminSignIn('boss', 'from-environment')).toBe('boss / (your ADMIN_PASSWORD)');
  });
});
