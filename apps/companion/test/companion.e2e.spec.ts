// The companion against the real platform: the gateway, auth (for the API key) and guild-sync as
// their own processes, the roster from a Blizzard sync against the stand-in, and the companion
// run as `npm run companion` runs it. Each test watches a SavedVariables folder of its own; the
// exports' times only grow through the suite, as the platform keeps the newest it has applied.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BlizzardStandIn, generateGuild, startPlatform, type StandInCharacter, type TestPlatform, WORKSPACE_ROOT } from '@patt/testing';
import { archiveName } from '../src/archive';
import { pause } from '../src/settle';
import { CompanionProcess, startCompanion } from './support/companion-process';
import { ExportedMember, pattSyncFile } from './support/export-file';

jest.setTimeout(120_000);

const CLIENT_ID = 'companion-test-client';
const CLIENT_SECRET = 'companion-test-secret';
const EXPORTED = 10;

interface AddonRun {
  id: string;
  source: string;
  trigger: string;
  status: string;
}

let blizzard: BlizzardStandIn;
let platform: TestPlatform;
let db: Client;
let apiKey: string;
let members: StandInCharacter[];
let guildRealm: string;
let officer: string;
let exportClock = Date.parse('2026-11-26T12:00:00Z') / 1000;
const companions: CompanionProcess[] = [];
const folders: string[] = [];

/** The next export's time: ten minutes after the last, so each prints a different minute. */
const nextExportTime = () => (exportClock += 600);

