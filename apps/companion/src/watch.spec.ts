// The watcher on a real folder: WoW's way of replacing the file, polling alone, a folder that
// appears late and a folder that is replaced.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@patt/testing';
import { pause } from './settle';
import { SavedVariablesWatcher } from './watch';

let root: string;
let watcher: SavedVariablesWatcher | null;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'companion-watch-'));
  watcher = null;
});
afterEach(() => {
  watcher?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** A watcher on <dir>/PATTSync.lua recording each sign of change and each problem. */
async function watchFile(dir: string, options: { pollIntervalMs: number; useEvents: boolean }) {
  const changes: Array<'event' | 'poll'> = [];
  const problems: string[] = [];
  watcher = new SavedVariablesWatcher({ file: join(dir, 'PATTSync.lua'), ...options, onChange: (why) => changes.push(why), onProblem: (p) => problems.push(p) });
  await watcher.start();
  return { changes, problems, watcher };
}

/** As WoW saves: the new file is written beside the old one, then renamed over it. */
function replaceAtomically(dir: string, text: string): void {
  writeFileSync(join(dir, 'PATTSync.lua.tmp'), text);
  renameSync(join(dir, 'PATTSync.lua.tmp'), join(dir, 'PATTSync.lua'));
}

/** Polls every 20 ms, as the watcher's own tests need it (fs events come within milliseconds). */
const until = (what: string, condition: () => boolean) => eventually(what, condition, 10_000, 20);

describe('SavedVariablesWatcher', () => {
  it('hears a file replaced by rename, and again after that (the watch is on the folder, not the old file)', async () => {
    writeFileSync(join(root, 'PATTSync.lua'), 'first');
    const { changes, watcher: w } = await watchFile(root, { pollIntervalMs: 60_000, useEvents: true });
    expect(w.armed).toBe(true);
    replaceAtomically(root, 'second');
    await until('a change heard', () => changes.includes('event'));
    changes.length = 0;
    replaceAtomically(root, 'third');
    await until('a change heard', () => changes.includes('event'));
  });

  it('ignores other files in the folder', async () => {
    const { changes } = await watchFile(root, { pollIntervalMs: 60_000, useEvents: true });
    writeFileSync(join(root, 'Blizzard_Something.lua'), 'x');
    writeFileSync(join(root, 'PATTSync.lua.bak'), 'x');
    await pause(300);
    expect(changes).toEqual([]);
  });

  it('finds a replaced file by polling alone, once per change', async () => {
    writeFileSync(join(root, 'PATTSync.lua'), 'first');
    const { changes, watcher: w } = await watchFile(root, { pollIntervalMs: 100, useEvents: false });
    expect(w.armed).toBe(false);
    await pause(300);
    expect(changes).toEqual([]);
    replaceAtomically(root, 'second, longer');
    await until('the change found by polling', () => changes.length > 0);
    await pause(300);
    expect(changes).toEqual(['poll']);
  });

  it('waits for a folder that does not exist yet, saying so once, then picks the file up', async () => {
    const dir = join(root, 'SavedVariables');
    const { changes, problems, watcher: w } = await watchFile(dir, { pollIntervalMs: 100, useEvents: true });
    await pause(350);
    expect(problems).toEqual([`the folder ${dir} does not exist yet; waiting for it`]);
    mkdirSync(dir);
    await until('the watch on the new folder', () => w.armed);
    writeFileSync(join(dir, 'PATTSync.lua'), 'first');
    await until('a change heard', () => changes.includes('event'));
  });

  it('watches the new folder when the folder itself is replaced', async () => {
    const dir = join(root, 'SavedVariables');
    mkdirSync(dir);
    const { changes } = await watchFile(dir, { pollIntervalMs: 100, useEvents: true });
    renameSync(dir, join(root, 'SavedVariables.old'));
    mkdirSync(dir);
    await pause(350); // a poll or two: the watch moves to the new folder
    changes.length = 0;
    replaceAtomically(dir, 'in the new folder');
    await until('a change heard', () => changes.includes('event'));
  });
});
