// The rank rules through real processes: officers' tokens through the gateway to identity, which
// decides by the rules and by the ranks it holds now, whatever the token says.
import { Events, RankLevel } from '@patt/contracts';
import { eventually, publishEvent, startPlatform, TestPlatform } from '@patt/testing';
import { rosterCharacter, rosterSynced } from './support/factories';

jest.setTimeout(180_000);

type Json = { ok: boolean; data: any; error?: string; code?: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('rank rules: who may change whose rank', () => {
  let platform: TestPlatform;
  let guildLeader: string;
  const ids: Record<'thrall' | 'jaina' | 'rexxar' | 'bob', string> = { thrall: '', jaina: '', rexxar: '', bob: '' };
  let jainaToken: string;

  const thrall = rosterCharacter({ name: 'Thrall', guildRankIndex: 0 });
  const jaina = rosterCharacter({ name: 'Jaina', guildRankIndex: 1 });
  const rexxar = rosterCharacter({ name: 'Rexxar', guildRankIndex: 1 });
  const bob = rosterCharacter({ name: 'Bob', guildRankIndex: 3 });

  const call = async (method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const rankOf = async (id: string) => (await call('GET', `/members/${id}`, guildLeader)).body.data.rank.level as number;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['identity'] });
    guildLeader = platform.token({ rank: RankLevel.GuildLeader, username: 'guildmaster' });
    await publishEvent(platform.bus, Events.RosterSynced, rosterSynced([thrall, jaina, rexxar, bob])[0]!);
    // Each character becomes a member by the Guild Leader's hand.
    for (const [name, character] of [['thrall', thrall], ['jaina', jaina], ['rexxar', rexxar], ['bob', bob]] as const) {
      const link = await eventually(`a member for ${name}`, async () => {
        const answer = await call('POST', '/identity/links', guildLeader, { characterId: character.characterId });
        return answer.status === 201 ? answer : undefined;
      });
      ids[name] = link.body.data.personId as string;
    }
    jainaToken = platform.token({ rank: RankLevel.Officer, username: 'jaina', personId: ids.jaina });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('refuses an officer who makes themselves Guild Leader', async () => {
    const answer = await call('PATCH', `/members/${ids.jaina}`, jainaToken, { rankLevel: 5 });
    expect(answer).toMatchObject({ status: 403, body: { ok: false, code: 'FORBIDDEN' } });
    expect(answer.body.error).toBe('You cannot change your own rank; the Guild Leader can.');
    expect(await rankOf(ids.jaina)).toBe(4);
  });

  it('refuses an officer who demotes the Guild Leader, or another officer', async () => {
    const demoted = await call('PATCH', `/members/${ids.thrall}`, jainaToken, { rankLevel: 1 });
    expect(demoted).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(demoted.body.error).toMatch(/Guild Leader, not ranked below you \(Officer\)/);
    expect(await rankOf(ids.thrall)).toBe(5);
    expect((await call('PATCH', `/members/${ids.rexxar}`, jainaToken, { rankLevel: 2 })).status).toBe(403);
    expect(await rankOf(ids.rexxar)).toBe(4);
  });

  it('lets an officer give members below them at most the rank below their own', async () => {
    const tooHigh = await call('PATCH', `/members/${ids.bob}`, jainaToken, { rankLevel: 4 });
    expect(tooHigh).toMatchObject({ status: 403, body: { error: 'You may give at most the rank Veteran; only the Guild Leader may make someone Officer.' } });
    expect(await rankOf(ids.bob)).toBe(2);
    expect(await call('PATCH', `/members/${ids.bob}`, jainaToken, { rankLevel: 3 })).toMatchObject({ status: 200, body: { data: { rank: { level: 3 } } } });
    expect(await call('PATCH', `/members/${ids.bob}`, jainaToken, { rankLevel: null })).toMatchObject({ status: 200, body: { data: { rank: { level: 2 } } } });
    // Other fields are not a change of rank: officers edit anyone's display name.
    expect(await call('PATCH', `/members/${ids.thrall}`, jainaToken, { displayName: 'Warchief' })).toMatchObject({ status: 200, body: { data: { displayName: 'Warchief' } } });
  });

  it('lets the Guild Leader do all of it', async () => {
    expect(await call('PATCH', `/members/${ids.bob}`, guildLeader, { rankLevel: 4 })).toMatchObject({ status: 200, body: { data: { rank: { level: 4 } } } });
    expect(await call('PATCH', `/members/${ids.bob}`, guildLeader, { rankLevel: null })).toMatchObject({ status: 200, body: { data: { rank: { level: 2 } } } });
  });

  it('judges an officer by the rank identity holds now, not the one their token still says', async () => {
    expect((await call('PATCH', `/members/${ids.jaina}`, guildLeader, { rankLevel: 2 })).status).toBe(200);
    const stale = await call('PATCH', `/members/${ids.bob}`, jainaToken, { rankLevel: 1 });
    expect(stale).toMatchObject({ status: 403, body: { error: 'Only officers and the Guild Leader may change the rank of a member.' } });
    expect(await rankOf(ids.bob)).toBe(2);
  });
});
