// A generated guild as identity learns it from events: players whose main is named like their
// Discord user, alts whose guild note names their main, officer notes on some. Seeded, so every
// run sees the same guild.
import { randomUUID } from 'node:crypto';
import type { DiscordMemberState, RosterCharacter } from '@patt/contracts';
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