/** "2026-11-26 12:10 UTC", as the companion prints an export's time. */
const printed = (exportTime: number) => `${new Date(exportTime * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The guild's first members as the game exports them (its own realm as displayed, others squashed), plus one stranger. */
function exportOf(exportTime: number): string {
  const known: ExportedMember[] = members.slice(0, EXPORTED).map((m, i) => ({
    name: m.name,
    realm: m.realm.slug === guildRealm ? m.realm.name : m.realm.name.replace(/[\s'’]/g, ''),
    level: m.level,
    rank: m.rank,
    note: `Main ${i} as of ${exportTime}`,
  }));
  return pattSyncFile(exportTime, [...known, { name: 'Nobodyhere', realm: 'Area52', note: 'not in the guild' }]);
}

/** As WoW saves: the whole new file beside the old one, then renamed over it. */
function replaceAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** The slow way: the old file moved to .bak, the new one written in two pieces with a pause between. */
async function rewriteInPieces(file: string, text: string): Promise<void> {
  renameSync(file, `${file}.bak`);
  const half = Math.floor(text.length / 2);
  writeFileSync(file, text.slice(0, half));
  await pause(200);
  writeFileSync(file, text, { flag: 'w' });
}

/** A SavedVariables folder and an archive folder of the test's own. */
function folder(): { file: string; archive: string } {
  const root = mkdtempSync(join(tmpdir(), 'companion-e2e-'));
  folders.push(root);
  mkdirSync(join(root, 'SavedVariables'));
  return { file: join(root, 'SavedVariables', 'PATTSync.lua'), archive: join(root, 'archive') };
}

function companion(where: { file: string; archive: string }, extra: string[] = [], env: Record<string, string> = { PATT_API_KEY: apiKey }): CompanionProcess {
  const args = ['--file', where.file, '--api-url', platform.gatewayUrl, '--archive-dir', where.archive, '--settle', '400ms', '--poll-interval', '250ms', '--max-retry-delay', '1s', ...extra];
  const started = startCompanion(args, env);
  companions.push(started);
  return started;
}

/** The copies in an archive folder, oldest first; none when the folder was never made. */
const archived = (archive: string) => (existsSync(archive) ? readdirSync(archive).filter((name) => name.endsWith('.lua')).sort() : []);

async function api<T>(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; data: T }> {
  const response = await fetch(`${platform.gatewayUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const envelope = (await response.json()) as { ok: boolean; data: T };
  if (!envelope.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(envelope)}`);
  return { status: response.status, data: envelope.data };
}

async function addonRuns(): Promise<AddonRun[]> {
  const { data } = await api<{ items: AddonRun[] }>('/api/v1/guild-sync/runs?limit=500', { token: officer });
  return data.items.filter((run) => run.source === 'addon');
}

/** The run a printed line names ("(run 1b2c3d4e…)"). */
function runOf(line: string, runs: AddonRun[]): AddonRun {
  const prefix = /\(run ([0-9a-f]{8})…\)$/.exec(line)?.[1];
  const found = runs.filter((run) => prefix && run.id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`no single run for "${line}" among ${runs.map((r) => r.id).join(', ')}`);
  return found[0] as AddonRun;
}

async function syncRoster(): Promise<void> {
  const { data: run } = await api<{ id: string }>('/api/v1/guild-sync/runs', { method: 'POST', token: officer, body: {} });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { data } = await api<{ status: string }>(`/api/v1/guild-sync/runs/${run.id}`, { token: officer });
    if (data.status === 'succeeded') return;
    if (data.status === 'failed' || data.status === 'partial' || Date.now() > deadline) throw new Error(`the roster sync ended ${data.status}`);
    await pause(150);
  }
}

beforeAll(async () => {
  blizzard = await BlizzardStandIn.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, guild: generateGuild({ size: 30, seed: 21 }), ratePerSecond: 200 });
  guildRealm = blizzard.guild.realm.slug;
  members = blizzard.guild.members();
  platform = await startPlatform({
    apps: ['auth', 'guild-sync'],
    env: {
      'guild-sync': {
        BLIZZARD_CLIENT_ID: CLIENT_ID,
        BLIZZARD_CLIENT_SECRET: CLIENT_SECRET,
        BLIZZARD_API_URL: blizzard.url,
        BLIZZARD_OAUTH_URL: blizzard.oauthUrl,
        BLIZZARD_RATE_PER_SECOND: '200',
        GUILD_REALM_SLUG: guildRealm,
        GUILD_NAME_SLUG: 'pull-all-the-things',
        SYNC_CRON: '0 3 * * *',
      },
    },
  }).catch(async (error: unknown) => {
    await blizzard.close();
    throw error;
  });
  db = new Client({ connectionString: platform.db.adminUrl });
  await db.connect();
  officer = platform.token({ rank: 4, username: 'officer' });
  await syncRoster();
  // The key an officer creates for the companion, through the API, signed in as a real account.
  const { data: login } = await api<{ accessToken: string }>('/api/v1/auth/login', { method: 'POST', body: { username: 'guildmaster', password: 'correct horse battery' } });
  const created = await api<{ key: string }>('/api/v1/auth/api-keys', { method: 'POST', token: login.accessToken, body: { name: 'companion on the raid PC' } });
  expect(created.status).toBe(201);
  apiKey = created.data.key;
});

afterEach(async () => {
  // A test that stopped services and failed before restarting them leaves the platform whole for the next.
  for (const app of ['guild-sync', 'gateway'] as const) {
    const child = platform.services.get(app)?.child;
    if (child && (child.exitCode !== null || child.signalCode !== null)) await platform.start(app);
  }
  const running = companions.splice(0);
  await Promise.all(running.map((c) => c.stop()));
  // Whatever happened, the key was never printed.
  for (const c of running) expect(c.lines.filter((line) => line.includes(apiKey))).toEqual([]);
});

afterAll(async () => {
  await db?.end().catch(() => undefined);
  await platform?.stop();
  await blizzard?.close();
  for (const root of folders) rmSync(root, { recursive: true, force: true });
});

describe('the companion against the real platform', () => {
  it('uploads the export on disk, then each export WoW writes, once each and in order, archiving each', async () => {
    const where = folder();
    const times = [nextExportTime(), nextExportTime(), nextExportTime(), nextExportTime()];
    const texts = times.map(exportOf);
    replaceAtomically(where.file, texts[0] as string);
    const c = companion(where);
    await c.waitForLine(new RegExp(`uploaded export of ${printed(times[0] as number)}`));
    replaceAtomically(where.file, texts[1] as string);
    await c.waitForLine(new RegExp(`uploaded export of ${printed(times[1] as number)}`));
    await rewriteInPieces(where.file, texts[2] as string);
    await c.waitForLine(new RegExp(`uploaded export of ${printed(times[2] as number)}`));
    replaceAtomically(where.file, texts[3] as string);
    await c.waitForLine(new RegExp(`uploaded export of ${printed(times[3] as number)}`));
    await pause(1_500); // several polls and settles: nothing is sent twice

    const uploads = c.lines.filter((line) => line.includes(' uploaded export of '));
    expect(uploads).toHaveLength(4);
    uploads.forEach((line, i) => {
      expect(line).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d uploaded export of ${printed(times[i] as number)} \\(11 members\\): 10 matched, 10 updated, 1 not found \\(run [0-9a-f]{8}…\\)$`));
    });
    expect(c.lines.filter((line) => /skipped|not uploaded|retrying/.test(line))).toEqual([]);

    expect(archived(where.archive)).toEqual(times.map(archiveName));
    times.forEach((time, i) => expect(readFileSync(join(where.archive, archiveName(time)), 'utf8')).toBe(texts[i]));

    const runs = await addonRuns();
    const printedRuns = uploads.map((line) => runOf(line, runs));
    expect(new Set(printedRuns.map((r) => r.id)).size).toBe(4);
    for (const run of printedRuns) expect(run).toMatchObject({ source: 'addon', trigger: 'upload', status: 'succeeded' });
    const { rows } = await db.query<{ guild_note: string }>('SELECT guild_note FROM guild_sync.characters WHERE blizzard_id = $1', [members[0]!.id]);
    expect(rows[0]?.guild_note).toBe(`Main 0 as of ${times[3]}`);
  });

  it('does not send an older export, nor the same one again after a restart', async () => {
    const where = folder();
    const time = nextExportTime();
    replaceAtomically(where.file, exportOf(time));
    const first = companion(where);
    await first.waitForLine(/uploaded export of/);
    expect(await first.stop()).toBe(0);
    expect(first.lines.at(-1)).toMatch(/^\d\d:\d\d:\d\d stopped$/);
    const runsBefore = (await addonRuns()).length;

    const again = companion(where);
    await again.waitForLine(new RegExp(`last upload: export of ${printed(time)} \\(run [0-9a-f]{8}…\\)$`));
    await again.waitForLine(new RegExp(`skipped export of ${printed(time)}: already uploaded$`));
    const older = time - 300;
    replaceAtomically(where.file, exportOf(older));
    await again.waitForLine(new RegExp(`skipped export of ${printed(older)}: older than the last one uploaded \\(${printed(time)}\\)$`));
    await pause(1_000);

    expect(again.lines.filter((line) => line.includes('uploaded export'))).toEqual([]);
    expect((await addonRuns()).length).toBe(runsBefore);
    expect(archived(where.archive)).toEqual([archiveName(time)]);
  });

  it('keeps trying while the platform is down and uploads once it is back', async () => {
    const where = folder();
    const time = nextExportTime();
    replaceAtomically(where.file, exportOf(time));
    const countAddonRuns = async () => Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM guild_sync.sync_runs WHERE source = 'addon'")).rows[0]?.n);
    const runsBefore = await countAddonRuns();
    await platform.services.get('gateway')!.stop();
    await platform.services.get('guild-sync')!.stop();

    const c = companion(where);
    await c.waitForLine(/the platform is unreachable \(ECONNREFUSED\); retrying in \d+ ms \(attempt 2\)$/);
    await c.waitForLine(/the platform is unreachable \(ECONNREFUSED\); retrying in \d+ ms \(attempt 3\)$/);

    // The gateway back, guild-sync still down: the gateway answers 503 and the companion waits on.
    await platform.start('gateway');
    const from = c.lines.length;
    await c.waitForLine(/the platform answered 503: .+; retrying in/, { from, timeoutMs: 30_000 });
    expect(c.lines.filter((line) => line.includes('uploaded export'))).toEqual([]);

    await platform.start('guild-sync');
    const uploaded = await c.waitForLine(new RegExp(`uploaded export of ${printed(time)} \\(11 members\\): 10 matched, 10 updated, 1 not found`), { timeoutMs: 60_000 });
    expect(await countAddonRuns()).toBe(runsBefore + 1);
    expect(runOf(uploaded, await addonRuns())).toMatchObject({ status: 'succeeded' });
    expect(archived(where.archive)).toEqual([archiveName(time)]);
  });

  it('by polling alone, waits for the file, says why a broken one is not sent, then sends a good one', async () => {
    const where = folder();
    const c = companion(where, ['--no-watch']);
    await c.waitForLine(/watching .*PATTSync\.lua \(a look every 250 ms\)$/);
    await c.waitForLine(/PATTSync\.lua is not there yet/);
    replaceAtomically(where.file, 'PATTSyncDB = {\n  ["lastExport"] = os.time(),\n}\n');
    await c.waitForLine(/not uploaded: PATTSync\.lua is not an export the platform can read: line 2, column \d+: /);
    const time = nextExportTime();
    replaceAtomically(where.file, exportOf(time));
    await c.waitForLine(new RegExp(`uploaded export of ${printed(time)}`));
    expect(archived(where.archive)).toEqual([archiveName(time)]);
  });

  it('with --once, uploads and exits 0; with a key the platform refuses, passes on its sentence and exits 1', async () => {
    const where = folder();
    const time = nextExportTime();
    replaceAtomically(where.file, exportOf(time));
    const once = companion(where, ['--once']);
    expect(await once.exited).toBe(0);
    expect(once.stdout.filter((line) => line.includes('uploaded export of'))).toHaveLength(1);

    const wrongKey = 'patt_this-key-was-never-issued-by-the-platform-00';
    const elsewhere = folder();
    replaceAtomically(elsewhere.file, exportOf(nextExportTime()));
    const refused = companion(elsewhere, ['--once'], { PATT_API_KEY: wrongKey });
    expect(await refused.exited).toBe(1);
    expect(refused.stderr).toContainEqual(expect.stringMatching(/refused \(401\): .+/));
    expect(refused.lines.filter((line) => line.includes(wrongKey))).toEqual([]);
    expect(refused.lines).toContainEqual(expect.stringContaining('with API key …m-00;'));
    expect(archived(elsewhere.archive)).toEqual([]);
  });

  it('runs as npm run companion, and refuses bad options with one sentence and exit code 2', () => {
    const result = spawnSync('npm', ['run', '--silent', 'companion', '--', '--file', 'x.lua', '--api-url', 'https://p.example', '--poll-interval', 'often'], {
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PATT_API_KEY: apiKey },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['companion: --poll-interval must be a duration such as 5s or 500ms, not "often".']);
    expect(result.stdout).toBe('');
  });
});
