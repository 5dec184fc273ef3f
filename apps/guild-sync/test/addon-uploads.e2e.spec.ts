// Addon uploads end to end: the gateway parses the PATTSync SavedVariables file (or its JSON
// form), guild-sync matches the members to the roster a Blizzard sync stored and applies notes,
// note_changed roster events and character-changed events in one transaction. One platform
// (auth, guild-sync, gateway) for the whole file; each test builds on what the previous stored.
import { AddonUploadResult, Events, GuildSyncStatus, Page, RosterEvent, SyncRun } from '@patt/contracts';
import { serializeSavedVariables, type LuaValue } from '@patt/savedvariables';
import { postLargeBody, type StandInCharacter } from '@patt/testing';
import { call, dataOf, eventsOnBus, Harness, outboxDrained, rosterSyncedOnBus, startHarness, syncToEnd } from './support/harness';

jest.setTimeout(120_000);

const UPLOADS = '/api/v1/guild-sync/addon-uploads';
const GUILD_SIZE = 40;
const MiB = 1024 * 1024;

/** One member as the addon writes it. */
interface ExportMember {
  name: string;
  realm: string;
  class: string;
  classFile: string;
  level: number;
  rank: number;
  rankName: string;
  note?: string;
  officerNote?: string;
  isOnline?: boolean;
  lastOnline?: string | number;
  zone?: string;
  achievementPoints?: number;
}

interface Envelope {
  ok: boolean;
  data?: AddonUploadResult;
  error?: string;
  code?: string;
  details?: Array<Record<string, unknown>>;
}

