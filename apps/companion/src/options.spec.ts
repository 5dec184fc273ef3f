import { CompanionOptions, DEFAULTS, defaultArchiveDir, displayUrl, helpText, maskApiKey, OPTION_SPECS, parseDuration, parseOptions, ParseContext, UsageError } from './options';

const KEY = 'patt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

function context(env: Record<string, string> = {}, keyFiles: Record<string, string> = {}): ParseContext {
  return {
    env,
    cwd: '/home/officer/wow',
    platform: 'linux',
    home: '/home/officer',
    readKeyFile: (path) => {
      if (path in keyFiles) return keyFiles[path] as string;
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    },
  };
}

function options(argv: string[], env: Record<string, string> = {}, keyFiles: Record<string, string> = {}): CompanionOptions {
  const result = parseOptions(argv, context(env, keyFiles));
  if (result.kind !== 'run') throw new Error('expected options');
  return result.options;
}

function usageError(argv: string[], env: Record<string, string> = {}, keyFiles: Record<string, string> = {}): string {
  try {
    parseOptions(argv, context(env, keyFiles));
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

const required = ['--file', 'PATTSync.lua', '--api-url', 'https://patt.example.org', '--api-key', KEY];

describe('parseOptions', () => {
  it('reads the required options from the command line, relative paths from the officer\'s directory', () => {
    expect(options(required)).toEqual({
      file: '/home/officer/wow/PATTSync.lua',
      apiUrl: 'https://patt.example.org',
      apiKey: KEY,
      apiKeySource: 'argument',
      archiveDir: '/home/officer/.local/share/patt-companion/archive',
      pollIntervalMs: DEFAULTS.pollIntervalMs,
      settleMs: DEFAULTS.settleMs,
      maxRetryDelayMs: DEFAULTS.maxRetryDelayMs,
      once: false,
      watch: true,
    });
  });

  it('reads every option from the environment too', () => {
    const parsed = options([], {
      PATT_COMPANION_FILE: '/wow/PATTSync.lua',
      PATT_API_URL: 'http://127.0.0.1:3000/',
      PATT_API_KEY: KEY,
      PATT_COMPANION_ARCHIVE_DIR: 'archive',
      PATT_COMPANION_POLL_INTERVAL: '2s',
      PATT_COMPANION_SETTLE: '750ms',
      PATT_COMPANION_MAX_RETRY_DELAY: '1m',
      PATT_COMPANION_ONCE: 'true',
      PATT_COMPANION_NO_WATCH: '1',
    });
    expect(parsed).toEqual({
      file: '/wow/PATTSync.lua',
      apiUrl: 'http://127.0.0.1:3000',
      apiKey: KEY,
      apiKeySource: 'environment',
      archiveDir: '/home/officer/wow/archive',
      pollIntervalMs: 2_000,
      settleMs: 750,
      maxRetryDelayMs: 60_000,
      once: true,
      watch: false,
    });
  });

  it('prefers the command line over the environment, and takes --name=value', () => {
    const parsed = options(['--file=/a/PATTSync.lua', '--api-url', 'https://one.example', '--settle=0', '--once'], {
      PATT_COMPANION_FILE: '/b/PATTSync.lua',
      PATT_API_URL: 'https://two.example',
      PATT_API_KEY: KEY,
      PATT_COMPANION_SETTLE: '9s',
      PATT_COMPANION_ONCE: '0',
    });
    expect(parsed).toMatchObject({ file: '/a/PATTSync.lua', apiUrl: 'https://one.example', settleMs: 0, once: true });
  });

  it('keeps Windows paths as they are given', () => {
    expect(options(['--file', 'C:\\Games\\World of Warcraft\\_retail_\\WTF\\PATTSync.lua', ...required.slice(2)]).file).toBe(
      'C:\\Games\\World of Warcraft\\_retail_\\WTF\\PATTSync.lua',
    );
  });

  it('drops a trailing /api/v1 from the URL, a common paste', () => {
    expect(options([...required.slice(0, 2), '--api-url', 'https://patt.example.org/api/v1/', ...required.slice(4)]).apiUrl).toBe('https://patt.example.org');
    expect(options([...required.slice(0, 2), '--api-url', 'https://example.org/patt/', ...required.slice(4)]).apiUrl).toBe('https://example.org/patt');
  });

  it('reads the key from the first line of --api-key-file', () => {
    const parsed = options(['--file', 'x.lua', '--api-url', 'https://p.example', '--api-key-file', 'key.txt'], {}, { '/home/officer/wow/key.txt': `  ${KEY}  \r\nsecond line\n` });
    expect(parsed).toMatchObject({ apiKey: KEY, apiKeySource: 'file' });
  });

  it.each(['http://localhost:3000', 'http://LOCALHOST', 'http://127.0.0.1:3000', 'http://127.8.9.10', 'http://[::1]:3000', 'http://[::ffff:127.0.0.1]'])(
    'takes plain http to this computer: %s',
    (url) => {
      expect(options([...required.slice(0, 2), '--api-url', url, ...required.slice(4)]).apiUrl).toBe(new URL(url).toString().replace(/\/$/, ''));
    },
  );

  it('answers --help and -h before checking anything else', () => {
    expect(parseOptions(['--bogus', '--help'], context())).toEqual({ kind: 'help' });
    expect(parseOptions(['-h'], context())).toEqual({ kind: 'help' });
  });

  it.each<[string, string[], Record<string, string>, RegExp]>([
    ['a missing file', required.slice(2), {}, /^--file is required \(or set PATT_COMPANION_FILE\)/],
    ['a missing URL', [...required.slice(0, 2), ...required.slice(4)], {}, /^--api-url is required \(or set PATT_API_URL\)/],
    ['a missing key', required.slice(0, 4), {}, /^an API key is required: set PATT_API_KEY/],
    ['an unknown option', [...required, '--verbose'], {}, /^--verbose is not an option of the companion/],
    ['a stray word', [...required, 'now'], {}, /^unexpected argument "now"/],
    ['a value missing at the end', [...required, '--settle'], {}, /^--settle needs a value/],
    ['a value missing before the next option', ['--file', '--once', ...required.slice(2)], {}, /^--file needs a value/],
    ['a value on a switch', [...required, '--once=yes'], {}, /^--once takes no value/],
    ['a bad duration', [...required, '--poll-interval', 'soon'], {}, /^--poll-interval must be a duration such as 5s or 500ms, not "soon"$/],
    ['a poll too often', [...required, '--poll-interval', '10ms'], {}, /^--poll-interval must be at least 100 ms/],
    ['a bad duration from the environment', required, { PATT_COMPANION_SETTLE: '-1' }, /^PATT_COMPANION_SETTLE must be a duration/],
    ['a bad switch value', required, { PATT_COMPANION_ONCE: 'maybe' }, /^PATT_COMPANION_ONCE must be 1 or 0/],
    ['a URL that is not one', [...required.slice(0, 2), '--api-url', 'patt.example.org', ...required.slice(4)], {}, /^--api-url must be a URL such as https:\/\/patt\.example\.org, not "patt\.example\.org"$/],
    ['a URL of another scheme', [...required.slice(0, 2), '--api-url', 'ftp://patt.example.org', ...required.slice(4)], {}, /^--api-url must start with https:\/\/, not ftp:\/\/$/],
    [
      'a plain-http URL to another machine',
      [...required.slice(0, 2), '--api-url', 'http://patt.example.org', ...required.slice(4)],
      {},
      /^--api-url must start with https:\/\/: over http:\/\/patt\.example\.org the API key and the notes would travel unencrypted \(plain http is accepted only to this computer: localhost, 127\.0\.0\.1 or \[::1\]\)$/,
    ],
    ['a plain-http URL from the environment', required.filter((_, i) => i !== 2 && i !== 3), { PATT_API_URL: 'http://192.168.1.20:3000' }, /^PATT_API_URL must start with https:\/\/: over http:\/\/192\.168\.1\.20:3000/],
    ['a plain-http URL to a name that merely starts like localhost', [...required.slice(0, 2), '--api-url', 'http://localhost.example.org', ...required.slice(4)], {}, /must start with https:\/\//],
    ['a plain-http URL to an IPv6 address that is not loopback', [...required.slice(0, 2), '--api-url', 'http://[fe80::1]:3000', ...required.slice(4)], {}, /must start with https:\/\//],
    ['a URL with a query', [...required.slice(0, 2), '--api-url', 'https://p.example/?x=1', ...required.slice(4)], {}, /without \?query/],
    ['two sources of the key', [...required, '--api-key-file', 'k.txt'], {}, /^give the API key one way only: --api-key or --api-key-file/],
    ['a key file that is not there', [...required.slice(0, 4), '--api-key-file', 'k.txt'], {}, /^--api-key-file names a file that cannot be read \(ENOENT\): \/home\/officer\/wow\/k\.txt$/],
    ['a key with spaces', [...required.slice(0, 4), '--api-key', 'patt_abc def'], {}, /^--api-key must be the API key alone/],
  ])('refuses %s with one sentence', (_what, argv, env, expected) => {
    const message = usageError(argv, env);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('never puts the key in an error sentence', () => {
    const secret = 'patt_secret value that is wrong';
    expect(usageError([...required.slice(0, 4), '--api-key', secret])).not.toContain('secret');
    expect(usageError([...required.slice(0, 4), '--api-key-file', 'k'], {}, { '/home/officer/wow/k': 'patt_secret with space' })).not.toContain('secret');
  });
});

describe('defaultArchiveDir', () => {
  it('is the per-user application data folder of each system', () => {
    expect(defaultArchiveDir('win32', { LOCALAPPDATA: 'C:\\Users\\Trog\\AppData\\Local' }, 'C:\\Users\\Trog')).toBe('C:\\Users\\Trog\\AppData\\Local\\PATT Companion\\archive');
    expect(defaultArchiveDir('win32', {}, 'C:\\Users\\Trog')).toBe('C:\\Users\\Trog\\AppData\\Local\\PATT Companion\\archive');
    expect(defaultArchiveDir('darwin', {}, '/Users/trog')).toBe('/Users/trog/Library/Application Support/PATT Companion/archive');
    expect(defaultArchiveDir('linux', { XDG_DATA_HOME: '/data' }, '/home/trog')).toBe('/data/patt-companion/archive');
  });
});

describe('small helpers', () => {
  it('reads durations', () => {
    expect([parseDuration('1500'), parseDuration('500ms'), parseDuration('2s'), parseDuration('1.5s'), parseDuration('2m'), parseDuration(' 3s ')]).toEqual([
      1500, 500, 2000, 1500, 120_000, 3000,
    ]);
    expect([parseDuration(''), parseDuration('2h'), parseDuration('-1'), parseDuration('s'), parseDuration('1e3')]).toEqual([null, null, null, null, null]);
  });

  it('masks the key down to its last four characters', () => {
    expect(maskApiKey(KEY)).toBe('…DEFG');
    expect(maskApiKey('short')).toBe('(hidden)');
  });

  it('prints URLs without credentials', () => {
    expect(displayUrl('https://user:pw@patt.example.org/')).toBe('https://patt.example.org');
  });

  it('lists every option and its variable in the help', () => {
    const help = helpText('/archive');
    for (const spec of OPTION_SPECS) {
      expect(help).toContain(spec.flag);
      if (spec.env) expect(help).toContain(spec.env);
    }
  });
});
