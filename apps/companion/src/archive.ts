// A dated copy of every uploaded file, named by the export's own time so that the folder lists
// the exports in order and a copy can be matched to the platform's run.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** PATTSync-2026-11-26T03-11-42Z.lua: the export's UTC time, with no characters Windows refuses. */
export function archiveName(exportTime: number): string {
  const date = new Date(Math.floor(exportTime) * 1000);
  // A time past the year 275760 cannot be a date; the number still names the copy uniquely.
  if (Number.isNaN(date.getTime())) return `PATTSync-${exportTime}.lua`;
  return `PATTSync-${date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}.lua`;
}

/** Writes the exact bytes that were uploaded; returns the copy's file name. */
export async function archiveUpload(archiveDir: string, exportTime: number, bytes: Buffer): Promise<string> {
  await mkdir(archiveDir, { recursive: true });
  const name = archiveName(exportTime);
  const temporary = join(archiveDir, `.${name}.${process.pid}.tmp`);
  await writeFile(temporary, bytes);
  await rename(temporary, join(archiveDir, name));
  return name;
}
