// A generated guild as identity learns it from events: players whose main is named like their
// Discord user, alts whose guild note names their main, officer notes on some. Seeded, so every
// run sees the same guild.
import { randomUUID } from 'node:crypto';
import { DISCORD_MEMBERS_PER_PART, type DiscordMemberState, Events, ROSTER_CHARACTERS_PER_PART, type RosterCharacter } from '@patt/contracts';
import { publishEvent, type TestBus } from '@patt/testing';
import { pollUntil } from './harness';
import { SeededRandom } from '../../../libs/testing/src/seeded-random';

/** A seeded generator (libs/testing's mulberry32), so every run measures the same data. */
function rng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

const SYLLABLES = ['tro', 'za', 'mor', 'gan', 'thé', 'ra', 'lis', 'kor', 'dö', 'vel', 'ar', 'wyn', 'shi', 'bel', 'fä', 'rel', 'dra', 'lu', 'na', 'grom', 'ash', 'ka', 'jin', 'ros', 'tal', 'vor', 'bra', 'cel', 'dun', 'fyr', 'gil', 'hal', 'mir', 'nor', 'pel', 'quo', 'sen', 'tor', 'ul', 'yse'];
const CLASSES = ['Warrior', 'Paladin', 'Hunter', 'Rogue', 'Priest', 'Shaman', 'Mage', 'Warlock', 'Monk', 'Druid', 'Demon Hunter', 'Death Knight', 'Evoker'];

export interface SeededGuild {
  characters: RosterCharacter[];
  discord: DiscordMemberState[];
}

/** `members` players, each a main named like their Discord user and 0–4 alts whose note names the main. */
export function seedGuild(members: number): SeededGuild {
  const random = rng(20251126);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const used = new Set<string>();
  const name = (): string => {
    for (;;) {
      const parts = 2 + Math.floor(random() * 2);
      const raw = Array.from({ length: parts }, () => pick(SYLLABLES)).join('');
      const candidate = raw[0]!.toUpperCase() + raw.slice(1, 12);
      const key = candidate.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
      if (!used.has(key)) {
        used.add(key);
        return candidate;
      }
    }
  };
  const characters: RosterCharacter[] = [];
  const discord: DiscordMemberState[] = [];
  let blizzardId = 100_000_000;
  const character = (characterName: string, rankIndex: number, notes: { guildNote: string | null; officerNote: string | null }): RosterCharacter => ({
    characterId: randomUUID(),
    blizzardId: blizzardId++,
    name: characterName,
    realmSlug: random() < 0.85 ? 'area-52' : 'sargeras',
    realmName: 'Area 52',
    className: pick(CLASSES),
    specName: null,
    role: pick(['tank', 'healer', 'melee', 'ranged'] as const),
    level: 80,
    itemLevel: 590 + Math.floor(random() * 40),
    guildRankIndex: rankIndex,
    lastLoginAt: new Date(Date.now() - Math.floor(random() * 20) * 86_400_000).toISOString(),
    ...notes,
  });
  for (let i = 0; i < members; i += 1) {
    const main = name();
    const rank = i === 0 ? 0 : i < 12 ? 1 : random() < 0.15 ? 2 : random() < 0.6 ? 3 : 4 + Math.floor(random() * 3);
    characters.push(character(main, rank, { guildNote: random() < 0.3 ? 'Main' : null, officerNote: random() < 0.2 ? 'Raid team A, tuesdays' : null }));
    const r = random();
    const alts = r < 0.4 ? 0 : r < 0.7 ? 1 : r < 0.9 ? 2 : 3 + Math.floor(random() * 2);
    for (let a = 0; a < alts; a += 1) {
      characters.push(character(name(), Math.min(9, rank + 1), { guildNote: `${main}'s alt`, officerNote: null }));
    }
    discord.push({
      userId: String(300_000_000_000_000_000n + BigInt(i)),
      username: main.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(),
      displayName: random() < 0.3 ? `${main} | ${pick(['Tank', 'Heals', 'DPS'])}` : main,
      roleIds: [],
      present: true,
      joinedAt: '2024-01-01T00:00:00.000Z',
    });
  }
  return { characters, discord };
}

/**
 * Tells identity the guild as guild-sync and the bot would: one roster run and one Discord sync,
 * each in as many parts as a real one would send.
 */
export async function publishGuild(bus: TestBus, guild: SeededGuild): Promise<void> {
  const runId = randomUUID();
  const syncedAt = new Date().toISOString();
  const rosterParts = Math.ceil(guild.characters.length / ROSTER_CHARACTERS_PER_PART);
  for (let part = 0; part < rosterParts; part += 1) {
    const characters = guild.characters.slice(part * ROSTER_CHARACTERS_PER_PART, (part + 1) * ROSTER_CHARACTERS_PER_PART);
    await publishEvent(bus, Events.RosterSynced, { runId, syncedAt, part: part + 1, parts: rosterParts, characters, changes: [] });
  }
  const discordParts = Math.ceil(guild.discord.length / DISCORD_MEMBERS_PER_PART);
  for (let part = 0; part < discordParts; part += 1) {
    const members = guild.discord.slice(part * DISCORD_MEMBERS_PER_PART, (part + 1) * DISCORD_MEMBERS_PER_PART);
    await publishEvent(bus, Events.DiscordMembersSynced, { syncId: runId, syncedAt, part: part + 1, parts: discordParts, members });
  }
}

/**
 * Waits until identity has made its members of the guild: every player one, or, as some players'
 * names collide and become suggestions instead, the count unmoved for 10 s (all events applied).
 * Fails after `timeoutMs`, saying how far it got.
 */
export async function untilMembersSettled<P extends { total: number; status: number }>(page: () => Promise<P>, players: number, timeoutMs = 180_000): Promise<P> {
  let last = { total: -1, at: Date.now() };
  const settled = (p: P) => {
    if (p.total !== last.total) last = { total: p.total, at: Date.now() };
    return p.total >= players || (p.total >= Math.min(500, players) && Date.now() - last.at >= 10_000);
  };
  const seeded = await pollUntil(page, settled, timeoutMs, 1000);
  if (seeded.timedOut) throw new Error(`identity matched ${seeded.value.total} of ${players} members in ${timeoutMs / 1000} s (last answer ${seeded.value.status})`);
  return seeded.value;
}
