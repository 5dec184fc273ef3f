// Benchmark of the identity matching engine on generated, guild-like data: accented and Cyrillic
// names, names repeated across realms, alts whose notes name their main in every form the engine
// reads, Discord handles and display names of several words, typos for the fuzzy pass, a few
// manual links and rejections. Prints wall times for 5k×5k and 10k×10k and their ratio
// (near-linear scaling means a ratio close to 2; the budget is < 2.5, and < 1 s for 5k×5k).
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/matching.bench.ts
//   npm run bench -- matching        (the runner's register resolves @patt/* itself)
//
// The engine imports '@patt/wow', so plain swc-node needs SWC_NODE_PROJECT pointing at the base
// tsconfig for the path aliases. Exits 1 when a budget is missed.
import { performance } from 'node:perf_hooks';
import { planMatching } from '../../apps/identity/src/matching';
import type {
  ExistingMember,
  MatchCharacter,
  MatchDiscordMember,
  MatchingInput,
  RejectedPair,
} from '../../apps/identity/src/matching';
import { SeededRandom } from '../../libs/testing/src/seeded-random';

/** A seeded generator (libs/testing's mulberry32), so every run measures the same data. */
function rng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

// Enough syllables that names repeat only as in a real guild: rarely by chance, and on purpose
// when a player takes their main's name on another realm (generated below at a fixed rate). A
// small inventory would make 10k names collide far more often than 5k, and measure that instead.
const LATIN = [
  'tro',
  'g',
  'za',
  'tañ',
  'ña',
  'mor',
  'gan',
  'thé',
  'ra',
  'lis',
  'kor',
  'dö',
  'vel',
  'ar',
  'wyn',
  'shi',
  'bel',
  'ion',
  'fä',
  'rel',
  'dra',
  'xis',
  'lu',
  'na',
  'é',
  'lo',
  'grom',
  'ash',
  'ka',
  'li',
  'jin',
  'qui',
  'ros',
  'tal',
  'ny',
  'sæ',
  'vor',
  'bra',
  'cel',
  'dun',
  'eth',
  'fyr',
  'gil',
  'hal',
  'ith',
  'jor',
  'kel',
  'lor',
  'mae',
  'nim',
  'oth',
  'pyr',
  'quel',
  'rin',
  'syl',
  'tor',
  'ul',
  'vyn',
  'wen',
  'xan',
  'yth',
  'zul',
  'ám',
  'bör',
  'çi',
  'dél',
  'ëa',
  'fín',
  'gô',
  'hú',
  'ab',
  'bri',
  'cor',
  'dae',
  'ek',
  'fal',
  'gor',
  'hel',
  'is',
  'ja',
  'kri',
  'lan',
  'mir',
  'nor',
  'os',
  'pel',
  'rho',
  'sar',
  'tyr',
  'ur',
  'val',
  'wo',
  'xy',
  'yr',
  'zen',
  'al',
  'bo',
  'ce',
  'di',
  'em',
  'fo',
  'gu',
  'ha',
  'il',
  'ju',
];
const CYRILLIC = [
  'тро',
  'лль',
  'ка',
  'ми',
  'ра',
  'дор',
  'све',
  'та',
  'ник',
  'вол',
  'ан',
  'гор',
  'бе',
  'жа',
  'зи',
  'ле',
  'мо',
  'пу',
  'ры',
  'ша',
];
const REALMS = ['area-52', 'senjin', 'stormrage', 'argent-dawn', 'gordunni', 'aggra-portugues'];
const ROLES = ['Tank', 'Healer', 'DPS', 'Raider', 'PvP'];
const ADJECTIVES = ['Big', 'Little', 'Sir', 'Lady', 'The', 'Old'];

interface Data {
  input: MatchingInput;
  description: string;
}

