// The roster-sheet import as an officer uses it: a CSV file posted to the gateway, applied by
// identity, the members it makes visible through the API and announced on the bus.
import { Client } from 'pg';
import { Events, RankLevel } from '@patt/contracts';
import { BusTap, eventually, publishEvent, startPlatform, TestPlatform } from '@patt/testing';
import { discordMember, membersSynced, rosterCharacter, rosterSynced } from './support/factories';

jest.setTimeout(180_000);

type Json = { ok: boolean; data: any; error?: string; code?: string; details?: Array<{ field: string; problems: string[] }> }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('POST /api/v1/identity/imports through the gateway', () => {
  let platform: TestPlatform;
  let bus: BusTap;
  let officer: string;

  const post = async (body: string | Buffer, options: { token?: string; type?: string } = {}): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1/identity/imports`, {
      method: 'POST',
      headers: { 'content-type': options.type ?? 'text/csv', authorization: `Bearer ${options.token ?? officer}` },
      body,
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const members = async () => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1/members?limit=500`, { headers: { authorization: `Bearer ${officer}` } });
    return ((await response.json()) as Json).data.items as Array<{ id: string; discord: { username: string } | null; characters: Array<{ name: string }>; mainCharacterId: string | null }>;
  };

  const vex = rosterCharacter({ name: 'Vexara', guildRankIndex: 2 });
  const vexAlt = rosterCharacter({ name: 'Mortwick', guildRankIndex: 4 });
  const kel = rosterCharacter({ name: 'Kelthor', realmSlug: 'senjin', realmName: "Sen'jin", guildRankIndex: 3 });
  const users = [discordMember({ username: 'quietstorm', displayName: 'Storm' }), discordMember({ username: 'oakenshield' })];

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['identity'] });
    bus = await BusTap.open(platform.bus);
    officer = platform.token({ rank: RankLevel.Officer, username: 'sheet-officer' });
    for (const part of rosterSynced([vex, vexAlt, kel])) await publishEvent(platform.bus, Events.RosterSynced, part);
    for (const part of membersSynced(users)) await publishEvent(platform.bus, Events.DiscordMembersSynced, part);
    // The projections are fed once the characters are listed for the API.
    await eventually('the three characters in the projection', async () => {
      const response = await fetch(`${platform.gatewayUrl}/api/v1/characters?limit=10`, { headers: { authorization: `Bearer ${officer}` } });
      return ((await response.json()) as Json).data?.total === 3 ? true : undefined;
    });
    // No endpoint of identity lists its Discord projection (the bot serves the mirror): ask its table.
    const db = new Client({ connectionString: platform.db.urls['identity'] });
    await db.connect();
    try {
      await eventually('the Discord members', async () => ((await db.query('SELECT count(*)::int AS n FROM discord_members')).rows[0].n === 2 ? true : undefined));
    } finally {
      await db.end();
    }
  });

  afterAll(async () => {
    await bus?.close();
    await platform?.stop();
  });

  it('refuses what is not a readable sheet, naming the line, and applies nothing', async () => {
    const badRow = await post('Discord,Character,Realm,MainAlt\nquietstorm,Vexara,Area 52,Main\noakenshield,Kelthor,Senjin,Both\n');
    expect(badRow.status).toBe(400);
    expect(badRow.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', details: [{ field: 'line 3', problems: [expect.stringMatching(/write Main or Alt/)] }] });
    expect(badRow.body.error).toMatch(/^The sheet cannot be imported: line 3: .*Nothing was imported\.$/);

    const latin1 = await post(Buffer.from('Discord,Character,Realm,MainAlt\nquietstorm,Zatañña,Area 52,Main\n', 'latin1'));
    expect(latin1.status).toBe(400);
    expect(latin1.body.error).toMatch(/not UTF-8.*save it as "CSV UTF-8"/);

    expect((await post('{"csv": "x"}', { type: 'application/json' })).status).toBe(415);
    expect((await post('Discord,Character\n', { type: 'text/plain' })).status).toBe(415);
    expect((await post('')).status).toBe(400);
    const tooBig = await post(`Discord,Character,Realm,MainAlt\n${'quietstorm,Vexara,Area 52,Alt\n'.repeat(40_000)}`);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatch(/at most 921600/);

    const member = platform.token({ rank: RankLevel.Member });
    expect((await post('Discord,Character,Realm,MainAlt\n', { token: member })).status).toBe(403);
    expect((await members()).every((m) => m.discord === null)).toBe(true);
  });

  it("applies a sheet: one member per Discord user, the main it names, announced with method 'import'", async () => {
    const sheet = '\uFEFFNotes,Discord,Character,Realm,MainAlt\r\n"raid lead, tuesdays",@quietstorm,Vexara,Area 52,Main\r\n,Storm,Mortwick,area-52,Alt\r\n,oakenshield,Kelthor,Senjin,Main\r\n,ghost,Casper,Area 52,Alt\r\n';
    const imported = await post(sheet);
    expect(imported.status).toBe(200);
    expect(imported.body.data).toEqual({
      linked: 3,
      skipped: 1,
      skippedRows: [{ line: 5, reason: expect.stringMatching(/no Discord member "ghost" is known/) }],
    });

    const storm = (await members()).find((m) => m.discord?.username === 'quietstorm');
    expect(storm?.characters.map((c) => c.name).sort()).toEqual(['Mortwick', 'Vexara']);
    expect(storm?.mainCharacterId).toBe(vex.characterId);

    const matched = await eventually("two member-matched events of method 'import'", () => {
      const events = bus.events(Events.MemberMatched).filter((e) => e.payload.method === 'import');
      return events.length >= 2 ? events : undefined;
    });
    expect(matched.map((e) => e.payload.discordUsername).sort()).toEqual(['oakenshield', 'quietstorm']);
  });
});
