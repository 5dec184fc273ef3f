// GET /api/v1/characters as the roster reads it, through the real gateway and identity: every
// filter and every sort (both directions, alone and grouped by member), paged, against an
// expectation worked out here from the same characters; notes only for officers; bad input.
import { CHARACTER_SORTS, CharacterListItem, CharacterSort, Events, Page, RankLevel, RosterCharacter } from '@patt/contracts';
import { eventually, inCharacterListOrder, publishEvent, SeededRandom, startPlatform, TestPlatform } from '@patt/testing';
import { daysAgo, discordMember, membersSynced, rosterCharacter, rosterSynced } from './support/factories';

jest.setTimeout(180_000);

type Json = { ok: boolean; data: any; error?: string; code?: string; details?: Array<{ field: string; problems: string[] }> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const CLASSES = [
  { className: 'Warrior', specs: ['Protection', 'Fury'], roles: ['tank', 'melee'] },
  { className: 'Death Knight', specs: ['Blood', 'Unholy'], roles: ['tank', 'melee'] },
  { className: 'Priest', specs: ['Holy', 'Shadow'], roles: ['healer', 'ranged'] },
  { className: 'Hunter', specs: ['Beast Mastery', 'Survival'], roles: ['ranged', 'melee'] },
  { className: 'Mage', specs: ['Frost', 'Fire'], roles: ['ranged', 'ranged'] },
] as const;

/** The default rank table (docs/api.md): index 0 → 5, 1 → 4, 2 → 3, 3 → 2, the rest → 1. */
const levelOfIndex = (index: number): number => [5, 4, 3, 2][index] ?? 1;

/**
 * Twelve players, each a main whose name is their Discord username (linked by exact name) with up
 * to three alts whose guild note names the main, and eight characters of no one. ASCII names, so
 * the expected order does not depend on the database's collation.
 */
function guild(): { characters: RosterCharacter[]; usernames: string[] } {
  const random = new SeededRandom(19);
  const syllables = ['bra', 'cor', 'dun', 'fel', 'gar', 'hol', 'kar', 'lor', 'mor', 'nar', 'tor', 'vel', 'zan'];
  const used = new Set<string>();
  const name = (): string => {
    for (;;) {
      const raw = syllables[random.int(0, syllables.length - 1)]! + syllables[random.int(0, syllables.length - 1)]! + (random.chance(0.5) ? 'a' : 'in');
      const candidate = raw[0]!.toUpperCase() + raw.slice(1);
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  };
  const character = (characterName: string, rankIndex: number, guildNote: string | null): RosterCharacter => {
    const kind = CLASSES[random.int(0, CLASSES.length - 1)]!;
    const spec = random.int(0, 1);
    const low = random.chance(0.1);
    const login = random.next();
    return rosterCharacter({
      name: characterName,
      realmSlug: random.chance(0.8) ? 'area-52' : 'sargeras',
      className: kind.className,
      specName: low ? null : kind.specs[spec]!,
      role: low ? null : kind.roles[spec]!,
      level: low ? random.int(1, 9) : 80,
      itemLevel: random.chance(0.1) ? null : random.int(560, 640),
      guildRankIndex: rankIndex,
      // Some today, most over two months, a few never seen: every activity filter has both sides.
      lastLoginAt: login < 0.05 ? null : daysAgo(login < 0.2 ? login * 4 : login * 60),
      guildNote,
      officerNote: random.chance(0.3) ? `officer note of ${characterName}` : null,
    });
  };
  const characters: RosterCharacter[] = [];
  const usernames: string[] = [];
  for (let player = 0; player < 12; player += 1) {
    const main = name();
    const rank = player === 0 ? 0 : random.int(1, 9);
    characters.push(character(main, rank, null));
    usernames.push(main.toLowerCase());
    for (let alt = random.int(0, 3); alt > 0; alt -= 1) characters.push(character(name(), Math.min(9, rank + random.int(0, 2)), `${main}'s alt`));
  }
  for (let lone = 0; lone < 8; lone += 1) characters.push(character(name(), random.int(2, 9), null));
  return { characters, usernames };
}

type Item = CharacterListItem;

/** The ids of `all` in the order the list should give them (libs/testing's reading of docs/api.md). */
const expectedOrder = (all: readonly Item[], sort: CharacterSort, order: 'asc' | 'desc', grouped: boolean): string[] =>
  inCharacterListOrder(all, sort, order, grouped).map((item) => item.id);

describe('the characters list through the gateway: filters, sorts, groups and who sees notes', () => {
  let platform: TestPlatform;
  let officer: string;
  let member: string;
  let all: Item[];
  const { characters, usernames } = guild();

  const call = async (path: string, token: string | null = officer): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const list = async (query: string, token: string = officer): Promise<Page<Item>> => {
    const answer = await call(`/characters?${query}`, token);
    if (answer.status !== 200) throw new Error(`GET /characters?${query}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.data as Page<Item>;
  };
  /** Every page of a query, `limit` at a time. */
  const everyPage = async (query: string, limit: number): Promise<Item[]> => {
    const items: Item[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await list(`${query}&limit=${limit}&offset=${offset}`);
      items.push(...page.items);
      if (offset + limit >= page.total) return items;
    }
  };

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['identity'] });
    officer = platform.token({ rank: RankLevel.Officer, username: 'officer' });
    member = platform.token({ rank: RankLevel.Member, username: 'member' });
    for (const part of rosterSynced(characters, { perPart: 20 })) await publishEvent(platform.bus, Events.RosterSynced, part);
    await publishEvent(platform.bus, Events.DiscordMembersSynced, membersSynced(usernames.map((username) => discordMember({ username })))[0]!);
    const linked = characters.filter((c) => c.guildNote || usernames.includes(c.name.toLowerCase())).length;
    all = await eventually(`the ${characters.length} characters, ${linked} of them linked`, async () => {
      const page = await list('limit=500');
      return page.total === characters.length && page.items.filter((item) => item.member).length === linked ? page.items : undefined;
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('gives each character its member (name, rank, Discord user) and marks the main, as the members list has them', async () => {
    const members = (await call('/members?limit=500')).body.data.items as Array<{
      id: string;
      displayName: string;
      rank: { level: number; name: string };
      discord: { username: string } | null;
      mainCharacterId: string;
      characters: Array<{ id: string }>;
    }>;
    expect(members).toHaveLength(12);
    for (const m of members) {
      const mine = all.filter((item) => item.member?.id === m.id);
      expect(mine.map((item) => item.id).sort()).toEqual(m.characters.map((c) => c.id).sort());
      for (const item of mine) {
        expect(item.member).toEqual({ id: m.id, displayName: m.displayName, rank: m.rank, discordUsername: m.discord?.username ?? null });
        expect(item.personId).toBe(m.id);
        expect(item.isMain).toBe(item.id === m.mainCharacterId);
      }
    }
    const lone = all.filter((item) => !item.member);
    expect(lone).toHaveLength(8);
    expect(lone.every((item) => !item.isMain && item.personId === null)).toBe(true);
  });

  it('shows notes to officers and to nobody below', async () => {
    expect(all.some((item) => item.officerNote !== null)).toBe(true);
    expect(all.some((item) => item.guildNote !== null)).toBe(true);
    const asMember = await list('limit=500&group=member&sort=itemLevel', member);
    expect(asMember.total).toBe(characters.length);
    expect(asMember.items.every((item) => item.guildNote === null && item.officerNote === null)).toBe(true);
    expect(asMember.items.filter((item) => item.member).length).toBe(all.filter((item) => item.member).length);
    expect((await call('/characters', null)).status).toBe(401);
  });

  it('filters by rank, class, role, linked or not, activity and name, alone and together', async () => {
    const cases: Array<[string, (item: Item) => boolean]> = [
      ...[1, 2, 3, 4, 5].map((level): [string, (item: Item) => boolean] => [`rank=${level}`, (item) => levelOfIndex(item.guildRankIndex) === level]),
      ...CLASSES.map(({ className }): [string, (item: Item) => boolean] => [`className=${encodeURIComponent(className)}`, (item) => item.className === className]),
      ['className=death%20KNIGHT', (item) => item.className === 'Death Knight'],
      ...(['tank', 'healer', 'melee', 'ranged'] as const).map((role): [string, (item: Item) => boolean] => [`role=${role}`, (item) => item.role === role]),
      ['linked=true', (item) => item.member !== null],
      ['linked=false', (item) => item.member === null],
      ...[1, 7, 30].map((days): [string, (item: Item) => boolean] => [
        `activeWithinDays=${days}`,
        (item) => item.lastLoginAt !== null && Date.parse(item.lastLoginAt) >= Date.now() - days * 86_400_000,
      ]),
      ['role=tank&linked=false', (item) => item.role === 'tank' && item.member === null],
      ['rank=1&className=Mage&activeWithinDays=30', (item) => levelOfIndex(item.guildRankIndex) === 1 && item.className === 'Mage' && item.lastLoginAt !== null && Date.parse(item.lastLoginAt) >= Date.now() - 30 * 86_400_000],
      ['q=OR&linked=true', (item) => item.name.toLowerCase().includes('or') && item.member !== null],
    ];
    for (const [query, keep] of cases) {
      const expected = all.filter(keep).map((item) => item.id).sort();
      const page = await list(`${query}&limit=500`);
      expect({ query, total: page.total, ids: page.items.map((item) => item.id).sort() }).toEqual({ query, total: expected.length, ids: expected });
    }
    // Every filter above chose something and left something out, or it would prove little.
    for (const [query, keep] of cases.slice(0, -3)) {
      const kept = all.filter(keep).length;
      if (query.startsWith('rank=') || query === 'role=healer') continue; // a rank or role may be rare in 60 characters
      expect({ query, some: kept > 0, notAll: kept < all.length }).toEqual({ query, some: true, notAll: true });
    }
  });

  it('sorts by every column both ways, alone and grouped by member, the same across pages', async () => {
    for (const sort of CHARACTER_SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        for (const grouped of [false, true]) {
          const query = `sort=${sort}&order=${order}${grouped ? '&group=member' : ''}`;
          const ids = (await everyPage(query, 9)).map((item) => item.id);
          expect({ query, ids }).toEqual({ query, ids: expectedOrder(all, sort, order, grouped) });
        }
      }
    }
  });

  it("keeps a member's characters together, main first, members where their main sorts", async () => {
    const page = await everyPage('sort=itemLevel&order=desc&group=member', 500);
    const seen = new Set<string>();
    let current: string | null = null;
    for (const item of page) {
      const group = item.member?.id ?? item.id;
      if (group !== current) {
        expect(seen.has(group)).toBe(false);
        seen.add(group);
        current = group;
        if (item.member) expect(item.isMain).toBe(true);
      } else {
        expect(item.isMain).toBe(false);
      }
    }
    expect(seen.size).toBe(12 + 8);
    // The default order stays what it was: by name, then realm.
    const byName = await list('limit=500');
    expect(byName.items.map((item) => item.id)).toEqual(expectedOrder(all, 'name', 'asc', false));
  });

  it('refuses unknown sorts, orders, groups and filter values with a sentence per field', async () => {
    const bad: Array<[string, string]> = [
      ['sort=power', 'sort'],
      ['order=up', 'order'],
      ['group=guild', 'group'],
      ['rank=6', 'rank'],
      ['rank=officer', 'rank'],
      ['role=dps', 'role'],
      ['activeWithinDays=0', 'activeWithinDays'],
      ['activeWithinDays=1.5', 'activeWithinDays'],
      ['activeWithinDays=soon', 'activeWithinDays'],
      [`className=${'x'.repeat(33)}`, 'className'],
      ['className=', 'className'],
      ['linked=maybe', 'linked'],
    ];
    for (const [query, field] of bad) {
      const answer = await call(`/characters?${query}`);
      expect({ query, status: answer.status, code: answer.body.code, field: answer.body.details?.[0]?.field }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
        field,
      });
      expect(answer.body.error).toEqual(expect.any(String));
    }
  });
});
