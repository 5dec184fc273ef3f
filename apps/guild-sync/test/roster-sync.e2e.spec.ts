import { randomUUID } from 'node:crypto';
import { MAX_EVENT_BYTES } from '@patt/messaging';
import { Page, RosterEvent, SyncRun, GuildSyncStatus } from '@patt/contracts';
import type { StandInCharacter } from '@patt/testing';
import {
  call,
  characterByBlizzardId,
  characterRows,
  dataOf,
  Harness,
  outboxDrained,
  rosterEventsOfRun,
  rosterSyncedOnBus,
  startHarness,
  startRun,
  syncToEnd,
  waitForRun,
} from './support/harness';

jest.setTimeout(60_000);

const GUILD_SIZE = 60;
const RATE = 200;
/** Enough recruits that the roster needs two roster-synced parts. */
const RECRUITS = 450;

describe('Blizzard roster sync through the real guild-sync process', () => {
  let h: Harness;
  let members: StandInCharacter[];

  beforeAll(async () => {
    h = await startHarness({ guildSize: GUILD_SIZE, seed: 11, ratePerSecond: RATE, env: { SYNC_CRON: '0 3 * * *' } });
    members = h.blizzard.guild.members();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('stores every member on a first sync, under ids of its own, within the rate limit', async () => {
    const queued = await startRun(h);
    expect(queued).toMatchObject({ source: 'blizzard', trigger: 'manual', status: 'queued', finishedAt: null, error: null });

    const run = await waitForRun(h, queued.id);
    expect(run).toMatchObject({
      status: 'succeeded',
      progress: { done: GUILD_SIZE, total: GUILD_SIZE },
      counts: { found: GUILD_SIZE, added: GUILD_SIZE, updated: 0, removed: 0, rankChanges: 0, notModified: 0, profileErrors: 0 },
      error: null,
    });
    expect(Date.parse(run.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(run.startedAt ?? ''));

    const rows = await characterRows(h);
    expect(rows.map((r) => Number(r.blizzard_id)).sort()).toEqual(members.map((m) => m.id).sort());
    expect(rows.every((r) => r.in_guild && r.profile_last_modified !== null && /^[0-9a-f-]{36}$/.test(r.id))).toBe(true);
    // The same name on two realms is two characters.
    expect(rows.filter((r) => r.name === 'Trog').map((r) => r.realm_slug).sort()).toEqual(['area-52', 'senjin']);
    const specialised = members.find((m) => m.specId !== null) as StandInCharacter;
    const row = await characterByBlizzardId(h, specialised.id);
    expect(row).toMatchObject({ level: specialised.level, rank_index: specialised.rank, item_level: specialised.equippedItemLevel });
    expect(row.spec_name).not.toBeNull();
    expect(['tank', 'healer', 'melee', 'ranged']).toContain(row.role);
    expect(row.realm_name).not.toBeNull();

    const events = await rosterEventsOfRun(h, run.id);
    expect(events).toHaveLength(GUILD_SIZE);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['joined']));

    const stats = h.blizzard.stats();
    expect(stats.profile.ok).toBe(GUILD_SIZE);
    expect(stats.overLimit).toBe(0);
    expect(stats.rateLimited).toBe(0);
  });

  it('re-syncs an unchanged guild on 304s alone and rewrites no character row', async () => {
    const before = await characterRows(h);
    h.blizzard.resetStats();

    const run = await syncToEnd(h);
    expect(run).toMatchObject({
      status: 'succeeded',
      counts: { found: GUILD_SIZE, added: 0, updated: 0, removed: 0, rankChanges: 0, notModified: GUILD_SIZE, profileErrors: 0 },
    });
    expect(h.blizzard.stats().profile).toMatchObject({ requests: GUILD_SIZE, notModified: GUILD_SIZE, ok: 0 });
    // xmin is the writing transaction: equal means not one row was written, not even with equal values.
    expect(await characterRows(h)).toEqual(before);
    expect(await rosterEventsOfRun(h, run.id)).toEqual([]);
  });

  it('turns leaves, joins, returns, renames, rank and level changes into roster events', async () => {
    const [leaver, renamed, promoted, levelled] = members.slice(1, 5) as [StandInCharacter, StandInCharacter, StandInCharacter, StandInCharacter];
    const leaverBefore = await characterByBlizzardId(h, leaver.id);
    h.blizzard.guild.remove(leaver.id);
    const leaving = await syncToEnd(h);
    expect(leaving).toMatchObject({ status: 'succeeded', counts: { found: GUILD_SIZE - 1, removed: 1, added: 0, notModified: GUILD_SIZE - 1 } });
    expect(await rosterEventsOfRun(h, leaving.id)).toEqual([
      { type: 'left', characterId: leaverBefore.id, characterName: leaver.name, from: null, to: null },
    ]);
    expect(await characterByBlizzardId(h, leaver.id)).toMatchObject({ in_guild: false, left_at: expect.any(Date) });

    h.blizzard.guild.add({ name: leaver.name, realm: leaver.realm.name });
    const newcomer = h.blizzard.guild.add({ name: 'Newbloodz', level: 70, rank: 8 });
    h.blizzard.guild.update(renamed.id, { name: 'Renamedtwo' });
    const newRank = promoted.rank === 1 ? 2 : promoted.rank - 1;
    h.blizzard.guild.update(promoted.id, { rank: newRank });
    h.blizzard.guild.update(levelled.id, { level: levelled.level + 1 });

    const changing = await syncToEnd(h);
    expect(changing).toMatchObject({
      status: 'succeeded',
      counts: { found: GUILD_SIZE + 1, added: 2, removed: 0, rankChanges: 1, updated: 3, profileErrors: 0 },
    });
    const ids = {
      leaver: leaverBefore.id,
      newcomer: (await characterByBlizzardId(h, newcomer.id)).id,
      renamed: (await characterByBlizzardId(h, renamed.id)).id,
      promoted: (await characterByBlizzardId(h, promoted.id)).id,
      levelled: (await characterByBlizzardId(h, levelled.id)).id,
    };
    expect(new Set(await rosterEventsOfRun(h, changing.id))).toEqual(
      new Set([
        { type: 'rejoined', characterId: ids.leaver, characterName: leaver.name, from: null, to: null },
        { type: 'joined', characterId: ids.newcomer, characterName: 'Newbloodz', from: null, to: null },
        { type: 'renamed', characterId: ids.renamed, characterName: 'Renamedtwo', from: renamed.name, to: 'Renamedtwo' },
        { type: 'rank_changed', characterId: ids.promoted, characterName: promoted.name, from: String(promoted.rank), to: String(newRank) },
        { type: 'level_changed', characterId: ids.levelled, characterName: levelled.name, from: String(levelled.level), to: String(levelled.level + 1) },
      ]),
    );
    // A returning character keeps the id it had: every service knows it by that.
    expect(await characterByBlizzardId(h, leaver.id)).toMatchObject({ id: ids.leaver, in_guild: true, left_at: null });
    expect(await characterByBlizzardId(h, renamed.id)).toMatchObject({ id: ids.renamed, name: 'Renamedtwo' });
  });

  it('publishes a large run as roster-synced parts that carry every character exactly once', async () => {
    for (let i = 0; i < RECRUITS; i++) h.blizzard.guild.add({ name: `Recruit${String(i).padStart(4, '0')}`, rank: 9 });
    h.blizzard.resetStats();
    const run = await syncToEnd(h);
    const inGuild = h.blizzard.guild.size;
    expect(run).toMatchObject({ status: 'succeeded', counts: { found: inGuild, added: RECRUITS, profileErrors: 0 } });
    // The limiter under 400 concurrent fetches: the stand-in counted no request over its rate.
    const stats = h.blizzard.stats();
    expect(stats.overLimit).toBe(0);
    expect(stats.rateLimited).toBe(0);

    await outboxDrained(h);
    const parts = (await rosterSyncedOnBus(h)).filter((e) => e.payload.runId === run.id).map((e) => e.payload);
    // 511 characters: two parts of at most 500.
    expect(parts.map((p) => [p.part, p.parts])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    const carried = parts.flatMap((p) => p.characters.map((c) => c.characterId));
    const stored = (await characterRows(h)).filter((r) => r.in_guild).map((r) => r.id);
    expect(carried).toHaveLength(inGuild);
    expect(new Set(carried)).toEqual(new Set(stored));
    const changes = parts.flatMap((p) => p.changes);
    expect(changes).toHaveLength(RECRUITS);
    expect(changes.every((c) => c.type === 'joined' && stored.includes(c.characterId))).toBe(true);
    expect(parts.every((p) => p.changes.length > 0 && Buffer.byteLength(JSON.stringify(p)) < MAX_EVENT_BYTES)).toBe(true);
  });

  it("serves a character's history and the guild's roster events, newest first", async () => {
    const leaver = members[1] as StandInCharacter;
    const id = (await characterByBlizzardId(h, leaver.id)).id;
    const history = dataOf(await call<Page<RosterEvent>>(h, `/api/v1/characters/${id}/history`, { token: h.initiate }));
    expect(history.items.map((e) => e.type)).toEqual(['rejoined', 'left', 'joined']);
    expect(history.total).toBe(3);
    expect(history.items[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'rejoined',
      characterId: id,
      characterName: leaver.name,
      realmSlug: leaver.realm.slug,
      at: expect.stringMatching(/Z$/),
      from: null,
      to: null,
    });

    const renames = dataOf(await call<Page<RosterEvent>>(h, '/api/v1/guild-sync/roster-events?type=renamed', { token: h.officer }));
    expect(renames.items.map((e) => [e.from, e.to])).toEqual([[members[2]?.name, 'Renamedtwo']]);
    const joinedPage = dataOf(await call<Page<RosterEvent>>(h, '/api/v1/guild-sync/roster-events?type=joined&limit=10&offset=5', { token: h.officer }));
    expect(joinedPage).toMatchObject({ total: GUILD_SIZE + 1 + RECRUITS });
    expect(joinedPage.items).toHaveLength(10);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(dataOf(await call<Page<RosterEvent>>(h, `/api/v1/guild-sync/roster-events?since=${future}`, { token: h.officer })).total).toBe(0);

    const runs = dataOf(await call<Page<SyncRun>>(h, '/api/v1/guild-sync/runs?limit=2', { token: h.officer }));
    expect(runs.total).toBe(5);
    expect(runs.items).toHaveLength(2);
    expect(Date.parse(runs.items[0]?.startedAt ?? '')).toBeGreaterThan(Date.parse(runs.items[1]?.startedAt ?? ''));

    const status = dataOf(await call<GuildSyncStatus>(h, '/api/v1/guild-sync/status', { token: h.officer }));
    expect(status.lastRuns.blizzard?.id).toBe(runs.items[0]?.id);
    expect(status.lastRuns.addon).toBeNull();
    // SYNC_CRON 0 3 * * * is read in UTC.
    expect(status.nextScheduledAt).toMatch(/T03:00:00\.000Z$/);
    expect(Date.parse(status.nextScheduledAt ?? '')).toBeGreaterThan(Date.now());
  });

  it('refuses bad bodies, queries and ids with 400 envelopes that name the field', async () => {
    const officer = h.officer;
    const expectInvalid = async (path: string, fields: string[], init: { method?: string; body?: string } = {}) => {
      const answer = await call(h, path, { token: officer, ...init });
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(answer.body).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', error: expect.any(String) });
      if (!answer.body.ok) expect((answer.body.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual(fields);
    };
    await expectInvalid('/api/v1/guild-sync/runs', ['force'], { method: 'POST', body: '{"force":true}' });
    await expectInvalid('/api/v1/guild-sync/runs', ['body'], { method: 'POST', body: '[]' });
    await expectInvalid('/api/v1/guild-sync/runs?limit=0', ['limit']);
    await expectInvalid('/api/v1/guild-sync/runs?limit=501&offset=-1', ['limit', 'offset']);
    await expectInvalid('/api/v1/guild-sync/runs?sort=asc', ['sort']);
    await expectInvalid('/api/v1/guild-sync/runs/not-a-run', ['id']);
    await expectInvalid('/api/v1/guild-sync/roster-events?type=promoted', ['type']);
    await expectInvalid('/api/v1/guild-sync/roster-events?since=yesterday', ['since']);
    await expectInvalid('/api/v1/characters/trog/history', ['id']);

    const malformed = await call(h, '/api/v1/guild-sync/runs', { method: 'POST', token: officer, body: '{"' });
    expect(malformed).toMatchObject({ status: 400, body: { ok: false, code: 'BAD_REQUEST' } });
    const unknownRun = await call(h, `/api/v1/guild-sync/runs/${randomUUID()}`, { token: officer });
    expect(unknownRun).toMatchObject({ status: 404, body: { ok: false, code: 'NOT_FOUND' } });
    const unknownCharacter = await call(h, `/api/v1/characters/${randomUUID()}/history`, { token: h.initiate });
    expect(unknownCharacter).toMatchObject({ status: 404, body: { ok: false, code: 'NOT_FOUND' } });
  });

  it('lets officers and above in, and any member read a history', async () => {
    const id = (await characterRows(h))[0]?.id as string;
    const officerRoutes: Array<[string, string]> = [
      ['POST', '/api/v1/guild-sync/runs'],
      ['GET', '/api/v1/guild-sync/runs'],
      ['GET', `/api/v1/guild-sync/runs/${randomUUID()}`],
      ['GET', '/api/v1/guild-sync/roster-events'],
      ['GET', '/api/v1/guild-sync/status'],
    ];
    for (const [method, path] of [...officerRoutes, ['GET', `/api/v1/characters/${id}/history`] as [string, string]]) {
      const anonymous = await call(h, path, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect({ method, path, status: anonymous.status, code: anonymous.body.ok ? null : anonymous.body.code }).toEqual({
        method,
        path,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
    for (const [method, path] of officerRoutes) {
      const veteran = await call(h, path, { method, token: h.veteran, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect({ method, path, status: veteran.status }).toEqual({ method, path, status: 403 });
    }
    expect((await call(h, `/api/v1/characters/${id}/history`, { token: h.veteran })).status).toBe(200);
  });
});