/** The realm as the game writes it: the player's own realm as displayed, every other squashed. */
function gameRealm(member: StandInCharacter, ownRealmSlug: string): string {
  return member.realm.slug === ownRealmSlug ? member.realm.name : member.realm.name.replace(/[\s'’-]/g, '');
}

function exportMember(member: StandInCharacter, ownRealmSlug: string, extra: Partial<ExportMember> = {}): ExportMember {
  return {
    name: member.name,
    realm: gameRealm(member, ownRealmSlug),
    class: 'Warrior',
    classFile: 'WARRIOR',
    level: member.level,
    rank: member.rank,
    rankName: `Rank ${member.rank}`,
    zone: 'Dornogal',
    note: '',
    isOnline: false,
    lastOnline: 72,
    achievementPoints: 1234,
    ...extra,
  };
}

/** The file as the addon writes it (`PATTSyncDB.lastExport`, WoW's layout). */
function luaFile(exportTime: number, characters: ExportMember[]): string {
  return serializeSavedVariables({
    PATTSyncDB: {
      lastExport: {
        exportTime,
        exportTimeISO: new Date(exportTime * 1000).toISOString(),
        addonVersion: '1.4.0',
        guildName: 'Pull All The Things',
        memberCount: characters.length,
        characters: characters as unknown as LuaValue[],
      },
      lastExportTime: exportTime,
      totalExports: 3,
    },
  });
}

function jsonForm(exportTime: number, characters: ExportMember[]): Record<string, unknown> {
  return { exportTime, addonVersion: '1.4.0', guildName: 'Pull All The Things', characters };
}

describe('addon uploads through the gateway and the real guild-sync process', () => {
  let h: Harness;
  let members: StandInCharacter[];
  let ownRealm: string;
  let apiKey: string;
  /** Export times only move forward, unless a test means otherwise. */
  let clock = Math.floor(Date.now() / 1000) - 30 * 86_400;
  const nextExportTime = () => (clock += 600);

  const upload = async (body: string | Buffer, type: string | null = 'text/plain', auth: Record<string, string> | null = null) => {
    const response = await fetch(`${h.platform.gatewayUrl}${UPLOADS}`, {
      method: 'POST',
      // fetch labels a string body text/plain by itself; bytes go out unlabelled.
      body: type === null ? Buffer.from(body) : body,
      headers: { ...(type === null ? {} : { 'content-type': type }), ...(auth ?? { authorization: `Bearer ${h.officer}` }) },
    });
    return { status: response.status, body: (await response.json()) as Envelope };
  };
  const applied = async (body: string | Buffer, type = 'text/plain', auth: Record<string, string> | null = null): Promise<AddonUploadResult> => {
    const answer = await upload(body, type, auth);
    if (answer.status !== 200 || !answer.body.data) throw new Error(`expected 200, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.data;
  };

  const member = (name: string, realmSlug?: string): StandInCharacter => {
    const found = members.find((m) => m.name === name && (realmSlug === undefined || m.realm.slug === realmSlug));
    if (!found) throw new Error(`no stand-in member ${name}`);
    return found;
  };
  const characterIdOf = async (m: StandInCharacter): Promise<string> =>
    (await h.db.query<{ id: string }>('SELECT id FROM guild_sync.characters WHERE blizzard_id = $1', [m.id])).rows[0]!.id;
  const notesOf = async (m: StandInCharacter) =>
    (
      await h.db.query<{ guild_note: string | null; officer_note: string | null; is_online: boolean | null; last_online: string | null; zone: string | null }>(
        'SELECT guild_note, officer_note, is_online, last_online, zone FROM guild_sync.characters WHERE blizzard_id = $1',
        [m.id],
      )
    ).rows[0];
  const noteEventsOfRun = async (runId: string) =>
    (
      await h.db.query<{ character_id: string; from_value: string | null; to_value: string | null }>(
        "SELECT character_id, from_value, to_value FROM guild_sync.roster_events WHERE run_id = $1 AND type = 'note_changed' ORDER BY seq",
        [runId],
      )
    ).rows;
  /** Everything an upload could change, as one comparable value. */
  const appliedState = async () => {
    const { rows } = await h.db.query<Record<string, string>>(`
      SELECT (SELECT count(*) FROM guild_sync.sync_runs) AS runs,
             (SELECT count(*) FROM guild_sync.roster_events) AS "rosterEvents",
             (SELECT count(*) FROM guild_sync.outbox) AS outbox,
             (SELECT md5(string_agg(concat_ws('|', id, guild_note, officer_note, is_online, last_online, zone, addon_seen_at, updated_at), ',' ORDER BY id))
                FROM guild_sync.characters) AS characters`);
    return rows[0];
  };
  const run = async (id: string) => dataOf(await call<SyncRun>(h, `/api/v1/guild-sync/runs/${id}`, { token: h.officer }));

  beforeAll(async () => {
    h = await startHarness({ guildSize: GUILD_SIZE, seed: 7, ratePerSecond: 200, withAuth: true, env: { SYNC_CRON: '0 3 * * *' } });
    members = h.blizzard.guild.members();
    ownRealm = h.blizzard.guild.realm.slug;
    expect((await syncToEnd(h)).status).toBe('succeeded');
    const login = await call<{ accessToken: string }>(h, '/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'guildmaster', password: 'correct horse battery' }),
    });
    apiKey = dataOf(await call<{ key: string }>(h, '/api/v1/auth/api-keys', { method: 'POST', token: dataOf(login).accessToken, body: JSON.stringify({ name: 'companion' }) })).key;
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('the happy path', () => {
    let firstRunId: string;
    /** Matched in the first upload: every member but the accent-free "Zatanna", left out on purpose. */
    let exported: StandInCharacter[];

    it('stores notes from the Lua file, matching names in any case and script and realms squashed or as displayed', async () => {
      exported = members.filter((m) => m.name !== 'Zatanna');
      expect(new Set(exported.map((m) => m.realm.slug)).size).toBeGreaterThan(2);
      const file = exported.map((m, i) => exportMember(m, ownRealm, { note: `Note ${i}`, ...(i % 2 === 0 ? { officerNote: `Officer ${i}` } : {}), isOnline: i === 0 }));
      const rewrite = (name: string, change: (m: ExportMember) => Partial<ExportMember>) => {
        const index = file.findIndex((m) => m.name === name);
        file[index] = { ...file[index]!, ...change(file[index]!) };
      };
      rewrite('Тролль', (m) => ({ name: m.name.toUpperCase() })); // Cyrillic, upper case
      rewrite('Zatañña', (m) => ({ name: m.name.normalize('NFD') })); // n + combining tilde
      rewrite('Lúthien', (m) => ({ name: m.name.toLowerCase() }));
      const ownRealmMember = exported.find((m) => m.realm.slug === ownRealm && !['Zatañña', 'Trog', 'Дракон'].includes(m.name))!;
      rewrite(ownRealmMember.name, () => ({ realm: h.blizzard.guild.realm.name.replace(/'/g, '') })); // own realm squashed too
      expect(file.some((m) => m.realm === "Sen'jin") && file.some((m) => m.realm === 'Area52') && file.some((m) => m.realm === 'MokNathal')).toBe(true);
      file.push(
        // Accents are part of a name: Zatañña lives on Sen'jin, Zatanna elsewhere.
        exportMember(member('Zatañña'), ownRealm, { name: 'Zatanna', note: 'Impostor' }),
        exportMember(member('Trog', ownRealm), ownRealm, { name: 'Nobodyhere' }),
        exportMember(member('Trog', ownRealm), ownRealm, { realm: 'Nowhere' }),
      );

      const result = await applied(luaFile(nextExportTime(), file));
      expect(result).toEqual({ runId: expect.any(String), matched: exported.length, updated: exported.length, notFound: 3, applied: true });
      firstRunId = result.runId;

      for (const [i, m] of exported.entries()) {
        expect({ name: m.name, ...(await notesOf(m)) }).toEqual({
          name: m.name,
          guild_note: `Note ${i}`,
          officer_note: i % 2 === 0 ? `Officer ${i}` : null,
          is_online: i === 0,
          last_online: '72',
          zone: 'Dornogal',
        });
      }
      expect((await notesOf(member('Zatanna')))?.guild_note).toBeNull();
      const events = await noteEventsOfRun(result.runId);
      expect(events).toHaveLength(exported.length);
      expect(events.every((e) => e.from_value === null && /^Note \d+$/.test(e.to_value ?? ''))).toBe(true);
    });

    it('shows the upload as an addon run in the runs list and the status', async () => {
      expect(await run(firstRunId)).toMatchObject({
        source: 'addon',
        trigger: 'upload',
        status: 'succeeded',
        progress: { done: exported.length + 3, total: exported.length + 3 },
        counts: { found: exported.length + 3, added: 0, updated: exported.length, removed: 0, notModified: 0, profileErrors: 0 },
        error: null,
        upload: { addonVersion: '1.4.0', guildName: 'Pull All The Things', matched: exported.length, notFound: 3, applied: true, reason: null },
      });
      const runs = dataOf(await call<Page<SyncRun>>(h, '/api/v1/guild-sync/runs', { token: h.officer }));
      expect(runs.items[0]).toMatchObject({ id: firstRunId, source: 'addon' });
      expect(runs.items.find((r) => r.source === 'blizzard')?.upload).toBeNull();
      const status = dataOf(await call<GuildSyncStatus>(h, '/api/v1/guild-sync/status', { token: h.officer }));
      expect(status.lastRuns.addon?.id).toBe(firstRunId);
      expect(status.lastRuns.blizzard?.source).toBe('blizzard');
    });

    it('publishes character-changed (source addon) on the bus for every character whose notes changed', async () => {
      await outboxDrained(h);
      const published = (await eventsOnBus(h, Events.CharacterChanged)).filter((e) => e.payload.runId === firstRunId);
      expect(published).toHaveLength(exported.length);
      expect(published.every((e) => e.payload.source === 'addon' && e.producer === 'guild-sync')).toBe(true);
      const ids: string[] = [];
      for (const m of exported) ids.push(await characterIdOf(m));
      expect(new Set(published.map((e) => e.payload.character.characterId))).toEqual(new Set(ids));
      const first = published.find((e) => e.payload.character.characterId === ids[0]);
      expect(first?.payload.character).toMatchObject({ name: exported[0]!.name, guildNote: 'Note 0', officerNote: 'Officer 0' });
    });

    it('takes the JSON form with an API key, keeps officer notes the export leaves out and clears notes exported empty', async () => {
      const [a, b] = exported;
      const before = await notesOf(a!);
      const result = await applied(
        JSON.stringify(jsonForm(nextExportTime(), [exportMember(a!, ownRealm, { note: 'Raid lead' }), exportMember(b!, ownRealm, { note: '', officerNote: '' })])),
        'application/json',
        { 'x-api-key': apiKey },
      );
      expect(result).toMatchObject({ matched: 2, updated: 2, notFound: 0, applied: true });
      expect(await notesOf(a!)).toMatchObject({ guild_note: 'Raid lead', officer_note: before?.officer_note });
      expect(before?.officer_note).toBe('Officer 0');
      expect(await notesOf(b!)).toMatchObject({ guild_note: null, officer_note: null });
      expect(await noteEventsOfRun(result.runId)).toEqual([
        { character_id: await characterIdOf(a!), from_value: 'Note 0', to_value: 'Raid lead' },
        { character_id: await characterIdOf(b!), from_value: 'Note 1', to_value: null },
      ]);
    });

    it('takes the Lua file with an API key too, and refuses everyone else', async () => {
      const file = luaFile(nextExportTime(), [exportMember(exported[2]!, ownRealm, { note: 'Uploaded by the companion' })]);
      expect(await applied(file, 'text/plain', { 'x-api-key': apiKey })).toMatchObject({ matched: 1, updated: 1, applied: true });
      const before = await appliedState();
      const refusals: Array<{ who: string; auth: Record<string, string>; status: number }> = [
        { who: 'nobody', auth: {}, status: 401 },
        { who: 'a wrong key', auth: { 'x-api-key': 'patt_not-a-key' }, status: 401 },
        { who: 'a bad token', auth: { authorization: 'Bearer not.a.token' }, status: 401 },
        { who: 'an Initiate', auth: { authorization: `Bearer ${h.initiate}` }, status: 403 },
        { who: 'a Veteran', auth: { authorization: `Bearer ${h.veteran}` }, status: 403 },
      ];
      for (const { who, auth, status } of refusals) {
        const answer = await upload(luaFile(nextExportTime(), [exportMember(exported[2]!, ownRealm, { note: 'Not allowed' })]), 'text/plain', auth);
        expect({ who, status: answer.status, ok: answer.body.ok, says: typeof answer.body.error }).toEqual({ who, status, ok: false, says: 'string' });
      }
      // The key opens the upload and nothing else.
      expect((await call(h, '/api/v1/guild-sync/runs', { headers: { 'x-api-key': apiKey } })).status).toBe(401);
      expect(await appliedState()).toEqual(before);
    });

    it('changes nothing for an export not newer than the last applied one, and its run says why', async () => {
      const before = await appliedState();
      const stale = await applied(luaFile(Math.floor(Date.now() / 1000) - 60 * 86_400, [exportMember(exported[3]!, ownRealm, { note: 'Stale' })]));
      expect(stale).toEqual({ runId: expect.any(String), matched: 1, updated: 0, notFound: 0, applied: false });
      const after = await appliedState();
      expect(after).toEqual({ ...before, runs: String(Number(before!['runs']) + 1) });
      const staleRun = await run(stale.runId);
      expect(staleRun).toMatchObject({ source: 'addon', trigger: 'upload', status: 'succeeded', counts: { found: 1, updated: 0, notModified: 1 }, error: null });
      expect(staleRun.upload).toMatchObject({ applied: false, matched: 1 });
      expect(staleRun.upload?.reason).toMatch(/^This export \(.+\) is not newer than the last applied one \(.+\), so nothing was changed\./);
      const status = dataOf(await call<GuildSyncStatus>(h, '/api/v1/guild-sync/status', { token: h.officer }));
      expect(status.lastRuns.addon?.id).toBe(stale.runId);
    });

    it('is idempotent: the same file uploaded twice applies once', async () => {
      const file = luaFile(nextExportTime(), [exportMember(exported[4]!, ownRealm, { note: 'Twice', officerNote: 'Twice too' })]);
      expect(await applied(file)).toMatchObject({ updated: 1, applied: true });
      const before = await appliedState();
      expect(await applied(file)).toMatchObject({ matched: 1, updated: 0, applied: false });
      expect({ ...(await appliedState()), runs: before!['runs'] }).toEqual(before);
      expect(await notesOf(exported[4]!)).toMatchObject({ guild_note: 'Twice', officer_note: 'Twice too' });
    });

    it("hides note text in a character's history from members below Officer", async () => {
      const id = await characterIdOf(exported[0]!);
      const history = async (token: string) =>
        dataOf(await call<Page<RosterEvent>>(h, `/api/v1/characters/${id}/history`, { token })).items.filter((e) => e.type === 'note_changed');
      expect((await history(h.officer)).map((e) => [e.from, e.to])).toEqual([
        ['Note 0', 'Raid lead'],
        [null, 'Note 0'],
      ]);
      expect((await history(h.initiate)).map((e) => [e.from, e.to])).toEqual([
        [null, null],
        [null, null],
      ]);
    });

    it("carries the uploaded notes in the next Blizzard run's roster-synced", async () => {
      const blizzardRun = await syncToEnd(h);
      await outboxDrained(h);
      const parts = (await rosterSyncedOnBus(h)).filter((e) => e.payload.runId === blizzardRun.id);
      const characters = parts.flatMap((e) => e.payload.characters);
      expect(characters).toHaveLength(GUILD_SIZE);
      const byId = new Map(characters.map((c) => [c.characterId, c]));
      expect(byId.get(await characterIdOf(exported[0]!))).toMatchObject({ guildNote: 'Raid lead', officerNote: 'Officer 0' });
      expect(byId.get(await characterIdOf(exported[1]!))).toMatchObject({ guildNote: null, officerNote: null });
      expect(byId.get(await characterIdOf(exported[4]!))).toMatchObject({ guildNote: 'Twice', officerNote: 'Twice too' });
      expect((await notesOf(exported[0]!))?.guild_note).toBe('Raid lead');
    });
  });

  it('is described in the OpenAPI document: both forms, both doors, every answer', async () => {
    const document = (await (await fetch(`${h.platform.gatewayUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody: { content: Record<string, unknown> }; security: unknown[]; responses: Record<string, unknown> }>>;
    };
    const operation = document.paths[UPLOADS]?.['post'];
    expect(Object.keys(operation?.requestBody.content ?? {}).sort()).toEqual(['application/json', 'text/plain']);
    expect(operation?.security).toEqual(expect.arrayContaining([{ bearer: [] }, { 'api-key': [] }]));
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403', '413', '415']));
  });

  describe('hostile files', () => {
    /** Dated after every export above: were any of these accepted, it would apply. */
    const when = () => clock + 86_400;
    const target = () => members[5]!;
    const good = (extra: Partial<ExportMember> = {}) => luaFile(when(), [exportMember(target(), ownRealm, { note: 'Hacked', officerNote: 'Hacked', ...extra })]);
    const goodJson = (extra: Partial<ExportMember> = {}) => jsonForm(when(), [exportMember(target(), ownRealm, { note: 'Hacked', ...extra })]);
    const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));
    /** The good file with its first `from` replaced; fails the test if `from` is not there. */
    const swap = (from: string | RegExp, to: string, file = good()) => {
      const changed = file.replace(from, to);
      if (changed === file) throw new Error(`the file has no ${String(from)}`);
      return changed;
    };
    const withMember = (lua: string) => swap(/\{\n\t\t\t\t\["name"\][^}]*\}/, lua);

    interface HostileCase {
      what: string;
      body: () => string | Buffer;
      type?: string | null;
      status: 400 | 413 | 415;
      says: RegExp;
      /** A parse error: the answer's details give line and column. */
      located?: boolean;
    }

    const cases: HostileCase[] = [
      // --- resource exhaustion ---
      { what: 'tables nested 10,000 deep', body: () => `PATTSyncDB = ${'{'.repeat(10_000)}${'}'.repeat(10_000)}`, status: 400, says: /nested more than 32 deep/, located: true },
      { what: 'tables nested 10,000 deep, never closed', body: () => `PATTSyncDB = ${'{'.repeat(10_000)}`, status: 400, says: /nested more than 32 deep/, located: true },
      { what: 'nesting 10,000 deep through keys', body: () => `PATTSyncDB = ${'{ a = '.repeat(10_000)}1${' }'.repeat(10_000)}`, status: 400, says: /maxDepth/, located: true },
      { what: 'nesting 10,000 deep in the JSON form', body: () => `${'['.repeat(10_000)}${']'.repeat(10_000)}`, type: 'application/json', status: 400, says: /nests objects or arrays more than 32 deep \(at character 33\)/ },
      { what: 'tables nested 33 deep', body: () => `PATTSyncDB = ${'{'.repeat(33)}${'}'.repeat(33)}`, status: 400, says: /nested more than 32 deep \(limit maxDepth = 32\)/, located: true },
      { what: '250,000 values in one list', body: () => `PATTSyncDB = {${'0,'.repeat(250_000)}}`, status: 400, says: /too many values.*maxNodes/, located: true },
      { what: 'a 1 MB unterminated string', body: () => `PATTSyncDB = "${'a'.repeat(MiB)}`, status: 400, says: /string is too long.*maxStringBytes/, located: true },
      { what: 'a 100 KB long string', body: () => swap('"Hacked"', `[[${'a'.repeat(100_000)}]]`), status: 400, says: /maxStringBytes/, located: true },
      { what: 'a million "=" in a long bracket', body: () => `PATTSyncDB = [${'='.repeat(1_000_000)}[ abc`, status: 400, says: /unfinished long string/, located: true },
      { what: 'a 500-digit number', body: () => swap(/\["level"\] = \d+/, `["level"] = 1${'0'.repeat(500)}`), status: 400, says: /number is too long/, located: true },
      { what: '2,001 members', body: () => luaFile(when(), Array.from({ length: 2001 }, (_, i) => exportMember(target(), ownRealm, { name: `Member${i}` }))), status: 400, says: /lists 2001 members; uploads accept at most 2000/ },
      { what: 'a guild note of 65 characters', body: () => good({ note: 'n'.repeat(65) }), status: 400, says: /characters\[0\]\.note is 65 characters long; uploads accept at most 64/ },
      { what: 'a name of 65 characters', body: () => good({ name: 'N'.repeat(65) }), status: 400, says: /characters\[0\]\.name is 65 characters long/ },
      // --- code instead of data ---
      { what: 'os.execute as a statement', body: () => 'os.execute("rm -rf /")\n', status: 400, says: /line 1, column 3: expected '=' after 'os', found '\.'/, located: true },
      { what: 'os.execute as the value', body: () => 'PATTSyncDB = os.execute("rm -rf /")\n', status: 400, says: /found name 'os': variables and function calls are not allowed/, located: true },
      { what: 'loadstring called', body: () => 'PATTSyncDB = loadstring("os.exit()")()', status: 400, says: /found name 'loadstring'/, located: true },
      { what: 'a function definition', body: () => 'function PATTSyncDB() os.exit() end', status: 400, says: /keyword 'function'/, located: true },
      { what: 'a function as a note', body: () => swap('"Hacked"', 'function() return os.exit() end'), status: 400, says: /functions are not allowed/, located: true },
      { what: 'a function call as a note', body: () => swap('"Hacked"', 'print("x")'), status: 400, says: /found name 'print'/, located: true },
      { what: 'a local statement', body: () => `local x = 1\n${good()}`, status: 400, says: /keyword 'local'/, located: true },
      { what: 'a return statement', body: () => 'return { lastExport = {} }', status: 400, says: /keyword 'return'/, located: true },
      { what: 'string concatenation', body: () => swap('"Hacked"', '"Hack" .. "ed"'), status: 400, says: /concatenation is not allowed/, located: true },
      { what: 'arithmetic', body: () => swap(/\["level"\] = \d+/, '["level"] = 79 + 1'), status: 400, says: /operators are not allowed/, located: true },
      { what: 'setmetatable', body: () => 'PATTSyncDB = setmetatable({}, { __index = os })', status: 400, says: /found name 'setmetatable'/, located: true },
      { what: '_G', body: () => 'PATTSyncDB = _G', status: 400, says: /found name '_G'/, located: true },
      { what: 'require', body: () => 'PATTSyncDB = require "os"', status: 400, says: /found name 'require'/, located: true },
      { what: 'a method call', body: () => 'PATTSyncDB = ("a"):rep(1e9)', status: 400, says: /function calls and expressions are not allowed/, located: true },
      { what: 'a computed key', body: () => 'PATTSyncDB = { [os.time()] = 1 }', status: 400, says: /table keys must be strings or numbers, found name 'os'/, located: true },
      // --- unterminated tokens ---
      { what: 'an unterminated string', body: () => swap('"Pull All The Things"', '"Pull All The Things'), status: 400, says: /line \d+, column \d+: .*(unfinished string|line break inside a quoted string)/, located: true },
      { what: 'a string broken by a newline', body: () => swap('"Hacked"', '"Hac\nked"'), status: 400, says: /line break inside a quoted string/, located: true },
      { what: 'an unterminated long string', body: () => swap('"Hacked"', '[==[ Hacked ]] ]=]'), status: 400, says: /unfinished long string: no closing \]==\]/, located: true },
      { what: 'an unterminated long comment', body: () => `--[==[ a comment ]]\n${good()}`, status: 400, says: /unfinished long comment/, located: true },
      { what: 'a file cut in half', body: () => good().slice(0, Math.floor(good().length / 2)), status: 400, says: /line \d+, column \d+: /, located: true },
      { what: 'a backslash at the end', body: () => 'PATTSyncDB = "abc\\', status: 400, says: /unfinished string/, located: true },
      // --- numbers ---
      { what: 'a level of 1e400', body: () => swap(/\["level"\] = \d+/, '["level"] = 1e400'), status: 400, says: /out of range: it would be Infinity/, located: true },
      { what: 'an integer beyond 2^53', body: () => swap(/\["level"\] = \d+/, '["level"] = 123456789012345678901234567890'), status: 400, says: /too large to be represented exactly/, located: true },
      { what: 'a hexadecimal float', body: () => swap(/\["level"\] = \d+/, '["level"] = 0x1p4'), status: 400, says: /hexadecimal fractions and exponents/, located: true },
      { what: 'an export time of 1e999', body: () => swap(/\["exportTime"\] = \d+/, '["exportTime"] = 1e999'), status: 400, says: /out of range/, located: true },
      { what: 'an export time in the year 2100', body: () => luaFile(4_102_444_800, [exportMember(target(), ownRealm, { note: 'Hacked' })]), status: 400, says: /exportTime 4102444800 lies in the future: check the clock/ },
      { what: 'a JSON export time of 1e300', body: () => JSON.stringify({ ...goodJson(), exportTime: 1e300 }), type: 'application/json', status: 400, says: /exportTime 1e\+300 lies in the future/ },
      { what: 'level 0', body: () => good({ level: 0 }), status: 400, says: /characters\[0\]\.level must be a whole number >= 1, found the number 0/, located: true },
      { what: 'a fractional level', body: () => good({ level: 80.5 }), status: 400, says: /characters\[0\]\.level must be a whole number/, located: true },
      { what: 'a negative rank', body: () => good({ rank: -1 }), status: 400, says: /characters\[0\]\.rank must be a whole number >= 0/, located: true },
      // --- prototype keys: never taken for the fields they try to smuggle in ---
      { what: '__proto__ holding lastExport', body: () => swap('["lastExport"] = {', '["__proto__"] = {'), status: 400, says: /PATTSyncDB\.lastExport is missing/ },
      { what: '__proto__ holding exportTime', body: () => swap(/\["exportTime"\] = (\d+),/, '["__proto__"] = { ["exportTime"] = $1 },'), status: 400, says: /exportTime must be a number >= 0, it is missing/, located: true },
      { what: "__proto__ holding a member's name", body: () => swap(/\["name"\] = ("[^"]*"),/, '["__proto__"] = { ["name"] = $1 },'), status: 400, says: /characters\[0\]\.name must be a non-empty string, it is missing/, located: true },
      { what: 'constructor.prototype holding lastExport', body: () => swap('["lastExport"] = {', '["constructor"] = { ["prototype"] = {').replace(/\n\t\["lastExportTime"\]/, '},\n\t["lastExportTime"]'), status: 400, says: /lastExport is missing/ },
      { what: 'prototype as the characters list', body: () => swap('["characters"] = {', '["prototype"] = {'), status: 400, says: /characters must be a list, it is missing/, located: true },
      { what: '__proto__ twice', body: () => 'PATTSyncDB = { __proto__ = {}, ["__proto__"] = { polluted = true } }', status: 400, says: /duplicate key "__proto__"/, located: true },
      { what: '__proto__ in the JSON form', body: () => JSON.stringify(goodJson()).replace('{', '{"__proto__":{"isAdmin":true},'), type: 'application/json', status: 400, says: /The body has a "__proto__" key, which no request of this API takes/ },
      { what: 'constructor.prototype in the JSON form', body: () => JSON.stringify({ constructor: { prototype: { isAdmin: true } }, ...goodJson() }), type: 'application/json', status: 400, says: /The body has a "constructor" with a "prototype" key/ },
      { what: "a prototype key in a JSON member", body: () => JSON.stringify(goodJson({ prototype: 'x' } as Partial<ExportMember>)), type: 'application/json', status: 400, says: /characters\[0\]\.prototype is not a known field/ },
      // --- bytes and encodings ---
      { what: 'invalid UTF-8 in a note', body: () => bytes(good().split('"Hacked"')[0]!, '"', [0xff, 0xfe], '"', good().split('"Hacked"').slice(1).join('"Hacked"')), status: 400, says: /invalid UTF-8 in string: byte 0xFF/, located: true },
      { what: 'an overlong "/" (C0 AF)', body: () => bytes('PATTSyncDB = "', [0xc0, 0xaf], '"'), status: 400, says: /byte 0xC0/, located: true },
      { what: 'a UTF-8 encoded surrogate', body: () => bytes('PATTSyncDB = "', [0xed, 0xa0, 0x80], '"'), status: 400, says: /byte 0xED/, located: true },
      { what: 'a file saved as Latin-1', body: () => Buffer.from(good({ name: 'Zatañña' }), 'latin1'), status: 400, says: /invalid UTF-8 in string: byte 0xF1/, located: true },
      { what: 'a UTF-16 file', body: () => Buffer.from(`\uFEFF${good()}`, 'utf16le'), status: 400, says: /not valid UTF-8/, located: true },
      { what: 'a raw NUL in a note', body: () => bytes('PATTSyncDB = { a = "x', [0], 'y" }'), status: 400, says: /NUL byte in string/, located: true },
      { what: 'a NUL between statements', body: () => bytes(good(), [0], 'X = 1'), status: 400, says: /found a NUL byte/, located: true },
      { what: 'a file of NUL bytes', body: () => Buffer.alloc(4096), status: 400, says: /found a NUL byte/, located: true },
      { what: 'an escaped NUL in a note', body: () => swap('"Hacked"', '"Hack\\0ed"'), status: 400, says: /characters\[0\]\.note must be a string without NUL characters/, located: true },
      { what: 'a NUL in a JSON note', body: () => JSON.stringify(goodJson({ note: 'Hack\u0000ed' })), type: 'application/json', status: 400, says: /characters\[0\]\.note must be a string without NUL characters/ },
      // --- wrong types, missing and duplicate keys ---
      { what: 'a level as text', body: () => good({ level: '80' as unknown as number }), status: 400, says: /characters\[0\]\.level must be a whole number >= 1, found the string "80"/, located: true },
      { what: 'a name as a number', body: () => good({ name: 5 as unknown as string }), status: 400, says: /characters\[0\]\.name must be a non-empty string, found the number 5/, located: true },
      { what: 'isOnline as text', body: () => good({ isOnline: 'yes' as unknown as boolean }), status: 400, says: /characters\[0\]\.isOnline must be true or false/, located: true },
      { what: 'an empty name', body: () => good({ name: '' }), status: 400, says: /characters\[0\]\.name must be a non-empty string/, located: true },
      { what: 'characters as text', body: () => swap(/\["characters"\] = \{[\s\S]*?\n\t\t\},/, '["characters"] = "everyone",'), status: 400, says: /characters must be a list, found the string "everyone"/, located: true },
      { what: 'characters as a keyed table', body: () => swap('["characters"] = {', '["characters"] = { ["x"] = 1, '), status: 400, says: /characters must be a list/, located: true },
      { what: 'a member as a number', body: () => withMember('42'), status: 400, says: /characters\[0\] must be a table of fields, found the number 42/, located: true },
      { what: 'guildName missing', body: () => swap(/\t\t\["guildName"\] = "[^"]*",\n/, ''), status: 400, says: /guildName must be a non-empty string, it is missing/, located: true },
      { what: 'exportTime missing', body: () => swap(/\t\t\["exportTime"\] = \d+,\n/, ''), status: 400, says: /exportTime must be a number >= 0, it is missing/, located: true },
      { what: 'realm missing', body: () => swap(/\t+\["realm"\] = "[^"]*",\n/, ''), status: 400, says: /characters\[0\]\.realm must be a non-empty string, it is missing/, located: true },
      { what: 'another addon\'s file', body: () => 'OtherAddonDB = { lastExport = {} }', status: 400, says: /does not assign PATTSyncDB/ },
      { what: 'an addon that never exported', body: () => 'PATTSyncDB = {}', status: 400, says: /PATTSyncDB\.lastExport is missing: the addon has not exported yet/ },
      { what: 'a duplicate key in a member', body: () => swap('["note"] = "Hacked",', '["note"] = "Hacked", ["note"] = "Twice",'), status: 400, says: /duplicate key "note" in table/, located: true },
      { what: 'PATTSyncDB assigned twice', body: () => `${good()}\nPATTSyncDB = {}\n`, status: 400, says: /'PATTSyncDB' is assigned twice/, located: true },
      { what: 'a JSON member without a realm', body: () => JSON.stringify(jsonForm(when(), [{ ...exportMember(target(), ownRealm), realm: undefined } as unknown as ExportMember])), type: 'application/json', status: 400, says: /characters\[0\]\.realm must be a non-empty string, it is missing/ },
      { what: 'an unknown JSON field', body: () => JSON.stringify({ ...goodJson(), isAdmin: true }), type: 'application/json', status: 400, says: /isAdmin is not a known field/ },
      { what: 'a JSON level as text', body: () => JSON.stringify(goodJson({ level: '80' as unknown as number })), type: 'application/json', status: 400, says: /characters\[0\]\.level must be a whole number >= 1, found the string "80"/ },
      { what: 'a JSON list', body: () => JSON.stringify([goodJson()]), type: 'application/json', status: 400, says: /the export must be a table of fields, found a list/ },
      { what: 'JSON null', body: () => 'null', type: 'application/json', status: 400, says: /the export must be a table of fields, found null/ },
      { what: 'a JSON string', body: () => '"PATTSyncDB"', type: 'application/json', status: 400, says: /the export must be a table of fields, found the string/ },
      // --- not the file at all, or not as text/plain or JSON ---
      { what: 'HTML', body: () => '<html><script>alert(1)</script></html>', status: 400, says: /line 1, column 1: expected a variable name \(Name = value\), found '<'/, located: true },
      { what: 'the JSON form sent as text/plain', body: () => JSON.stringify(goodJson()), status: 400, says: /The JSON form must be sent as application\/json/, located: true },
      { what: 'the Lua file sent as application/json', body: () => good(), type: 'application/json', status: 400, says: /The body is not valid JSON: Unexpected token/ },
      { what: 'an empty text/plain body', body: () => '', status: 400, says: /The body is empty: send the PATTSync SavedVariables file as text\/plain/ },
      { what: 'no body and no content type', body: () => '', type: null, status: 400, says: /The body is empty/ },
      { what: 'an empty JSON body', body: () => '', type: 'application/json', status: 400, says: /The body is empty but its content type says JSON/ },
      { what: 'XML', body: () => '<PATTSyncDB/>', type: 'application/xml', status: 415, says: /The content type application\/xml is not accepted here: send application\/json, or the type \/api\/docs gives/ },
      { what: 'a form post', body: () => 'PATTSyncDB=1', type: 'application/x-www-form-urlencoded', status: 415, says: /(This endpoint takes application\/json or text\/plain|The content type application\/x-www-form-urlencoded is not accepted)/ },
      { what: 'a multipart upload', body: () => '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nPATTSyncDB = {}\r\n--x--', type: 'multipart/form-data; boundary=x', status: 415, says: /multipart\/form-data/ },
      { what: 'an octet stream', body: () => good(), type: 'application/octet-stream', status: 415, says: /application\/octet-stream/ },
    ];

    /** Bodies the gateway refuses before reading them: sent with node:http, which hears the early answer. */
    const oversized: Array<{ what: string; type: string; chunks: () => Buffer[]; chunked?: boolean }> = [
      { what: 'a 20 MB file', type: 'text/plain', chunks: () => [Buffer.from(`PATTSyncDB = "${'a'.repeat(20 * MiB)}"`)] },
      { what: 'a 20 MB file without a length (chunked)', type: 'text/plain', chunked: true, chunks: () => Array.from({ length: 20 }, () => Buffer.alloc(MiB, 0x20)) },
      { what: 'a 20 MB JSON body', type: 'application/json', chunks: () => [Buffer.from(JSON.stringify({ ...goodJson(), pad: 'x'.repeat(20 * MiB) }))] },
      { what: 'a file of 2 MiB and one byte', type: 'text/plain', chunks: () => [Buffer.concat([Buffer.from(good()), Buffer.alloc(2 * MiB + 1 - Buffer.byteLength(good()), 0x20)])] },
    ];

    it('refuses each of at least 50 with a 4xx envelope that says what is wrong, applies nothing, and stays healthy', async () => {
      expect(cases.length + oversized.length).toBeGreaterThanOrEqual(50);
      const before = await appliedState();
      const failures: string[] = [];
      for (const c of cases) {
        const answer = await upload(c.body(), c.type === undefined ? 'text/plain' : c.type);
        const problems = [
          answer.status !== c.status && `status ${answer.status}, expected ${c.status}`,
          (answer.body.ok !== false || typeof answer.body.code !== 'string') && 'not a failure envelope',
          !c.says.test(answer.body.error ?? '') && `error does not match ${String(c.says)}`,
          c.located && typeof answer.body.details?.[0]?.['line'] !== 'number' && 'no line in details',
          c.located && typeof answer.body.details?.[0]?.['column'] !== 'number' && 'no column in details',
        ].filter(Boolean);
        if (problems.length > 0) failures.push(`${c.what}: ${problems.join('; ')} — ${JSON.stringify(answer.body).slice(0, 300)}`);
      }
      for (const c of oversized) {
        const chunks = c.chunks();
        const headers = { 'content-type': c.type, authorization: `Bearer ${h.officer}`, ...(c.chunked ? {} : { 'content-length': String(chunks.reduce((n, b) => n + b.length, 0)) }) };
        const answer = await postLargeBody(`${h.platform.gatewayUrl}${UPLOADS}`, headers, chunks);
        if (answer.status !== 413 || answer.body.ok !== false || !/^The request body is too large: the limit is 2 MiB\./.test(answer.body.error ?? '')) {
          failures.push(`${c.what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        }
      }
      expect(failures).toEqual([]);

      expect(await appliedState()).toEqual(before);
      const health = await fetch(`${h.platform.gatewayUrl}/health`);
      expect(((await health.json()) as { data: { services: { guildSync: string } } }).data.services.guildSync).toBe('up');
      // And it still takes a good file.
      expect(await applied(good({ note: 'Still here' }))).toMatchObject({ matched: 1, updated: 1, applied: true });
      expect((await notesOf(target()))?.guild_note).toBe('Still here');
    });
  });
});
