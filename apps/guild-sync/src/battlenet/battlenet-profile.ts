// Blizzard's answers to a member's Battle.net login, read defensively: what is not as documented
// is left out, never guessed.
import type { BattlenetCharacter } from '@patt/contracts';

/** `/oauth/userinfo`: `{sub, id, battletag}`. */
export function parseUserInfo(body: unknown): { id: number; battletag: string | null } | null {
  if (!isObject(body)) return null;
  const id = typeof body['id'] === 'number' ? body['id'] : typeof body['sub'] === 'string' && /^\d+$/.test(body['sub']) ? Number(body['sub']) : null;
  if (id === null || !Number.isSafeInteger(id) || id <= 0) return null;
  const battletag = typeof body['battletag'] === 'string' && body['battletag'].length > 0 ? body['battletag'] : null;
  return { id, battletag };
}

/**
 * `/profile/user/wow`: every WoW account of the Battle.net account with its characters, each
 * with Blizzard's id, name, realm and level. Characters whose entry lacks any of those are left
 * out; at most `limit` are read.
 */
export function parseAccountProfile(body: unknown, limit: number): { accountId: number | null; characters: BattlenetCharacter[] } | null {
  if (!isObject(body) || !Array.isArray(body['wow_accounts'])) return null;
  const accountId = typeof body['id'] === 'number' ? body['id'] : null;
  const characters: BattlenetCharacter[] = [];
  const seen = new Set<number>();
  for (const account of body['wow_accounts']) {
    if (!isObject(account) || typeof account['id'] !== 'number' || !Array.isArray(account['characters'])) continue;
    for (const entry of account['characters']) {
      if (characters.length >= limit) return { accountId, characters };
      if (!isObject(entry) || !isObject(entry['realm'])) continue;
      const { id, name, level } = entry;
      const { slug, name: realmName } = entry['realm'];
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0 || seen.has(id)) continue;
      if (typeof name !== 'string' || name.length === 0 || typeof slug !== 'string' || slug.length === 0) continue;
      seen.add(id);
      characters.push({
        blizzardId: id,
        name,
        realmSlug: slug.toLowerCase(),
        realmName: typeof realmName === 'string' ? realmName : slug,
        level: typeof level === 'number' ? level : null,
        wowAccountId: account['id'],
      });
    }
  }
  return { accountId, characters };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
