// The companion's loop on a real folder with a scripted platform (a fake fetch): what it sends,
// prints, archives and remembers. The real gateway is in test/companion.e2e.spec.ts.
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pattSyncFile, someMembers } from '../test/support/export-file';
import { Companion } from './companion';
import { CompanionOptions } from './options';
import { eventually } from '@patt/testing';
import { pause } from './settle';

const KEY = 'patt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const T0 = 1_795_694_400;

let root: string;
let options: CompanionOptions;
let lines: string[];
let sent: Array<{ url: string; exportTime: number }>;
let answers: Array<() => Response>;

const okAnswer = (runId: string) => () => Response.json({ ok: true, data: { runId, matched: 2, updated: 1, notFound: 1 } });

const fakeFetch: typeof fetch = async (input, init) => {
  const body = Buffer.from(init?.body as Buffer).toString('utf8');
  sent.push({ url: String(input), exportTime: Number(/\["exportTime"\] = (\d+)/.exec(body)?.[1]) });
  return (answers.shift() ?? okAnswer(`run-${sent.length}`))();
};

function companion(overrides: Partial<CompanionOptions> = {}): Companion {
  return new Companion(
    { ...options, ...overrides },
    { output: { info: (line) => lines.push(line), problem: (line) => lines.push(line) }, fetch: fakeFetch },
  );
}

function writeExport(exportTime: number): void {
  writeFileSync(join(root, 'PATTSync.lua.tmp'), pattSyncFile(exportTime, someMembers(3)));
  renameSync(join(root, 'PATTSync.lua.tmp'), options.file);
}

/** Polls every 20 ms; a failure says what the companion printed meanwhile. */
const until = (what: string, condition: () => boolean): Promise<boolean> =>
  eventually(what, condition, 15_000, 20).catch((error: Error) => {
    throw new Error(`${error.message}; lines:\n${lines.join('\n')}`);
  });

const archived = () => readdirSync(options.archiveDir).filter((name) => name.endsWith('.lua'));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'companion-loop-'));
  options = {
    file: join(root, 'PATTSync.lua'),
    apiUrl: 'https://patt.example.org',
    apiKey: KEY,
    apiKeySource: 'environment',
    archiveDir: join(root, 'archive'),
    pollIntervalMs: 100,
    settleMs: 50,
    maxRetryDelayMs: 100,
    once: true,
    watch: true,
  };
  lines = [];
  sent = [];
  answers = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('--once', () => {
  it('uploads a newer export, archives it and remembers it across runs', async () => {
    writeExport(T0);
    expect(await companion().once()).toBe(0);
    expect(sent).toEqual([{ url: 'https://patt.example.org/api/v1/guild-sync/addon-uploads', exportTime: T0 }]);
    expect(lines).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d uploaded export of 2026-11-26 12:00 UTC \(3 members\): 2 matched, 1 updated, 1 not found \(run run-1\)$/)]);
    expect(archived()).toEqual(['PATTSync-2026-11-26T12-00-00Z.lua']);

    lines = [];
    expect(await companion().once()).toBe(0);
    expect(sent).toHaveLength(1);
    expect(lines).toEqual([expect.stringMatching(/last upload: export of 2026-11-26 12:00 UTC \(run run-1\)$/), expect.stringMatching(/skipped export of .*: already uploaded$/)]);

    writeExport(T0 - 60);
    lines = [];
    expect(await companion().once()).toBe(0);
    expect(sent).toHaveLength(1);
    expect(lines[1]).toMatch(/skipped export of 2026-11-26 11:59 UTC: older than the last one uploaded \(2026-11-26 12:00 UTC\)$/);
  });

  it('does not send a file that fails to parse, and says why', async () => {
    writeFileSync(options.file, 'PATTSyncDB = {\n  ["lastExport"] = os.time(),\n}\n');
    expect(await companion().once()).toBe(1);
    expect(sent).toEqual([]);
    expect(lines).toEqual([expect.stringMatching(/not uploaded: PATTSync\.lua is not an export the platform can read: line 2, column \d+: /)]);
  });

  it('stops for good when the platform refuses the key', async () => {
    writeExport(T0);
    answers = [() => Response.json({ ok: false, error: 'The API key is not valid: it may have been deleted.', code: 'UNAUTHORIZED' }, { status: 401 })];
    expect(await companion().once()).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/upload of export of .* refused \(401\): The API key is not valid: it may have been deleted\.$/),
      expect.stringMatching(/stopping: the platform refuses this API key/),
    ]);
    expect(archived).toThrow(); // nothing written: the archive folder was never made
  });

  it('gives up after a few attempts and exits 1 while the platform stays down', async () => {
    writeExport(T0);
    answers = Array.from({ length: 10 }, () => () => new Response('down', { status: 503 }));
    expect(await companion({ maxRetryDelayMs: 100 }).once()).toBe(1);
    expect(sent).toHaveLength(6);
    expect(lines.filter((l) => / retrying in /.test(l))).toHaveLength(5);
    expect(lines.at(-1)).toMatch(/gave up on export of .* after 6 attempts: the platform answered 503$/);
  });
});

describe('watching', () => {
  it('sends each new export once however many signs of change it gets', async () => {
    const running = companion({ once: false });
    const done = running.watch();
    writeExport(T0);
    await until('an upload', () => lines.some((l) => l.includes('uploaded export')));
    await pause(400); // several polls see the same file again
    writeExport(T0 + 60);
    await until('the second upload', () => sent.length === 2);
    await pause(400);
    running.stop();
    expect(await done).toBe(0);
    expect(sent.map((s) => s.exportTime)).toEqual([T0, T0 + 60]);
    expect(lines.filter((l) => l.includes('skipped'))).toEqual([]);
    expect(archived()).toEqual(['PATTSync-2026-11-26T12-00-00Z.lua', 'PATTSync-2026-11-26T12-01-00Z.lua']);
  });

  it('while waiting for the platform, drops a file that a newer one replaced', async () => {
    writeExport(T0);
    answers = [() => new Response(JSON.stringify({ ok: false, error: 'Busy.', code: 'THROTTLED' }), { status: 429, headers: { 'retry-after': '3600' } })];
    const running = companion({ once: false });
    const done = running.watch();
    await until('the retry announced', () => lines.some((l) => l.includes('retrying in 60 min')));
    writeExport(T0 + 60);
    await until('an upload', () => lines.some((l) => l.includes('uploaded export')));
    running.stop();
    expect(await done).toBe(0);
    expect(sent.map((s) => s.exportTime)).toEqual([T0, T0 + 60]);
    expect(lines).toContainEqual(expect.stringMatching(/PATTSync\.lua changed while waiting for the platform; sending the new file instead$/));
    expect(archived()).toEqual(['PATTSync-2026-11-26T12-01-00Z.lua']);
  });

  it('ends with 1 when the key is refused, rather than refusing every export', async () => {
    writeExport(T0);
    answers = [() => Response.json({ ok: false, error: 'The API key is not valid.', code: 'UNAUTHORIZED' }, { status: 401 })];
    expect(await companion({ once: false }).watch()).toBe(1);
  });
});
