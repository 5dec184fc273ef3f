// The whole loop through real processes: roster and Discord events in (as guild-sync and the
// Discord bot publish them), members, links, suggestions and issues out through the gateway, and
// identity's own events on the bus, consumed by auth.
import { Events, RankLevel } from '@patt/contracts';
import { BusTap, eventually, publishEvent, startPlatform, TestPlatform } from '@patt/testing';
import { change, daysAgo, discordMember, membersSynced, rosterCharacter, rosterSynced } from './support/factories';

jest.setTimeout(180_000);

type Json = { ok: boolean; data: any; error?: string; code?: string; details?: Array<{ field: string; problems: string[] }> }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('identity end to end: events in, members and issues out', () => {
  let platform: TestPlatform;
  let bus: BusTap;
  let officer: string;
  let guildLeader: string;
  let member: string;

  const call = async (method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const get = (path: string, token = officer) => call('GET', path, { token });

  // A Veteran: more than a name alone may give, so his note names his Discord user.
  const trog = rosterCharacter({ name: 'Trog', guildRankIndex: 2, guildNote: 'discord: trog', officerNote: 'main, raids tuesdays' });
  const trogAlt = rosterCharacter({ name: 'Ugra', guildRankIndex: 4, guildNote: "Trog's alt" });
  const zatanna = rosterCharacter({ name: 'Zatañña', guildRankIndex: 3 });
  const trogg = rosterCharacter({ name: 'Grommash', guildRankIndex: 3 });
  const lonely = rosterCharacter({ name: 'Lonely', guildRankIndex: 4 });
  const users = {
    trog: discordMember({ username: 'trog' }),
    zatanna: discordMember({ username: 'zatanna_x', displayName: 'Zatanna | Healer' }),
    grom: discordMember({ username: 'grommosh' }),
  };

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['auth', 'identity'] });
    bus = await BusTap.open(platform.bus);
    officer = platform.token({ rank: RankLevel.Officer, username: 'officer' });
    guildLeader = platform.token({ rank: RankLevel.GuildLeader, username: 'guildmaster' });
    member = platform.token({ rank: RankLevel.Member, username: 'member' });
  });

  afterAll(async () => {
    await bus?.close();
    await platform?.stop();
  });

  it('turns a roster and a Discord sync into members, suggestions and issues, and says so on the bus', async () => {
    const syncedAt = daysAgo(1);
    for (const part of rosterSynced([trog, trogAlt, zatanna, trogg, lonely], { syncedAt, perPart: 2 })) {
      await publishEvent(platform.bus, Events.RosterSynced, part);
    }
    for (const part of membersSynced(Object.values(users), { perPart: 2 })) {
      await publishEvent(platform.bus, Events.DiscordMembersSynced, part);
    }

    const members = await eventually('two members', async () => {
      const { body } = await get('/members?limit=500');
      return body.data.total === 2 ? body.data : undefined;
    });
    const trogs = members.items.find((m: { discord: { username: string } | null }) => m.discord?.username === 'trog');
    expect(trogs).toMatchObject({
      displayName: 'trog',
      rank: { level: 3, name: 'Veteran' },
      mainCharacterId: trog.characterId,
      registered: false,
    });
    expect(trogs.characters.map((c: { name: string }) => c.name)).toEqual(['Trog', 'Ugra']);
    expect(trogs.characters[0]).toMatchObject({ guildRankName: 'Veteran', inGuild: true, personId: trogs.id, officerNote: 'main, raids tuesdays' });
    const zat = members.items.find((m: { discord: { username: string } | null }) => m.discord?.username === 'zatanna_x');
    expect(zat.characters.map((c: { name: string }) => c.name)).toEqual(['Zatañña']);

    // Grommash ~ grommosh is close, not certain: a suggestion. Lonely is nobody's: an issue.
    const suggestions = await get('/identity/suggestions');
    expect(suggestions.body.data).toMatchObject({ total: 1, items: [{ characterId: trogg.characterId, discordUserId: users.grom.userId, source: 'fuzzy' }] });
    const issues = await eventually('two orphan characters', async () => {
      const { body } = await get('/identity/issues?type=orphan_character');
      return body.data.total === 2 ? body.data.items : undefined;
    });
    expect(issues.map((i: { characterId: string }) => i.characterId).sort()).toEqual([trogg.characterId, lonely.characterId].sort());

    // On the bus: a member-matched per member, and one integrity report with the new issues.
    const matched = bus.events(Events.MemberMatched);
    expect(matched.map((e) => e.payload.discordUsername).sort()).toEqual(['trog', 'zatanna_x']);
    expect(matched.find((e) => e.payload.discordUsername === 'trog')?.payload).toMatchObject({
      personId: trogs.id,
      characterIds: [trog.characterId, trogAlt.characterId].sort(),
      rank: { level: 3, name: 'Veteran' },
    });
    const reported = bus.events(Events.IntegrityReported).flatMap((e) => e.payload.opened.map((i) => i.type));
    expect(reported.sort()).toEqual(['orphan_character', 'orphan_character']);

    // auth heard of the members: an officer can invite Trog's player.
    const invite = await eventually('auth to know the member', async () => {
      const answer = await call('POST', `/members/${trogs.id}/invites`, { token: officer, body: {} });
      return answer.status === 201 ? answer : undefined;
    });
    expect(invite.body.data).toMatchObject({ code: expect.any(String) });
  });

  it('shows notes to officers only, and filters and pages members and characters', async () => {
    const asMember = await get('/members?q=ugra', member);
    expect(asMember.body.data.total).toBe(1);
    expect(asMember.body.data.items[0].characters.every((c: { officerNote: unknown; guildNote: unknown }) => c.officerNote === null && c.guildNote === null)).toBe(true);
    expect((await get(`/characters/${trog.characterId}`, member)).body.data.officerNote).toBeNull();
    expect((await get(`/characters/${trog.characterId}`)).body.data.officerNote).toBe('main, raids tuesdays');

    expect((await get('/members?rank=3')).body.data.items.map((m: { displayName: string }) => m.displayName)).toEqual(['trog']);
    expect((await get('/members?q=ZATAN')).body.data.total).toBe(1);
    const firstPage = (await get('/members?limit=1')).body.data;
    const secondPage = (await get('/members?limit=1&offset=1')).body.data;
    expect([firstPage.total, secondPage.total]).toEqual([2, 2]);
    expect(firstPage.items[0].id).not.toBe(secondPage.items[0].id);

    expect((await get('/characters?linked=false&limit=10')).body.data.items.map((c: { name: string }) => c.name)).toEqual(['Grommash', 'Lonely']);
    expect((await get('/characters?q=tra&inGuild=true')).body.data.total).toBe(0);
    expect((await get('/characters?realm=area-52')).body.data.total).toBe(5);
  });

  it('lets an officer confirm a suggestion, edit a member and resolve an issue by linking', async () => {
    const [suggestion] = (await get('/identity/suggestions')).body.data.items;
    const confirmed = await call('POST', `/identity/suggestions/${suggestion.id}/confirm`, { token: officer });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toMatchObject({ characterId: trogg.characterId, discordUserId: users.grom.userId, method: 'suggestion_confirmed' });
    const grom = confirmed.body.data.personId as string;

    // Officer is more than an officer may give (the rank rules): the Guild Leader does it.
    const edited = await call('PATCH', `/members/${grom}`, { token: guildLeader, body: { displayName: 'Grom Hellscream', rankLevel: 4 } });
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({ displayName: 'Grom Hellscream', rank: { level: 4, name: 'Officer' } });
    const rankChanged = await eventually('the rank change on the bus', () => bus.events(Events.MemberRankChanged).find((e) => e.payload.personId === grom));
    expect(rankChanged.payload).toEqual({ personId: grom, from: 2, to: 4, discordUserId: users.grom.userId });
    expect(bus.events(Events.MemberMatched).find((e) => e.payload.personId === grom)?.payload).toMatchObject({ method: 'suggestion_confirmed', rank: { level: 2 } });

    // Lonely joins Trog's member by hand; its orphan issue resolves at the next run.
    const trogs = (await get('/members?q=trog')).body.data.items[0];
    const link = await call('POST', '/identity/links', { token: officer, body: { personId: trogs.id, characterId: lonely.characterId } });
    expect(link.status).toBe(201);
    expect(link.body.data).toMatchObject({ personId: trogs.id, characterId: lonely.characterId, discordUserId: null, method: 'manual' });
    const run = await call('POST', '/identity/integrity-runs', { token: officer, body: {} });
    expect(run.status).toBe(200);
    expect(run.body.data).toMatchObject({ open: 0 });
    expect((await get('/identity/issues?resolved=true')).body.data.total).toBe(2);
    const resolvedOnBus = await eventually('both resolutions reported', () => {
      const resolved = bus.events(Events.IntegrityReported).flatMap((e) => e.payload.resolved.map((i) => i.characterId));
      return resolved.length === 2 ? resolved : undefined;
    });
    expect(resolvedOnBus.sort()).toEqual([trogg.characterId, lonely.characterId].sort());

    // A character that leaves takes its rank with it.
    await publishEvent(platform.bus, Events.RosterSynced, rosterSynced([trogAlt, zatanna, trogg, lonely], { changes: [change('left', trog, new Date().toISOString())] })[0]!);
    await eventually('Trog’s member to fall to Initiate', async () => ((await get(`/members/${trogs.id}`)).body.data.rank.level === 1 ? true : undefined));

    const matchingRun = await call('POST', '/identity/matching-runs', { token: officer, body: {} });
    expect(matchingRun).toMatchObject({ status: 200, body: { data: { linked: 0, suggested: 0 } } });
    const report = await call('POST', '/identity/reports', { token: officer, body: { full: true } });
    expect(report).toMatchObject({ status: 202, body: { data: { full: true } } });
    await eventually('the full report on the bus', () => bus.events(Events.IntegrityReported).find((e) => e.payload.reportId === report.body.data.reportId));
  });

  it('answers bad requests with a sentence, unknown ids with 404 and conflicts with 409', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await get(`/members/${unknown}`)).toMatchObject({ status: 404, body: { ok: false, code: 'NOT_FOUND' } });
    expect(await get(`/characters/${unknown}`)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await get('/members/not-a-uuid')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await get('/members?rank=9')).toMatchObject({ status: 400, body: { details: [{ field: 'rank' }] } });
    expect(await get('/characters?inGuild=maybe')).toMatchObject({ status: 400, body: { details: [{ field: 'inGuild' }] } });
    expect(await get('/identity/issues?type=nonsense')).toMatchObject({ status: 400, body: { details: [{ field: 'type' }] } });

    const noSubject = await call('POST', '/identity/links', { token: officer, body: { personId: unknown } });
    expect(noSubject).toMatchObject({ status: 400, body: { details: [{ field: 'characterId' }] } });
    expect((await call('POST', '/identity/links', { token: officer, body: { characterId: trog.characterId, extra: 1 } })).status).toBe(400);
    expect((await call('POST', '/identity/links', { token: officer, body: { characterId: unknown } })).status).toBe(404);
    const zats = (await get('/members?q=zatan')).body.data.items[0];
    const taken = await call('POST', '/identity/links', { token: officer, body: { personId: zats.id, characterId: trogAlt.characterId } });
    expect(taken).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect(taken.body.error).toMatch(/Ugra \(area-52\) already belongs to another member/);

    expect((await call('PATCH', `/members/${zats.id}`, { token: officer, body: { rankLevel: 7 } })).status).toBe(400);
    expect((await call('PATCH', `/members/${zats.id}`, { token: officer, body: { mainCharacterId: trogAlt.characterId } })).status).toBe(409);
    expect((await call('POST', `/identity/suggestions/${unknown}/reject`, { token: officer })).status).toBe(404);
    expect((await call('DELETE', `/identity/links/${unknown}`, { token: officer })).status).toBe(404);
    expect((await call('POST', '/identity/matching-runs', { token: officer, body: { now: true } })).status).toBe(400);
    expect((await call('POST', '/identity/reports', { token: officer, body: { full: 'yes' } })).status).toBe(400);
    // No body at all is `{}`: a digest since the last report.
    expect(await call('POST', '/identity/reports', { token: officer })).toMatchObject({ status: 202, body: { data: { full: false } } });
    expect((await call('PATCH', `/members/${zats.id}`, { token: member, body: { displayName: 'x' } })).status).toBe(403);
  });

  it('answers a page of 500 members even when it is larger than a NATS message may be', async () => {
    const note = 'Raid team A; tanks on tuesdays, heals on thursdays; alt army: ask before inviting. '.repeat(3);
    // WoW names are letters only: Bulkaa, Bulkab, …
    const letters = (i: number) => String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26));
    const characters = Array.from({ length: 500 }, (_, i) => [
      rosterCharacter({ name: `Bulk${letters(i)}`, officerNote: note }),
      rosterCharacter({ name: `Bulk${letters(i)}alt`, guildNote: `Bulk${letters(i)}'s alt`, officerNote: note }),
      rosterCharacter({ name: `Bulk${letters(i)}bank`, guildNote: `alt of Bulk${letters(i)}`, officerNote: note }),
    ]).flat();
    for (const part of rosterSynced(characters)) await publishEvent(platform.bus, Events.RosterSynced, part);
    await publishEvent(platform.bus, Events.DiscordMembersSynced, membersSynced(Array.from({ length: 500 }, (_, i) => discordMember({ username: `bulk${letters(i)}` })))[0]!);
    const response = await eventually('the 500 bulk members with their alts', async () => {
      const answer = await fetch(`${platform.gatewayUrl}/api/v1/members?q=bulk&limit=500`, { headers: { authorization: `Bearer ${officer}` } });
      const text = await answer.text();
      const body = JSON.parse(text) as Json;
      return answer.status === 200 && body.data.total === 500 && body.data.items[499].characters.length === 3 ? { text, body } : undefined;
    });
    expect(Buffer.byteLength(response.text)).toBeGreaterThan(1024 * 1024);
    expect(response.body.data.items).toHaveLength(500);
  });
});
