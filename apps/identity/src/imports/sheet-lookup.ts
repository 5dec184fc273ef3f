// Who a sheet's row means: the character its Character and Realm name, the Discord user its
// Discord column names. Pure over what the service knows (its projections), so the rules are
// tested without a database.
import { foldName, squashedRealm } from '@patt/wow';
import type { KnownCharacter } from '../characters/characters.repository';
import type { KnownDiscordUser } from '../discord-members/discord-members.repository';
import type { SheetRow } from './roster-sheet';

export type Found<T> = { found: T } | { problem: string };

/**
 * Indexes the guild's characters and Discord members for the sheet's rows. Names compare folded
 * (case and accents: a sheet's "Zatanna" is the roster's "Zatañña"); realms compare squashed, so
 * "Area 52", "area-52" and "Area52" agree, as do "Sen'jin" and "senjin".
 */
export class SheetLookup {
  private readonly characters = new Map<string, KnownCharacter[]>();
  private readonly usernames = new Map<string, KnownDiscordUser[]>();
  private readonly displayNames = new Map<string, KnownDiscordUser[]>();

  constructor(characters: readonly KnownCharacter[], users: readonly KnownDiscordUser[]) {
    for (const character of characters) push(this.characters, foldName(character.name), character);
    for (const user of users) {
      push(this.usernames, foldName(user.username), user);
      push(this.displayNames, foldName(user.displayName), user);
    }
  }

  /**
   * The row's character. Without a realm the name must be unambiguous: one in the guild, or else
   * one known at all. With one, a character in the guild wins over one that left.
   */
  character(row: SheetRow): Found<KnownCharacter> {
    const named = this.characters.get(foldName(row.character)) ?? [];
    const where = row.realm === '' ? '' : ` on ${row.realm}`;
    const candidates = row.realm === '' ? named : named.filter((c) => squashedRealm(c.realmSlug) === squashedRealm(row.realm) || squashedRealm(c.realmName) === squashedRealm(row.realm));
    const pick = preferred(candidates, (c) => c.inGuild);
    if (pick.length === 1) return { found: pick[0] as KnownCharacter };
    if (pick.length === 0) {
      const elsewhere = named.length > 0 ? ` (the roster knows ${row.character} on ${[...new Set(named.map((c) => c.realmName))].join(', ')})` : '';
      return { problem: `no character ${row.character}${where} is known to the roster${elsewhere}` };
    }
    return { problem: `${row.character} is on several realms (${pick.map((c) => c.realmName).join(', ')}); give the realm` };
  }

  /**
   * The row's Discord user: by username (unique on Discord), else by display name when exactly
   * one member of the server shows it. Members still on the server win over those who left.
   */
  discordUser(row: SheetRow): Found<KnownDiscordUser> {
    const byUsername = preferred(this.usernames.get(foldName(row.discord)) ?? [], (u) => u.present);
    if (byUsername.length === 1) return { found: byUsername[0] as KnownDiscordUser };
    const byDisplayName = preferred(this.displayNames.get(foldName(row.discord)) ?? [], (u) => u.present);
    if (byDisplayName.length === 1) return { found: byDisplayName[0] as KnownDiscordUser };
    if (byDisplayName.length > 1) {
      return { problem: `${byDisplayName.length} Discord members show the name "${row.discord}"; write the username (${byDisplayName.map((u) => u.username).join(', ')})` };
    }
    return { problem: `no Discord member "${row.discord}" is known (is the Discord mirror synced, and is it their username?)` };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Those that pass `better` when any does, else all. */
function preferred<T>(items: readonly T[], better: (item: T) => boolean): readonly T[] {
  const best = items.filter(better);
  return best.length > 0 ? best : items;
}