function generate(characterCount: number, discordCount: number, seed: number): Data {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number): boolean => random() < p;
  let idCounter = 0;
  const uuid = (): string => `00000000-0000-4000-8000-${(idCounter++).toString(16).padStart(12, '0')}`;
  let snowflake = 100000000000000000n;
  const userId = (): string => (snowflake++).toString();

  const name = (): string => {
    const syllables = chance(0.06) ? CYRILLIC : LATIN;
    let n = '';
    const parts = chance(0.2) ? 2 : chance(0.6) ? 3 : 4;
    for (let i = 0; i < parts; i++) n += pick(syllables);
    n = n.slice(0, 12);
    return n[0].toUpperCase() + n.slice(1);
  };
  // As in the game, a name is taken once per realm (the same name on two realms is fine).
  const taken = new Set<string>();
  const freeName = (realm: string): string => {
    for (;;) {
      const n = name();
      const key = `${n.toLowerCase()}|${realm}`;
      if (!taken.has(key)) {
        taken.add(key);
        return n;
      }
    }
  };
  // As on Discord, a username is unique.
  const usernames = new Set<string>();
  const freeUsername = (wanted: string): string => {
    let candidate = wanted;
    while (usernames.has(candidate)) candidate = `${wanted}${Math.floor(random() * 1000)}`;
    usernames.add(candidate);
    return candidate;
  };
  const fold = (s: string): string =>
    s
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
  const typo = (s: string): string => {
    const i = 1 + Math.floor(random() * (s.length - 1));
    return chance(0.5) ? `${s.slice(0, i)}${s[i - 1]}${s.slice(i)}` : `${s.slice(0, i)}${s.slice(i + 1)}`;
  };

  const characters: MatchCharacter[] = [];
  const users: MatchDiscordMember[] = [];
  const members: ExistingMember[] = [];
  const rejected: RejectedPair[] = [];
  const character = (
    charName: string,
    realmSlug: string,
    guildNote: string | null,
    officerNote: string | null,
  ): MatchCharacter => {
    const c: MatchCharacter = {
      id: uuid(),
      blizzardId: 1000 + idCounter,
      name: charName,
      realmSlug,
      guildNote,
      officerNote,
      inGuild: !chance(0.05),
      guildRankIndex: Math.floor(random() * 8),
      lastLoginAt: '2025-01-01T00:00:00.000Z',
    };
    characters.push(c);
    return c;
  };

  while (characters.length < characterCount) {
    // One player: a main, up to three alts, maybe a Discord account.
    const realm = pick(REALMS);
    const mainName = freeName(realm);
    const main = character(mainName, realm, chance(0.2) ? pick(['Main', 'Raider', 'Officer alt', '']) : null, null);
    const alts: MatchCharacter[] = [];
    const altCount = Math.floor(random() * 4);
    for (let i = 0; i < altCount && characters.length < characterCount; i++) {
      const qualified = chance(0.05) ? `${mainName}-${realm}` : mainName;
      const note = chance(0.75)
        ? pick([
            `${qualified}'s alt`,
            `alt of ${qualified}`,
            `${qualified} alt`,
            qualified,
            `main: ${qualified}`,
            `Alt - ${fold(qualified)}`,
            `${qualified}’s alt!`,
          ])
        : pick([null, 'bank', 'pvp alt', 'my alt']);
      const altRealm = chance(0.8) ? realm : pick(REALMS);
      // Some players keep their main's name for an alt on another realm.
      const sameName = altRealm !== realm && chance(0.3) && !taken.has(`${mainName.toLowerCase()}|${altRealm}`);
      if (sameName) taken.add(`${mainName.toLowerCase()}|${altRealm}`);
      alts.push(character(sameName ? mainName : freeName(altRealm), altRealm, note, null));
    }
    if (users.length >= discordCount || !chance(0.85)) continue;
    const handleBase = fold(mainName).replace(/[^\p{L}\p{N}]/gu, '');
    const style = random();
    const username = freeUsername(
      style < 0.35
        ? handleBase
        : style < 0.55
          ? `${handleBase}${Math.floor(random() * 100)}`
          : style < 0.7
            ? typo(handleBase)
            : `player_${idCounter}`,
    );
    const displayName =
      style < 0.2
        ? null
        : chance(0.5)
          ? `${mainName} | ${pick(ROLES)}`
          : chance(0.5)
            ? `${pick(ADJECTIVES)} ${mainName}`
            : `${pick(ADJECTIVES)} ${name()} ${pick(ROLES)}`;
    const user: MatchDiscordMember = {
      userId: userId(),
      username,
      displayName,
      present: !chance(0.03),
      ...(chance(0.005) ? { isBot: true } : {}),
    };
    users.push(user);
    // Some players say who they are on Discord in an officer note.
    if (alts.length > 0 && chance(0.08)) alts[0].officerNote = pick([`discord: ${username}`, `@${username}`, `dc=${username}`]);
    // A few officers have linked players by hand, and rejected a few wrong suggestions.
    if (chance(0.05)) {
      members.push({
        personId: uuid(),
        characterIds: [main.id],
        discordUserId: user.userId,
        links: [
          { characterId: main.id, discordUserId: null, method: 'manual', score: 1, evidence: null },
          { characterId: null, discordUserId: user.userId, method: 'manual', score: 1, evidence: null },
        ],
      });
    } else if (chance(0.02)) {
      rejected.push({ characterId: main.id, discordUserId: user.userId });
    }
  }
  // The rest of the server: friends, guests, other guilds' players.
  while (users.length < discordCount) {
    const n = name();
    users.push({
      userId: userId(),
      username: freeUsername(`${fold(n)}_${users.length}`),
      displayName: chance(0.5) ? `${pick(ADJECTIVES)} ${n}` : null,
      present: !chance(0.1),
    });
  }
  return {
    input: { characters, discordMembers: users, members, rejected },
    description: `${characters.length} characters × ${users.length} Discord members (${members.length} manual members, ${rejected.length} rejections)`,
  };
}

