import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveName, archiveUpload } from './archive';
import { LastUpload, readLastUpload, statePath, writeLastUpload } from './state';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'companion-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const upload: LastUpload = { apiUrl: 'https://patt.example.org', exportTime: 1_795_694_401, uploadedAt: '2026-11-26T03:12:05.000Z', runId: 'run-1', archived: 'PATTSync-2026-11-26T12-00-01Z.lua' };

describe('the last-upload state', () => {
  it('is remembered across restarts, in a folder it creates', async () => {
    const archive = join(dir, 'nested', 'archive');
    expect(await readLastUpload(archive, upload.apiUrl)).toBeNull();
    await writeLastUpload(archive, upload);
    expect(await readLastUpload(archive, upload.apiUrl)).toEqual(upload);
    expect(readdirSync(archive)).toEqual(['last-upload.json']);
  });

  it('does not count for another platform', async () => {
    await writeLastUpload(dir, upload);
    expect(await readLastUpload(dir, 'https://other.example.org')).toBeNull();
  });

  it('says so, and starts afresh, when the file is not one it wrote', async () => {
    const problems: string[] = [];
    writeFileSync(statePath(dir), '{"exportTime": "yesterday"}');
    expect(await readLastUpload(dir, upload.apiUrl, (p) => problems.push(p))).toBeNull();
    writeFileSync(statePath(dir), 'not json');
    expect(await readLastUpload(dir, upload.apiUrl, (p) => problems.push(p))).toBeNull();
    expect(problems).toEqual([expect.stringMatching(/is not a state file the companion wrote/), expect.stringMatching(/is not a state file/)]);
  });
});

describe('the archive', () => {
  it('names each copy by the export\'s UTC time, in a form every system accepts and that sorts in order', () => {
    expect(archiveName(1_795_694_401)).toBe('PATTSync-2026-11-26T12-00-01Z.lua');
    expect(archiveName(1_795_694_401.7)).toBe('PATTSync-2026-11-26T12-00-01Z.lua');
    expect(archiveName(1e20)).toBe('PATTSync-100000000000000000000.lua');
    const names = [1_795_694_401, 1_700_000_000, 1_795_694_400].map(archiveName);
    expect([...names].sort()).toEqual([names[1], names[2], names[0]]);
  });

  it('keeps the exact bytes uploaded and no temporary files', async () => {
    const bytes = Buffer.from('PATTSyncDB = { ["x"] = "é" }\n', 'utf8');
    const name = await archiveUpload(join(dir, 'archive'), 1_795_694_401, bytes);
    expect(readFileSync(join(dir, 'archive', name)).equals(bytes)).toBe(true);
    expect(readdirSync(join(dir, 'archive'))).toEqual([name]);
  });
});
