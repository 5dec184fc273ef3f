// What the companion remembers between runs: the last export it uploaded, so that a restart (or
// the PC's) does not send the same export again. A small JSON file beside the archive, written
// atomically (temp file + rename) so a crash mid-write leaves the previous state, not half of one.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const STATE_FILE = 'last-upload.json';

export interface LastUpload {
  /** The platform it went to: a state for another platform does not count. */
  apiUrl: string;
  exportTime: number;
  uploadedAt: string;
  runId: string;
  /** The archive copy's file name. */
  archived: string | null;
}

export function statePath(archiveDir: string): string {
  return join(archiveDir, STATE_FILE);
}

/**
 * The last upload to this platform, or null: no state yet, a state for another platform, or a
 * file that is not ours (then the next upload replaces it, and says so through `problem`).
 */
export async function readLastUpload(archiveDir: string, apiUrl: string, problem: (sentence: string) => void = () => undefined): Promise<LastUpload | null> {
  let text: string;
  try {
    text = await readFile(statePath(archiveDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const state = parseState(text);
  if (!state) {
    problem(`${statePath(archiveDir)} is not a state file the companion wrote; it will be replaced after the next upload`);
    return null;
  }
  return state.apiUrl === apiUrl ? state : null;
}

function parseState(text: string): LastUpload | null {
  try {
    const value = JSON.parse(text) as Partial<LastUpload> | null;
    if (!value || typeof value.apiUrl !== 'string' || typeof value.exportTime !== 'number' || !Number.isFinite(value.exportTime)) return null;
    return {
      apiUrl: value.apiUrl,
      exportTime: value.exportTime,
      uploadedAt: typeof value.uploadedAt === 'string' ? value.uploadedAt : '',
      runId: typeof value.runId === 'string' ? value.runId : '',
      archived: typeof value.archived === 'string' ? value.archived : null,
    };
  } catch {
    return null;
  }
}

export async function writeLastUpload(archiveDir: string, state: LastUpload): Promise<void> {
  await mkdir(archiveDir, { recursive: true });
  const target = statePath(archiveDir);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, target);
}
