// What is in the file, and whether it is worth sending. The file is read with the platform's own
// bounded parser (@patt/savedvariables): a file the platform would refuse is not sent at all, and
// the officer hears why from the companion, with the line and column.
import { readFile } from 'node:fs/promises';
import { readPattSyncExport, SavedVariablesError } from '@patt/savedvariables';

export interface ExportFile {
  /** The exact bytes read: what is uploaded and archived. */
  bytes: Buffer;
  /** Unix seconds, from PATTSyncDB.lastExport.exportTime. */
  exportTime: number;
  memberCount: number;
  guildName: string;
}

export type ReadResult = { kind: 'export'; file: ExportFile } | { kind: 'unreadable'; reason: string };

/** Parses already-read bytes; never throws for bad content. */
export function readExport(bytes: Buffer): ReadResult {
  try {
    const exported = readPattSyncExport(bytes);
    return {
      kind: 'export',
      file: { bytes, exportTime: exported.exportTime, memberCount: exported.characters.length, guildName: exported.guildName },
    };
  } catch (error) {
    if (error instanceof SavedVariablesError) return { kind: 'unreadable', reason: error.message };
    throw error;
  }
}

export async function readExportFile(path: string): Promise<ReadResult> {
  return readExport(await readFile(path));
}

export type Freshness = 'newer' | 'same' | 'older';

/**
 * Whether an export should go up, given the last one that did (null: none yet). Only a strictly
 * newer export is sent: WoW rewrites the file at every logout and /reload, usually with the same
 * export in it, and the platform ignores older ones anyway.
 */
export function freshness(exportTime: number, lastUploaded: number | null): Freshness {
  if (lastUploaded === null || exportTime > lastUploaded) return 'newer';
  return exportTime === lastUploaded ? 'same' : 'older';
}
