// The demo guild `npm start` shows without credentials: one seeded guild told three ways, so the
// stand-ins and the upload agree. The Blizzard stand-in serves its characters; the Discord
// stand-in's server holds its players (and a few people who are not); the addon export carries
// the guild and officer notes that join the rest. What each player is there to show is written
// down (`story`), so a test can hold the platform to it.
import type { RankLevel } from '@patt/contracts';
import type { AddonCharacter, AddonExport } from '@patt/savedvariables';
import { CLASSES, nameKey } from '@patt/wow';
import { generateGuild } from '../blizzard/guild-generator';
import type { GeneratedGuild, StandInCharacter } from '../blizzard/stand-in.types';
import { type DiscordMemberSpec, generateDiscordGuild } from '../discord/model/generator';
import { type DiscordGuildFixture, RANK_ROLE_OF_LEVEL, type RankRoleName } from '../discord/model/types';
import { SeededRandom } from '../seeded-random';

export const DEMO_SEED = 20_240_917;
export const DEMO_GUILD_SIZE = 150;
export const DEMO_GUILD_NAME = 'Pull All The Things';
/** The Discord stand-in's seed for the demo server (ids, avatars). */
export const DEMO_DISCORD_SEED = 7;

const DAY_MS = 86_400_000;
/** identity's default STALE_AFTER_DAYS: logins older than this are reported. */
const STALE_DAYS = 30;

/** The default rank table: in-game index → level. */
const levelOfIndex = (index: number): number => [5, 4, 3, 2][index] ?? 1;

/** How a player's Discord user is found: by a name equal to a character's, or by a note naming it. */
export type DemoJoin = 'exact_name' | 'note_hint';

/** A character as the story names it: realm slug and name, "senjin/Trog". */
export type DemoCharacterKey = string;

export const keyOf = (character: Pick<StandInCharacter, 'name' | 'realm'>): DemoCharacterKey => `${character.realm.slug}/${character.name}`;

/** What the demo is there to show, and what a test holds the platform to after the demo's start. */
export interface DemoStory {
  /** Players whose Discord user the matching links: by a name equal to their main's, or by a note. */
  players: Array<{ main: DemoCharacterKey; alts: DemoCharacterKey[]; discordUsername: string; join: DemoJoin; role: RankRoleName }>;
  /** Characters the matching can only suggest for a Discord user: an officer confirms them. */
  suggestions: Array<{ character: DemoCharacterKey; discordUsername: string; why: 'same name on two characters' | 'a close name' }>;
  /**
   * What the matching leaves to an officer as conflicts: each pair of alike names claims one
   * Discord user (`discord_user_claimed`). Trog is one player's on two realms: confirming one
   * leaves the other suggested to that member.
   */
  conflicts: Array<{ kind: 'discord_user_claimed'; characters: DemoCharacterKey[]; discordUsername: string }>;
  /** Characters of nobody on Discord: "no member yet". */
  unlinked: DemoCharacterKey[];
  /** Characters not seen for more than 30 days. */
  stale: DemoCharacterKey[];
  /** An officer who left the guild but kept the Officer role on Discord. */
  exOfficer: { discordUsername: string; role: RankRoleName };
  /** A player whose Discord role is above their rank: role sync (enforce) puts it right at start. */
  roleMismatch: { discordUsername: string; holds: RankRoleName; rank: RankRoleName };
  /** Discord members who are friends of the guild, not players: nothing to report about them. */
  friends: string[];
}

export interface DemoGuild {
  /** The guild the Blizzard stand-in serves. */
  guild: GeneratedGuild;
  /** The people of the demo's Discord server, the guild leader (its owner) first; the generator adds the bot. */
  discordMembers: DiscordMemberSpec[];
  /** The PATTSync addon's export of the guild, with guild and officer notes, as the demo uploads it. */
  addonExport: AddonExport;
  story: DemoStory;
}

export interface DemoGuildOptions {
  seed?: number;
  size?: number;
  /** "Now" for last logins (epoch ms). Default: now. */
  now?: number;
}

