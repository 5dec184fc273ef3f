import { IsString } from 'class-validator';
import { ConfigError, emptyAsUndefined, IsJwtSecret, loadConfig, ServiceConfig } from './config';
import { natsCredentialsOf } from './nats-transport';

class ExampleConfig extends ServiceConfig {
  override HEALTH_PORT = 3999;

  @emptyAsUndefined()
  @IsJwtSecret()
  JWT_SECRET!: string;

  @emptyAsUndefined()
  @IsString({ message: 'GREETING must be text' })
  GREETING = 'hello';
}

const good = {
  DATABASE_URL: 'postgres://svc:pw@127.0.0.1:5432/patt',
  JWT_SECRET: 'x'.repeat(32),
};

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig('example', ExampleConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('reads the service’s NATS credentials: a password alone (the user is the service’s name) or both', () => {
    expect(loadConfig('example', ExampleConfig, good).NATS_PASSWORD).toBeUndefined();
    const withPassword = loadConfig('example', ExampleConfig, { ...good, NATS_PASSWORD: 'p'.repeat(24) });
    expect(natsCredentialsOf('example', withPassword)).toEqual({ user: 'example', password: 'p'.repeat(24) });
    const withBoth = loadConfig('example', ExampleConfig, { ...good, NATS_USER: 'auth', NATS_PASSWORD: 'p'.repeat(24) });
    expect(natsCredentialsOf('example', withBoth)).toEqual({ user: 'auth', password: 'p'.repeat(24) });
    expect(natsCredentialsOf('example', loadConfig('example', ExampleConfig, good))).toBeNull();
  });

  it('refuses a NATS user without its password, a short password and a user that is no subject token', () => {
    expect(problems({ ...good, NATS_USER: 'auth' })).toEqual(['NATS_PASSWORD is missing']);
    expect(problems({ ...good, NATS_PASSWORD: 'short' })).toEqual(['NATS_PASSWORD must be at least 16 letters, digits, - or _, starting with a letter']);
    expect(problems({ ...good, NATS_PASSWORD: '1234567890123456789' })).toHaveLength(1);
    expect(problems({ ...good, NATS_PASSWORD: 'a password with spaces' })).toHaveLength(1);
    expect(problems({ ...good, NATS_USER: 'a.b', NATS_PASSWORD: 'p'.repeat(24) })).toEqual([
      'NATS_USER must be a user of the bus: letters, digits, - or _ (by default the service’s own name)',
    ]);
  });

  it('reads a typed config with defaults for what is unset', () => {
    const config = loadConfig('example', ExampleConfig, { ...good, HEALTH_PORT: '4100' });
    expect(config).toBeInstanceOf(ExampleConfig);
    expect(config.HEALTH_PORT).toBe(4100);
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.GREETING).toBe('hello');
  });

  it('names every missing or bad variable at once', () => {
    expect(problems({ HEALTH_PORT: 'eighty', NATS_URL: 'http://nats', LOG_LEVEL: 'chatty', JWT_SECRET: 'short' })).toEqual(
      expect.arrayContaining([
        'DATABASE_URL is missing',
        expect.stringContaining('HEALTH_PORT must be a port number'),
        expect.stringContaining('NATS_URL must be a nats:// URL'),
        expect.stringContaining('LOG_LEVEL must be one of'),
        'JWT_SECRET must be at least 32 bytes',
      ]),
    );
  });

  it('treats empty variables as unset, as Compose files write them', () => {
    expect(problems({ ...good, NATS_URL: '', JWT_SECRET: '   ' })).toEqual(['JWT_SECRET is missing']);
  });

  it('never echoes a value, since some are secrets', () => {
    const message = new ConfigError('example', problems({ ...good, JWT_SECRET: 'hunter2-is-my-secret' })).message;
    expect(message).not.toContain('hunter2');
  });

  it('ignores variables it does not declare', () => {
    const config = loadConfig('example', ExampleConfig, { ...good, HOME: '/root', UNRELATED: 'x' }) as unknown as Record<string, unknown>;
    expect(config['UNRELATED']).toBeUndefined();
  });
});
