// PATTSync SavedVariables files as the addon writes them, for the companion's tests.
import { serializeSavedVariables, type LuaValue } from '@patt/savedvariables';

export interface ExportedMember {
  name: string;
  realm: string;
  level?: number;
  rank?: number;
  note?: string;
  officerNote?: string;
}

/** The file the addon writes for an export at `exportTime` (Unix seconds) of these members. */
export function pattSyncFile(exportTime: number, members: readonly ExportedMember[]): string {
  const characters = members.map((m) => ({
    name: m.name,
    realm: m.realm,
    class: 'Warrior',
    classFile: 'WARRIOR',
    level: m.level ?? 80,
    rank: m.rank ?? 4,
    rankName: `Rank ${m.rank ?? 4}`,
    zone: 'Dornogal',
    note: m.note ?? '',
    ...(m.officerNote === undefined ? {} : { officerNote: m.officerNote }),
    isOnline: false,
    lastOnline: '3 days',
    achievementPoints: 12_345,
  }));
  return serializeSavedVariables({
    PATTSyncDB: {
      lastExport: {
        exportTime,
        exportTimeISO: new Date(exportTime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        addonVersion: '1.0.0',
        guildName: 'Pull All The Things',
        memberCount: characters.length,
        characters: characters as unknown as LuaValue[],
      },
      lastExportTime: exportTime,
      totalExports: 1,
    },
  });
}

/** A few members no roster knows: enough for tests that do not care about matching. */
export function someMembers(count: number, note = 'Main'): ExportedMember[] {
  return Array.from({ length: count }, (_, i) => ({ name: `Member${String.fromCharCode(97 + (i % 26))}${i}`, realm: 'Area52', note: `${note} ${i}` }));
}
