// The companion's options: from the command line first, then from environment variables, so that
// a scheduled task or a shortcut can keep the API key out of the command line. Parsing is pure
// (argv, env and the platform come in as arguments) so every rule here is unit tested.
import { homedir } from 'node:os';
import { isIPv4, isIPv6 } from 'node:net';
import { isAbsolute, join, resolve, win32 } from 'node:path';

export interface CompanionOptions {
  /** Absolute path of PATTSync.lua. */
  file: string;
  /** The gateway's base URL, without a trailing slash or /api/v1. */
  apiUrl: string;
  /** Never printed: see maskApiKey. */
  apiKey: string;
  /** Where the copies of uploaded files and the last-upload state go. */
  archiveDir: string;
  /** How often the file is looked at when no change event comes (network drives, some filesystems). */
  pollIntervalMs: number;
  /** How long size and modification time must stay the same before the file is read. */
  settleMs: number;
  /** The longest wait between two attempts while the platform is unreachable. */
  maxRetryDelayMs: number;
  /** Upload the current file if it is newer, then exit. */
  once: boolean;
  /** Rely on polling alone (change events never arrive on some network drives). */
  watch: boolean;
  /** Where the key came from: a key typed on the command line deserves a word of warning. */
  apiKeySource: 'argument' | 'environment' | 'file';
}

export type ParseResult = { kind: 'run'; options: CompanionOptions } | { kind: 'help' };

/** A bad option: main prints the sentence and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const DEFAULTS = {
  pollIntervalMs: 5_000,
  settleMs: 2_000,
  maxRetryDelayMs: 60_000,
} as const;

interface OptionSpec {
  flag: string;
  env?: string;
  value?: string;
  help: string;
}

/** Every option, in the order --help lists them; env names are what the README documents. */
export const OPTION_SPECS: readonly OptionSpec[] = [
  { flag: '--file', env: 'PATT_COMPANION_FILE', value: '<path>', help: 'the PATTSync.lua SavedVariables file to watch (required)' },
  { flag: '--api-url', env: 'PATT_API_URL', value: '<url>', help: 'the platform\'s https base URL, e.g. https://patt.example.org (required; http only to this computer)' },
  { flag: '--api-key', env: 'PATT_API_KEY', value: '<key>', help: 'an officer\'s API key (required, or --api-key-file); prefer the variable' },
  { flag: '--api-key-file', env: 'PATT_API_KEY_FILE', value: '<path>', help: 'a file whose first line is the API key' },
  { flag: '--archive-dir', env: 'PATT_COMPANION_ARCHIVE_DIR', value: '<dir>', help: 'where copies of uploaded files are kept (default below)' },
  { flag: '--poll-interval', env: 'PATT_COMPANION_POLL_INTERVAL', value: '<duration>', help: 'how often to look at the file anyway (default 5s)' },
  { flag: '--settle', env: 'PATT_COMPANION_SETTLE', value: '<duration>', help: 'how long the file must stay unchanged before it is read (default 2s)' },
  { flag: '--max-retry-delay', env: 'PATT_COMPANION_MAX_RETRY_DELAY', value: '<duration>', help: 'longest wait between retries (default 60s)' },
  { flag: '--no-watch', env: 'PATT_COMPANION_NO_WATCH', help: 'poll only: for network drives where change events never arrive' },
  { flag: '--once', env: 'PATT_COMPANION_ONCE', help: 'upload the current file if it is newer, then exit (for scripts)' },
  { flag: '--help', help: 'show this help' },
];

export function helpText(defaultArchive: string): string {
  const width = Math.max(...OPTION_SPECS.map((o) => `${o.flag} ${o.value ?? ''}`.length));
  const lines = OPTION_SPECS.map((o) => {
    const left = `${o.flag} ${o.value ?? ''}`.padEnd(width);
    return `  ${left}  ${o.help}${o.env ? `\n  ${''.padEnd(width)}  [env ${o.env}]` : ''}`;
  });
  return [
    'PATT companion: uploads the PATTSync addon\'s export to the PATT platform each time WoW writes it.',
    '',
    'usage: npm run companion -- --file <PATTSync.lua> --api-url <url> [options]',
    '       (the API key from PATT_API_KEY or --api-key-file keeps it out of the command line)',
    '',
    ...lines,
    '',
    'Durations: 500ms, 5s, 2m or a number of milliseconds.',
    `Default archive: ${defaultArchive}`,
    'Exit codes: 0 done or stopped, 1 an upload failed for good (--once) or the key was refused, 2 bad options.',
  ].join('\n');
}

