// Runs the addon's Lua test suite (tests/run.lua) under Lua 5.1, the Lua of the WoW client, so
// `npm test` covers the addon too. The suite also writes tests/out/PATTSync.lua, a SavedVariables
// file shaped like the one WoW writes, which the platform's parser must read back.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
// The platform's reader of this very file: what the addon writes, the upload endpoint must read.
import { readPattSyncExport } from '@patt/savedvariables';

const ADDON_ROOT = join(__dirname, '..');
const LUA = 'lua5.1';
const OUT_FILE = join(ADDON_ROOT, 'tests', 'out', 'PATTSync.lua');

interface LuaRun {
  status: number | null;
  output: string;
}

function runLuaTests(): LuaRun {
  // The suite rewrites this file; removing it first means the checks below see this run's output.
  rmSync(OUT_FILE, { force: true });
  const run = spawnSync(LUA, ['tests/run.lua'], { cwd: ADDON_ROOT, encoding: 'utf8', timeout: 60_000 });
  if (run.error) {
    if ((run.error as NodeJS.ErrnoException).code === 'ENOENT') {
      // Not a skip: without Lua the addon would ship untested.
      throw new Error(
        `${LUA} is not on PATH, so the PATTSync addon tests cannot run. ` +
          'Install the Debian package lua5.1 (apt-get install -y lua5.1) and run the tests again.',
      );
    }
    throw run.error;
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('PATTSync addon', () => {
  let run: LuaRun;

  beforeAll(() => {
    run = runLuaTests();
  });

  it('passes every Lua test under lua5.1', () => {
    if (run.status !== 0) {
      throw new Error(`${LUA} tests/run.lua exited with ${run.status}:\n${run.output}`);
    }
    const summary = /^(\d+) passed, (\d+) failed$/m.exec(run.output);
    expect(summary).not.toBeNull();
    const [, passed, failed] = summary!;
    expect(Number(passed)).toBeGreaterThan(0);
    expect(Number(failed)).toBe(0);
  });

  it('writes tests/out/PATTSync.lua the way WoW writes SavedVariables', () => {
    expect(existsSync(OUT_FILE)).toBe(true);
    const text = readFileSync(OUT_FILE, 'utf8');
    expect(text.startsWith('PATTSyncDB = {\n\t["lastExport"] = {\n')).toBe(true);
    expect(text.match(/^\t\t\t}, -- \[\d+\]$/gm)).toHaveLength(9);
    expect(text).toContain('\t\t["memberCount"] = 9,\n');
    expect(text).toContain('\t\t\t\t["name"] = "Лиса",\n');
  });

  it('is read by the platform parser (readPattSyncExport) with every member intact', () => {
    // 'reject' so a key the addon writes but the platform does not know fails here, not silently.
    const parsed = readPattSyncExport(readFileSync(OUT_FILE), { unknownKeys: 'reject' });
    expect(parsed.guildName).toBe('Pull All The Things');
    expect(parsed.addonVersion).toBe('1.0.0');
    expect(parsed.exportTimeISO).toBe('2026-11-26T12:00:01Z');
    expect(parsed.exportTime).toBe(Date.parse('2026-11-26T12:00:01Z') / 1000);
    expect(parsed.memberCount).toBe(9);
    expect(parsed.characters).toHaveLength(9);
    expect(parsed.characters[2]).toEqual({
      name: 'Лиса',
      realm: 'Гордунни',
      class: 'Mage',
      classFile: 'MAGE',
      level: 78,
      rank: 3,
      rankName: 'Member',
      zone: 'Orgrimmar',
      note: '',
      officerNote: '',
      isOnline: false,
      lastOnline: 1516,
      achievementPoints: 9800,
    });
    const byNameAndRealm = new Map(parsed.characters.map((c) => [`${c.name}-${c.realm}`, c]));
    expect(byNameAndRealm.get("Nodash-Sen'jin")?.isOnline).toBe(true);
    expect(byNameAndRealm.get('Arthas-Senjin')?.rank).toBe(2);
    expect(byNameAndRealm.get('Arthas-Area52')?.rank).toBe(4);
    expect(byNameAndRealm.get('Ædelwyn-KelThuzad')).toMatchObject({
      note: 'says "hi" \\o/ | tank',
      officerNote: 'line one\nline two',
      zone: '',
    });
  });
});