/** Discord handles of players who use a name unlike their characters': only a note finds them. */
const HANDLES: ReadonlyArray<[string, string]> = [
  ['moonfire.mia', 'Mia'],
  ['quietstorm', 'Storm'],
  ['nightowl.ned', 'Ned'],
  ['pixelpaladin', 'Pix'],
  ['bramble.jo', 'Jo'],
  ['captain.kettle', 'Kettle'],
];
const FRIENDS: ReadonlyArray<[string, string]> = [
  ['brightbrew', 'Bright Brew'],
  ['tavern.keeper', 'The Tavern Keeper'],
  ['lorekeeper.eli', 'Eli'],
];
const EX_OFFICER: readonly [string, string] = ['varok.ironfist', 'Varok'];
const DISPLAY_TAGS = ['Tank', 'Heals', 'DPS', 'Raid Lead', 'M+'];
const OFFICER_NOTES = ['Raid team A, Tuesdays', 'Trial until the next reset', 'Crafter: enchanting', 'Back from a break', 'Mythic team, Thursdays'];

/**
 * The demo guild from its seed: the same guild, server and export on every machine and in every
 * process that asks (the stand-ins and the start script each build it).
 */
export function demoGuild(options: DemoGuildOptions = {}): DemoGuild {
  const seed = options.seed ?? DEMO_SEED;
  const now = options.now ?? Date.now();
  const size = options.size ?? DEMO_GUILD_SIZE;
  const guild = generateGuild({ size, seed, now, name: DEMO_GUILD_NAME });
  const random = new SeededRandom(seed ^ 0x2bad5eed);
  const characters = guild.members;
  // The generator may give a name to two realms; the demo keeps that only for the pairs it plants
  // (below) and renames the other second comers, so that no other name is claimed twice.
  const used = new Set<string>();
  let pairs = 0;
  for (const c of characters) {
    if (used.has(nameKey(c.name)) && (pairs += 1) > 2) {
      for (let suffix = 0; used.has(nameKey(c.name)); suffix += 1) c.name = `${c.name.slice(0, 10)}${'aeilnorsu'[suffix % 9]}`;
    }
    used.add(nameKey(c.name));
  }

  // Last logins: an active guild, everyone seen in the last ten days but the stale ones.
  for (const c of characters) c.lastLoginMs = now - Math.round(random.next() * 10 * DAY_MS);

  // The pairs whose names fold alike (Trog on two realms; Zatañña and Zatanna): a Discord user of
  // that name is claimed by both, and an officer has to choose.
  const byKey = new Map<string, StandInCharacter[]>();
  for (const c of characters) byKey.set(nameKey(c.name), [...(byKey.get(nameKey(c.name)) ?? []), c]);
  const twins = [...byKey.values()].filter((group) => group.length > 1).slice(0, 2);
  const taken = new Set<StandInCharacter>(twins.flat());

  // Everyone else in generator order: players (a main and up to three alts), a few with no one on Discord.
  const free = characters.filter((c) => !taken.has(c));
  const unlinked = free.splice(free.length - 5, 5);
  const close = free.filter((c) => /^[a-z]{6,12}$/i.test(c.name)).slice(0, 2);
  for (const c of close) free.splice(free.indexOf(c), 1);

  const groups: Array<{ main: StandInCharacter; alts: StandInCharacter[] }> = [];
  while (free.length > 0) {
    const main = free.shift() as StandInCharacter;
    const alts = free.splice(0, random.weighted([[0, 3], [1, 3], [2, 2], [3, 1]] as const));
    groups.push({ main, alts });
  }

  // Ranks: one guild master, three officers, then veterans, members and initiates; alts never
  // above their main. The generator's two unusual indexes (8 and 9) stay with their characters.
  groups.forEach((group, index) => {
    const rank = index === 0 ? 0 : index <= 3 ? 1 : index <= 12 ? 2 : index <= 30 ? 3 : random.int(4, 7);
    group.main.rank = rank;
    for (const alt of group.alts) if (alt.rank < 8) alt.rank = Math.min(7, Math.max(rank, random.int(rank, rank + 3)));
  });
  for (const c of [...unlinked, ...close, ...twins.flat()]) if (c.rank < 8) c.rank = random.int(3, 7);

  // Who joins how: six players only through a note naming their Discord user (the first of them an
  // officer), the rest by a name equal to their main's.
  const noteHinted = new Set([groups[2], ...groups.filter((_, index) => index > 3 && index % 9 === 4).slice(0, HANDLES.length - 1)]);
  const discordMembers: DiscordMemberSpec[] = [];
  const story: DemoStory = {
    players: [],
    suggestions: [],
    conflicts: [],
    unlinked: unlinked.map(keyOf),
    stale: [],
    exOfficer: { discordUsername: EX_OFFICER[0], role: 'Officer' },
    roleMismatch: { discordUsername: '', holds: 'Veteran', rank: 'Member' },
    friends: FRIENDS.map(([username]) => username),
  };
  const notes = new Map<StandInCharacter, { note?: string; officerNote?: string }>();
  const handleUsed = new Set<string>();
  let hints = 0;
  let mismatchPlanted = false;
  groups.forEach((group, index) => {
    const level = levelOfIndex(group.main.rank);
    let role: RankRoleName = RANK_ROLE_OF_LEVEL[level as RankLevel];
    let spec: DiscordMemberSpec;
    let join: DemoJoin;
    if (noteHinted.has(group)) {
      const [username, globalName] = HANDLES[hints] as [string, string];
      hints += 1;
      join = 'note_hint';
      spec = { username, globalName, rank: role };
      // The three forms officers write, in either note.
      notes.set(group.main, [{ officerNote: `discord: ${username}` }, { note: `@${username}` }, { officerNote: `Raid team B, dc=${username}` }][hints % 3] as { note?: string; officerNote?: string });
    } else {
      join = 'exact_name';
      spec = exactNameSpec(group.main, random, handleUsed, used);
      spec.rank = role;
      if (index > 0 && random.chance(0.25)) notes.set(group.main, { officerNote: random.pick(OFFICER_NOTES) });
      // A Member whose Discord role says Veteran: role sync (enforce) takes it back to Member.
      if (!mismatchPlanted && level === 2) {
        mismatchPlanted = true;
        role = 'Veteran';
        spec.rank = role;
        story.roleMismatch = { discordUsername: spec.username, holds: 'Veteran', rank: 'Member' };
      }
    }
    discordMembers.push(spec);
    group.alts.forEach((alt, altIndex) => notes.set(alt, { note: altNote(group.main.name, altIndex + index) }));
    story.players.push({ main: keyOf(group.main), alts: group.alts.map(keyOf), discordUsername: spec.username, join, role: spec.rank as RankRoleName });
  });

  // The suggestions: one Discord user for each pair of alike names, and two users whose name is one
  // letter off their character's (new to the server: no guild role yet).
  for (const pair of twins) {
    const username = nameKey(pair[0]?.name ?? '').replace(/[^a-z0-9]/g, '');
    discordMembers.push({ username, globalName: pair[0]?.name ?? username });
    for (const c of pair) story.suggestions.push({ character: keyOf(c), discordUsername: username, why: 'same name on two characters' });
    story.conflicts.push({ kind: 'discord_user_claimed', characters: pair.map(keyOf), discordUsername: username });
  }
  for (const c of close) {
    const username = typo(nameKey(c.name));
    discordMembers.push({ username, globalName: null });
    story.suggestions.push({ character: keyOf(c), discordUsername: username, why: 'a close name' });
  }

  discordMembers.push({ username: EX_OFFICER[0], globalName: EX_OFFICER[1], rank: 'Officer' });
  for (const [username, globalName] of FRIENDS) discordMembers.push({ username, globalName, otherRoles: ['Friend of the Guild'] });

  // Stale: an alt, a main and one of no member, each last seen 40 to 80 days ago.
  const staleAlt = groups.find((g, index) => index > 30 && g.alts.length > 0)?.alts[0];
  const staleMain = groups.at(-1)?.main;
  for (const c of [staleAlt, staleMain, unlinked[0]]) {
    if (!c) continue;
    c.lastLoginMs = now - random.int(STALE_DAYS + 10, STALE_DAYS + 50) * DAY_MS;
    story.stale.push(keyOf(c));
  }

  const addonExport: AddonExport = {
    exportTime: Math.floor(now / 1000),
    exportTimeISO: new Date(now).toISOString(),
    addonVersion: '2.3.0',
    guildName: guild.name,
    memberCount: characters.length,
    characters: characters.map((c) => exportedCharacter(c, guild.realm.slug, notes.get(c), now)),
  };
  return { guild, discordMembers, addonExport, story };
}

