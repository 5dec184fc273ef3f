import { createHash, randomBytes } from 'node:crypto';

/** A random secret with a prefix that says what it is (`rt_`, `inv_`, `patt_`), from the CSPRNG. */
export function newSecret(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/**
 * Secrets are stored only as their SHA-256: they are long random values, so a fast hash is enough
 * (unlike passwords) and a lookup by hash stays an index scan.
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