interface Timing {
  ms: number;
  cpuMs: number;
  counts: string;
}

/** One timed run: wall time, and the process CPU time over the same span for comparison. */
function timeOnce(data: Data): Timing {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const plan = planMatching(data.input);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const counts = `linked ${plan.counts.linked}, suggested ${plan.counts.suggested}, unchanged ${plan.counts.unchanged}, conflicts ${plan.conflicts.length}, members ${plan.members.length}`;
  return { ms, cpuMs: (used.user + used.system) / 1000, counts };
}

function best(a: Timing, b: Timing): Timing {
  return b.ms < a.ms ? b : a;
}

function main(): void {
  const small = generate(5000, 5000, 1);
  const large = generate(10000, 10000, 2);
  // Warm-up: JIT and the first allocation of everything.
  for (let i = 0; i < 2; i++) {
    timeOnce(small);
    timeOnce(large);
  }
  // Interleaved rounds, best of each: on a shared machine the load drifts, and measuring all the
  // small runs first and all the large ones after would put the drift into the ratio.
  let a = timeOnce(small);
  let b = timeOnce(large);
  for (let round = 1; round < ROUNDS; round++) {
    a = best(a, timeOnce(small));
    b = best(b, timeOnce(large));
  }
  const ratio = b.ms / a.ms;
  console.log(`5k × 5k:   ${a.ms.toFixed(0)} ms wall, ${a.cpuMs.toFixed(0)} ms CPU  (${small.description}; ${a.counts})`);
  console.log(`10k × 10k: ${b.ms.toFixed(0)} ms wall, ${b.cpuMs.toFixed(0)} ms CPU  (${large.description}; ${b.counts})`);
  console.log(`ratio 10k/5k: ${ratio.toFixed(2)}  (budget: 5k×5k < 1000 ms, ratio < 2.5; best of ${ROUNDS} interleaved rounds)`);
  if (a.ms >= 1000 || ratio >= 2.5) process.exitCode = 1;
}

const ROUNDS = 9;

main();