/**
 * The demo's Discord server: its people (the guild leader, its owner, first), the bot, and
 * `strangers` generated members besides (none by default).
 */
export function demoDiscordGuild(demo: DemoGuild, options: { seed?: number; strangers?: number } = {}): DiscordGuildFixture {
  return generateDiscordGuild({
    seed: options.seed ?? DEMO_DISCORD_SEED,
    members: demo.discordMembers,
    memberCount: demo.discordMembers.length + 1 + (options.strangers ?? 0),
    botRatio: 0,
    guildName: 'PATT (demo)',
  });
}

/**
 * A player found by name: usually the username is the main's name; some show it only as their
 * display name ("Korgar | Tank"), or as a word of it; a name Discord usernames cannot carry
 * (Cyrillic) is the display name.
 */
function exactNameSpec(main: StandInCharacter, random: SeededRandom, handles: Set<string>, characterKeys: ReadonlySet<string>): DiscordMemberSpec {
  const key = nameKey(main.name);
  const ascii = /^[a-z]+$/.test(key);
  const unique = (base: string): string => {
    let handle = base;
    // Never another character's name: that would be a second claim on the user.
    for (let n = 2; handles.has(handle) || (nameKey(handle) !== key && characterKeys.has(nameKey(handle))); n += 1) handle = `${base}${n}`;
    handles.add(handle);
    return handle;
  };
  if (ascii && random.chance(0.6)) return { username: unique(key), globalName: random.chance(0.5) ? main.name : null };
  const username = unique(`${ascii ? key : 'player'}.${random.pick(['wow', 'gg', 'tv', 'plays', 'x'])}`);
  return { username, globalName: random.chance(0.5) ? `${main.name} | ${random.pick(DISPLAY_TAGS)}` : main.name };
}

