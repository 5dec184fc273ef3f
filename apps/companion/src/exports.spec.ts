import { pattSyncFile, someMembers } from '../test/support/export-file';
import { freshness, readExport } from './exports';

describe('readExport', () => {
  it('reads the export time, member count and guild from the file the addon writes', () => {
    const bytes = Buffer.from(pattSyncFile(1_795_694_401, someMembers(3)));
    expect(readExport(bytes)).toEqual({
      kind: 'export',
      file: { bytes, exportTime: 1_795_694_401, memberCount: 3, guildName: 'Pull All The Things' },
    });
  });

  it('says where a file stops being a SavedVariables table', () => {
    const broken = pattSyncFile(1_795_694_401, someMembers(2)).replace('["level"] = 80', '["level"] = os.execute("x")');
    const read = readExport(Buffer.from(broken));
    expect(read.kind).toBe('unreadable');
    expect(read.kind === 'unreadable' && read.reason).toMatch(/^line \d+, column \d+: /);
  });

  it('says what an installed addon that never exported is missing', () => {
    expect(readExport(Buffer.from('PATTSyncDB = {\n}\n'))).toEqual({ kind: 'unreadable', reason: expect.stringMatching(/lastExport is missing: the addon has not exported yet/) });
  });

  it('refuses a half-written file (WoW still writing, or a crash)', () => {
    const whole = pattSyncFile(1_795_694_401, someMembers(5));
    expect(readExport(Buffer.from(whole.slice(0, Math.floor(whole.length / 2)))).kind).toBe('unreadable');
  });

  it('refuses an export with a mistyped field, naming it', () => {
    const mistyped = pattSyncFile(1_795_694_401, someMembers(1)).replace(/\["exportTime"\] = \d+/, '["exportTime"] = "yesterday"');
    expect(readExport(Buffer.from(mistyped))).toEqual({ kind: 'unreadable', reason: expect.stringContaining('exportTime') });
  });
});

describe('freshness', () => {
  it('sends the first export, and after that only strictly newer ones', () => {
    expect(freshness(100, null)).toBe('newer');
    expect(freshness(101, 100)).toBe('newer');
    expect(freshness(100, 100)).toBe('same');
    expect(freshness(99, 100)).toBe('older');
  });
});
