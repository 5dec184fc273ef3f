import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from '@patt/service-kit';
import { AuthConfig } from './auth.config';

const base = {
  DATABASE_URL: 'postgres://patt_auth:pw@127.0.0.1:5432/patt',
  JWT_SECRET: 'x'.repeat(32),
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'correct horse battery',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig('auth', AuthConfig, { ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('AuthConfig ACCOUNT_GRACE_DAYS', () => {
  it('gives a member 14 days out of the guild unless told otherwise', () => {
    expect(loadConfig('auth', AuthConfig, base).ACCOUNT_GRACE_DAYS).toBe(14);
    expect(loadConfig('auth', AuthConfig, { ...base, ACCOUNT_GRACE_DAYS: '' }).ACCOUNT_GRACE_DAYS).toBe(14);
  });

  it('takes 0 (at once) and any whole number of days up to a year', () => {
    expect(loadConfig('auth', AuthConfig, { ...base, ACCOUNT_GRACE_DAYS: '0' }).ACCOUNT_GRACE_DAYS).toBe(0);
    expect(loadConfig('auth', AuthConfig, { ...base, ACCOUNT_GRACE_DAYS: '365' }).ACCOUNT_GRACE_DAYS).toBe(365);
  });

  it.each([
    ['-1', 'ACCOUNT_GRACE_DAYS must be 0 (at once) or more'],
    ['1.5', 'ACCOUNT_GRACE_DAYS must be a whole number of days'],
    ['two weeks', 'ACCOUNT_GRACE_DAYS must be a whole number of days'],
    ['366', 'ACCOUNT_GRACE_DAYS must be at most 365'],
  ])('refuses to start with %s, saying why', (value, problem) => {
    expect(problems({ ACCOUNT_GRACE_DAYS: value })).toContainEqual(expect.stringContaining(problem));
  });
});

describe('AuthConfig bcrypt bound', () => {
  it('allows one bcrypt at a time per core (at most 4) and a wait of two seconds, unless told otherwise', () => {
    const config = loadConfig('auth', AuthConfig, base);
    expect(config.BCRYPT_MAX_CONCURRENT).toBe(Math.min(4, availableParallelism()));
    expect(config.BCRYPT_MAX_WAIT_MS).toBe(2000);
    expect(loadConfig('auth', AuthConfig, { ...base, BCRYPT_MAX_CONCURRENT: '1', BCRYPT_MAX_WAIT_MS: '0' })).toMatchObject({ BCRYPT_MAX_CONCURRENT: 1, BCRYPT_MAX_WAIT_MS: 0 });
  });

  it.each([
    [{ BCRYPT_MAX_CONCURRENT: '0' }, 'BCRYPT_MAX_CONCURRENT must be at least 1'],
    [{ BCRYPT_MAX_WAIT_MS: '5000' }, 'BCRYPT_MAX_WAIT_MS must be at most 3000'],
    [{ BCRYPT_MAX_WAIT_MS: '-1' }, 'BCRYPT_MAX_WAIT_MS must be 0 (no wait) or more'],
  ])('refuses %j', (env, problem) => {
    expect(problems(env)).toContainEqual(expect.stringContaining(problem));
  });
});

describe('AuthConfig signing in with Discord', () => {
  it('is off without a client id and secret, and points at Discord itself by default', () => {
    const config = loadConfig('auth', AuthConfig, base);
    expect(config.discordSignIn).toBeNull();
    expect(config.DISCORD_OAUTH_URL).toBe('https://discord.com/oauth2/authorize');
    expect(config.DISCORD_API_URL).toBe('https://discord.com/api');
  });

  it('is on with both', () => {
    const config = loadConfig('auth', AuthConfig, { ...base, DISCORD_CLIENT_ID: '123456789012345678', DISCORD_CLIENT_SECRET: 'a-client-secret' });
    expect(config.discordSignIn).toEqual({ clientId: '123456789012345678', clientSecret: 'a-client-secret' });
  });

  it.each([
    [{ DISCORD_CLIENT_ID: '123456789012345678' }, 'DISCORD_CLIENT_SECRET is missing'],
    [{ DISCORD_CLIENT_SECRET: 'a-client-secret' }, 'DISCORD_CLIENT_ID is missing'],
    [{ DISCORD_CLIENT_ID: 'my-app', DISCORD_CLIENT_SECRET: 'a-client-secret' }, 'DISCORD_CLIENT_ID must be the application’s id'],
    [{ DISCORD_OAUTH_URL: 'discord.com/oauth2/authorize' }, 'DISCORD_OAUTH_URL must be an http(s) URL'],
    [{ DISCORD_API_URL: 'ftp://discord.com/api' }, 'DISCORD_API_URL must be an http(s) URL'],
  ])('refuses to start with %j, saying why without the secret', (env, problem) => {
    const found = problems(env as Record<string, string>);
    expect(found).toContainEqual(expect.stringContaining(problem));
    expect(found.join('\n')).not.toContain('a-client-secret');
  });
});
