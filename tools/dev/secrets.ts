// The secrets `npm start` makes for itself: kept under .data (mode 0600) so a restart keeps logins,
// tokens and database roles working, and each given only to the process that needs it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeptSecret {
  value: string;
  /** Made by this call: the first start. */
  made: boolean;
}

/** The secret `name` under `dir`, made by `make` (and written, readable by its owner only) when missing. */
export function keptSecret(dir: string, name: string, make: () => string): KeptSecret {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), made: false };
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, made: true };
}

/** The processes that sign or check access tokens, and so the only ones given JWT_SECRET. */
export const JWT_HOLDERS: readonly string[] = ['auth', 'gateway'];

export function jwtSecretFor(app: string, secret: string): NodeJS.ProcessEnv {
  return JWT_HOLDERS.includes(app) ? { JWT_SECRET: secret } : {};
}

/** The password of one service's database role: each role its own, so one leaked URL opens one schema. */
export function rolePassword(dir: string, schema: string): string {
  return keptSecret(dir, `db-password-${schema}`, () => randomBytes(18).toString('base64url')).value;
}

/**
 * How the launcher tells who to sign in as: the password only on the start that made it (the
 * first), never again in a log; after that, where it is kept. An ADMIN_PASSWORD of one's own is
 * never printed.
 */
export function adminSignIn(username: string, admin: KeptSecret | 'from-environment'): string {
  if (admin === 'from-environment') return `${username} / (your ADMIN_PASSWORD)`;
  if (admin.made) return `${username} / ${admin.value}  (printed this once; kept in .data/admin-password)`;
  return `${username} with the password printed at the first start (kept in .data/admin-password)`;
}