/** The forms players write on their alts. */
function altNote(main: string, which: number): string {
  return [`${main}'s alt`, `alt of ${main}`, `${main} alt`, `main: ${main}`][which % 4] as string;
}

/** One letter doubled in the middle of a name: close enough for a suggestion, never a link. */
function typo(key: string): string {
  const at = Math.floor(key.length / 2);
  return `${key.slice(0, at)}${key[at]}${key.slice(at)}`;
}

function exportedCharacter(c: StandInCharacter, homeRealm: string, notes: { note?: string; officerNote?: string } | undefined, now: number): AddonCharacter {
  const wowClass = CLASSES.find((known) => known.id === c.classId);
  const days = Math.floor((now - c.lastLoginMs) / DAY_MS);
  return {
    name: c.name,
    // As the game gives it: one's own realm as displayed, other realms squashed.
    realm: c.realm.slug === homeRealm ? c.realm.name : c.realm.name.replace(/[\s']/g, ''),
    class: wowClass?.name ?? 'Warrior',
    classFile: wowClass?.file ?? 'WARRIOR',
    level: c.level,
    rank: c.rank,
    rankName: ['Guild Master', 'Officer', 'Veteran', 'Member', 'Initiate', 'Recruit', 'Alt', 'Social', 'Bank', 'Retired'][c.rank] ?? 'Member',
    note: notes?.note ?? '',
    officerNote: notes?.officerNote ?? '',
    isOnline: false,
    lastOnline: days === 0 ? 'today' : `${days} days`,
    achievementPoints: c.achievementPoints,
  };
}
