// `node dist/apps/<app>/libs/persistence/src/setup-cli.js`: the database setup as a one-shot
// command, for Compose's `db-setup` service (and any operator who runs the services elsewhere).
// It reads a superuser URL and every service's own DATABASE_URL from the environment and makes
// the database, one role per service and one schema per service owned by that role, exactly as
// `npm start` does (setupDatabase is idempotent, so it runs at every `docker compose up`).
// Prints one line and exits 0 when done, or prints one line to stderr and exits 1. It never
// prints a URL: they carry passwords.
import { DatabaseSetup, setupDatabase } from './setup';

/** The superuser (or CREATEROLE + CREATEDB) connection used for the setup only. */
export const ADMIN_URL_VARIABLE = 'DATABASE_ADMIN_URL';

/**
 * Each service's schema, and the variable that holds that service's DATABASE_URL (the very URL
 * the service itself is given: its user and password become the schema owner's role).
 */
export const SETUP_SERVICES = [
  { schema: 'auth', variable: 'AUTH_DATABASE_URL' },
  { schema: 'identity', variable: 'IDENTITY_DATABASE_URL' },
  { schema: 'guild_sync', variable: 'GUILD_SYNC_DATABASE_URL' },
  { schema: 'discord', variable: 'DISCORD_DATABASE_URL' },
  { schema: 'campaigns', variable: 'CAMPAIGNS_DATABASE_URL' },
] as const;

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

/** Thrown when the environment is incomplete; the message names the variables, never values. */
export class SetupConfigError extends Error {
  override name = 'SetupConfigError';
}

/** Reads the setup from the environment; lists every missing or malformed variable at once. */
export function setupFromEnv(env: NodeJS.ProcessEnv): DatabaseSetup {
  const problems: string[] = [];
  const read = (variable: string): string => {
    const value = env[variable]?.trim() ?? '';
    if (value === '') problems.push(`${variable} is missing`);
    else if (!POSTGRES_URL.test(value)) problems.push(`${variable} must be a postgres:// URL`);
    return value;
  };
  const adminUrl = read(ADMIN_URL_VARIABLE);
  const services = SETUP_SERVICES.map(({ schema, variable }) => ({ schema, url: read(variable) }));
  if (problems.length > 0) throw new SetupConfigError(problems.join('; '));
  return { adminUrl, services };
}

/** Connection failures worth another try: Postgres may still be starting, or its name resolving. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', '57P03']);

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT.has(code);
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // One line, and never a connection string (pg does not echo them, but be sure).
  return text.replace(/postgres(ql)?:\/\/\S+/g, '<url>').replace(/\s+/g, ' ').trim();
}

/** Runs the setup, retrying connection failures for a while (Postgres may be just up). */
export async function runSetup(
  env: NodeJS.ProcessEnv,
  { attempts = 10, delayMs = 1000 }: { attempts?: number; delayMs?: number } = {},
): Promise<DatabaseSetup> {
  const setup = setupFromEnv(env);
  for (let attempt = 1; ; attempt++) {
    try {
      await setupDatabase(setup);
      return setup;
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

async function main(): Promise<void> {
  try {
    const setup = await runSetup(process.env);
    const schemas = setup.services.map((s) => s.schema).join(', ');
    process.stdout.write(`database setup done: schemas ${schemas}, each owned by its service's role\n`);
    process.exit(0);
  } catch (error) {
    console.error(`database setup failed: ${messageOf(error)}`);
    process.exit(1);
  }
}

// Run only as a command; importing the module (tests, tooling) has no side effects.
if (require.main === module) void main();
