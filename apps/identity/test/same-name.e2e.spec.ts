// One player, two characters of one name on two realms, one Discord user of that name: the
// engine cannot tell which character the user plays (both, in truth), so it asks an officer.
// Through real processes (auth, identity, the gateway): the officer confirms one; the other
// stays suggested to the member that confirmation made. Confirmed with `all`, both join it.
import { Events, RankLevel } from '@patt/contracts';
import { eventually, publishEvent, startPlatform, TestPlatform } from '@patt/testing';
import { discordMember, membersSynced, rosterCharacter, rosterSynced } from './support/factories';

jest.setTimeout(180_000);

type Json = { ok: boolean; data: any; error?: string; code?: string; details?: Array<{ field: string; problems: string[] }> }; // eslint-disable-line @typescript-eslint/no-explicit-any
interface SuggestionItem {
  id: string;
  characterId: string;
  discordUserId: string;
}

describe('a Discord user matching characters of one name on two realms', () => {
  let platform: TestPlatform;
  let officer: string;

  const call = async (method: string, path: string, body?: unknown, token = officer): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const suggestionsOf = async (discordUserId: string): Promise<SuggestionItem[]> => {
    const { body } = await call('GET', '/identity/suggestions?limit=500');
    return (body.data.items as SuggestionItem[]).filter((s) => s.discordUserId === discordUserId);
  };
  const memberOf = async (characterId: string): Promise<string | null> => (await call('GET', `/characters/${characterId}`)).body.data.personId;

  // Two players: Trog (area-52 and senjin) plays as @trog, Kel (area-52 and senjin) as @kel.
  const trogA = rosterCharacter({ name: 'Trog', realmSlug: 'area-52' });
  const trogS = rosterCharacter({ name: 'Trog', realmSlug: 'senjin', realmName: "Sen'jin" });
  const kelA = rosterCharacter({ name: 'Kel', realmSlug: 'area-52' });
  const kelS = rosterCharacter({ name: 'Kel', realmSlug: 'senjin', realmName: "Sen'jin" });
  const trog = discordMember({ username: 'trog' });
  const kel = discordMember({ username: 'kel' });

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['auth', 'identity'] });
    officer = platform.token({ rank: RankLevel.Officer, username: 'officer' });
    for (const part of rosterSynced([trogA, trogS, kelA, kelS])) await publishEvent(platform.bus, Events.RosterSynced, part);
    for (const part of membersSynced([trog, kel])) await publishEvent(platform.bus, Events.DiscordMembersSynced, part);
    await eventually('both names suggested on both realms', async () => {
      const [trogs, kels] = [await suggestionsOf(trog.userId), await suggestionsOf(kel.userId)];
      return trogs.length === 2 && kels.length === 2 ? true : undefined;
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('asks an officer and links neither on its own', async () => {
    expect(await memberOf(trogA.characterId)).toBeNull();
    expect(await memberOf(trogS.characterId)).toBeNull();
    const conflicts = await call('GET', '/identity/conflicts?limit=500');
    expect(conflicts.status).toBe(200);
    const claimed = (conflicts.body.data.items as Array<{ kind: string; characterIds: string[]; discordUserIds: string[] }>).find(
      (c) => c.kind === 'discord_user_claimed' && c.discordUserIds.includes(trog.userId),
    );
    expect(claimed?.characterIds.sort()).toEqual([trogA.characterId, trogS.characterId].sort());
  });

  it('lists the run’s conflicts in the envelope, paged, filtered by kind, and refuses bad filters', async () => {
    const all = await call('GET', '/identity/conflicts');
    expect(all.body).toMatchObject({ ok: true, data: { items: expect.any(Array), total: expect.any(Number) } });
    const claimed = all.body.data.items.find((c: { discordUserIds: string[] }) => c.discordUserIds.includes(kel.userId));
    expect(claimed).toMatchObject({
      id: expect.any(String),
      kind: 'discord_user_claimed',
      summary: expect.stringContaining('@kel'),
      personIds: [],
      characters: expect.arrayContaining([{ id: kelA.characterId, name: 'Kel', realmSlug: 'area-52', personId: null }]),
      discordUsers: [{ userId: kel.userId, username: 'kel', personId: null }],
      firstDetectedAt: expect.any(String),
      lastDetectedAt: expect.any(String),
    });
    const first = await call('GET', '/identity/conflicts?limit=1');
    const second = await call('GET', '/identity/conflicts?limit=1&offset=1');
    expect(first.body.data.total).toBe(all.body.data.total);
    expect(first.body.data.items).toHaveLength(1);
    expect(second.body.data.items[0]?.id).not.toBe(first.body.data.items[0].id);
    expect((await call('GET', '/identity/conflicts?kind=discord_user_taken')).body.data).toEqual({ items: [], total: 0 });

    for (const query of ['kind=nonsense', 'limit=0', 'limit=501', 'offset=-1', 'colour=red']) {
      const answer = await call('GET', `/identity/conflicts?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', error: expect.any(String), details: expect.any(Array) });
    }
    const asMember = await call('GET', '/identity/conflicts', undefined, platform.token({ rank: RankLevel.Member, username: 'member' }));
    expect(asMember.status).toBe(403);
  });

  it('keeps the other character suggested to the member once the officer confirms one', async () => {
    const [first] = (await suggestionsOf(trog.userId)).filter((s) => s.characterId === trogA.characterId);
    const confirmed = await call('POST', `/identity/suggestions/${first.id}/confirm`, {});
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toMatchObject({ characterId: trogA.characterId, discordUserId: trog.userId, method: 'suggestion_confirmed' });
    const personId = confirmed.body.data.personId as string;
    expect(await memberOf(trogA.characterId)).toBe(personId);

    // At once (the same transaction), and still after the matching run the confirmation asked for.
    const left = await suggestionsOf(trog.userId);
    expect(left.map((s) => s.characterId)).toEqual([trogS.characterId]);
    await eventually('the run after the confirmation', async () => {
      const { body } = await call('GET', `/members/${personId}`);
      return body.data.discord?.username === 'trog' ? true : undefined;
    });
    await call('POST', '/identity/matching-runs', {});
    expect((await suggestionsOf(trog.userId)).map((s) => s.characterId)).toEqual([trogS.characterId]);
    expect(await memberOf(trogS.characterId)).toBeNull();
    // The run's conflict says so, naming the member; the claim of two is gone.
    const conflicts = (await call('GET', '/identity/conflicts?limit=500')).body.data.items as Array<{ kind: string; discordUserIds: string[]; personIds: string[] }>;
    const aboutTrog = conflicts.filter((c) => c.discordUserIds.includes(trog.userId));
    expect(aboutTrog).toEqual([expect.objectContaining({ kind: 'discord_user_taken', personIds: [personId] })]);

    // Confirming that one too joins the same member.
    const [second] = await suggestionsOf(trog.userId);
    const again = await call('POST', `/identity/suggestions/${second.id}/confirm`, {});
    expect(again.body.data).toMatchObject({ personId, characterId: trogS.characterId });
    expect(await suggestionsOf(trog.userId)).toEqual([]);
  });

  it('joins every same-name character to the member when the officer confirms with all', async () => {
    const [first] = (await suggestionsOf(kel.userId)).filter((s) => s.characterId === kelS.characterId);
    const confirmed = await call('POST', `/identity/suggestions/${first.id}/confirm`, { all: true });
    expect(confirmed.status).toBe(200);
    const personId = confirmed.body.data.personId as string;
    expect(confirmed.body.data).toMatchObject({ characterId: kelS.characterId, discordUserId: kel.userId });
    expect(await memberOf(kelS.characterId)).toBe(personId);
    expect(await memberOf(kelA.characterId)).toBe(personId);
    expect(await suggestionsOf(kel.userId)).toEqual([]);
    const member = (await call('GET', `/members/${personId}`)).body.data;
    expect(member.characters.map((c: { realmSlug: string }) => c.realmSlug).sort()).toEqual(['area-52', 'senjin']);
  });

  it('takes a confirmation with no body at all as one without all', async () => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1/identity/suggestions/00000000-0000-4000-8000-000000000000/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}` },
    });
    // It reaches identity, which knows no such suggestion.
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('refuses a confirmation body it does not know, and a non-boolean all', async () => {
    const [open] = (await call('GET', '/identity/suggestions?limit=1')).body.data.items as SuggestionItem[];
    const id = open?.id ?? '00000000-0000-4000-8000-000000000000';
    for (const body of [{ all: 'yes' }, { every: true }]) {
      const answer = await call('POST', `/identity/suggestions/${id}/confirm`, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', error: expect.any(String) });
    }
  });
});