/**
 * Where the archive goes unless told: the per-user application data folder of each system, so
 * that nothing is written into WoW's own folders.
 */
export function defaultArchiveDir(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (platform === 'win32') return win32.join(env['LOCALAPPDATA'] || win32.join(home, 'AppData', 'Local'), 'PATT Companion', 'archive');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'PATT Companion', 'archive');
  return join(env['XDG_DATA_HOME'] || join(home, '.local', 'share'), 'patt-companion', 'archive');
}

export interface ParseContext {
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths are taken from here (npm run changes the directory; INIT_CWD is the user's). */
  cwd: string;
  platform: NodeJS.Platform;
  home?: string;
  /** Reads --api-key-file; injected so parsing stays testable without files. */
  readKeyFile: (path: string) => string;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;

/** "500ms", "5s", "2m" or plain milliseconds; null when it is none of those. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as keyof typeof UNIT_MS];
  return Number.isFinite(value) ? Math.round(value) : null;
}

/** Shows which key is in use without showing the key: only its last four characters. */
export function maskApiKey(key: string): string {
  return key.length >= 16 ? `…${key.slice(-4)}` : '(hidden)';
}

/** The URL as printed: without any user:password part. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unreadable URL)';
  }
}

const FLAGS = new Map(OPTION_SPECS.map((o) => [o.flag, o]));
const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['', '0', 'false', 'no', 'off']);

/**
 * Reads the options; throws UsageError with one sentence naming what is wrong (and where it
 * came from) for anything it cannot use.
 */
export function parseOptions(argv: readonly string[], context: ParseContext): ParseResult {
  if (argv.some((arg) => arg === '-h' || arg === '--help')) return { kind: 'help' };
  const given = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const spec = FLAGS.get(flag);
    if (!spec) {
      throw new UsageError(
        arg.startsWith('-') ? `${flag} is not an option of the companion (see --help)` : `unexpected argument "${arg}": options take the form --name value (see --help)`,
      );
    }
    if (!spec.value) {
      if (eq > 0) throw new UsageError(`${flag} takes no value (see --help)`);
      given.set(flag, true);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${flag} needs a value: ${flag} ${spec.value} (see --help)`);
    given.set(flag, value);
  }

  const fromEnv = (name: string): string | undefined => {
    const value = context.env[name]?.trim();
    return value ? value : undefined;
  };
  /** The value of a value option and a phrase saying where it came from, for error sentences. */
  const read = (flag: string): { value: string; from: string } | undefined => {
    const spec = FLAGS.get(flag) as OptionSpec;
    const argument = given.get(flag);
    if (typeof argument === 'string') return { value: argument, from: flag };
    const env = spec.env ? fromEnv(spec.env) : undefined;
    return env === undefined ? undefined : { value: env, from: spec.env as string };
  };
  const switchOn = (flag: string): boolean => {
    if (given.get(flag) === true) return true;
    const name = (FLAGS.get(flag) as OptionSpec).env as string;
    const env = (context.env[name] ?? '').trim().toLowerCase();
    if (TRUE_WORDS.has(env)) return true;
    if (FALSE_WORDS.has(env)) return false;
    throw new UsageError(`${name} must be 1 or 0 (true or false), not "${context.env[name]}"`);
  };
  const required = (flag: string, what: string): { value: string; from: string } => {
    const found = read(flag);
    if (!found) throw new UsageError(`${flag} is required (or set ${(FLAGS.get(flag) as OptionSpec).env}): ${what}`);
    return found;
  };
  const path = (value: string): string => (isAbsolute(value) || win32.isAbsolute(value) ? value : resolve(context.cwd, value));
  const duration = (flag: string, fallback: number, minimum: number): number => {
    const found = read(flag);
    if (!found) return fallback;
    const ms = parseDuration(found.value);
    if (ms === null) throw new UsageError(`${found.from} must be a duration such as 5s or 500ms, not "${found.value}"`);
    if (ms < minimum) throw new UsageError(`${found.from} must be at least ${minimum} ms, not ${ms} ms`);
    return ms;
  };

  const file = path(required('--file', 'the path to PATTSync.lua in WoW\'s SavedVariables folder').value);
  const apiUrl = normaliseApiUrl(required('--api-url', 'the platform\'s base URL, e.g. https://patt.example.org'));
  const { apiKey, apiKeySource } = readApiKey(read('--api-key'), read('--api-key-file'), given.has('--api-key'), context, path);
  const archive = read('--archive-dir');

  return {
    kind: 'run',
    options: {
      file,
      apiUrl,
      apiKey,
      apiKeySource,
      archiveDir: archive ? path(archive.value) : defaultArchiveDir(context.platform, context.env, context.home ?? homedir()),
      pollIntervalMs: duration('--poll-interval', DEFAULTS.pollIntervalMs, 100),
      settleMs: duration('--settle', DEFAULTS.settleMs, 0),
      maxRetryDelayMs: duration('--max-retry-delay', DEFAULTS.maxRetryDelayMs, 100),
      once: switchOn('--once'),
      watch: !switchOn('--no-watch'),
    },
  };
}

/** An http(s) base URL; a trailing slash or /api/v1 (a common paste) is dropped. */
function normaliseApiUrl(found: { value: string; from: string }): string {
  let url: URL;
  try {
    url = new URL(found.value);
  } catch {
    throw new UsageError(`${found.from} must be a URL such as https://patt.example.org, not "${found.value.slice(0, 80)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${found.from} must start with https://, not ${url.protocol}//`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new UsageError(
      `${found.from} must start with https://: over ${url.origin} the API key and the notes would travel unencrypted (plain http is accepted only to this computer: localhost, 127.0.0.1 or [::1])`,
    );
  }
  if (url.search || url.hash) throw new UsageError(`${found.from} must be the platform's base URL, without ?query or #fragment`);
  return url.toString().replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}

/** This computer: a plain-http platform here is a developer's, and nothing crosses a network. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIPv4(host)) return host.startsWith('127.');
  return isIPv6(host) && (host === '::1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host));
}

function readApiKey(
  argument: { value: string; from: string } | undefined,
  keyFile: { value: string; from: string } | undefined,
  onCommandLine: boolean,
  context: ParseContext,
  path: (value: string) => string,
): { apiKey: string; apiKeySource: CompanionOptions['apiKeySource'] } {
  if (argument && keyFile) throw new UsageError(`give the API key one way only: ${argument.from} or ${keyFile.from}, not both`);
  if (argument) return { apiKey: checkedKey(argument.value, argument.from), apiKeySource: onCommandLine ? 'argument' : 'environment' };
  if (!keyFile) throw new UsageError('an API key is required: set PATT_API_KEY (or --api-key, or --api-key-file); an officer creates one in the platform');
  let text: string;
  try {
    text = context.readKeyFile(path(keyFile.value));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${keyFile.from} names a file that cannot be read (${code ?? 'error'}): ${path(keyFile.value)}`);
  }
  return { apiKey: checkedKey(text.split(/\r?\n/)[0] ?? '', `the first line of ${keyFile.from}`), apiKeySource: 'file' };
}

/** Header-safe and plausible; the sentence never contains the key itself. */
function checkedKey(raw: string, from: string): string {
  const key = raw.trim();
  if (!key) throw new UsageError(`${from} is empty: it must hold the API key`);
  if (!/^[\x21-\x7e]+$/.test(key)) throw new UsageError(`${from} must be the API key alone (visible ASCII, no spaces), as the platform showed it`);
  return key;
}
