// The lines the companion prints. One line per event, starting with the local time, in words an
// officer reads at a glance; pure, so their wording is tested.
import { UploadResult } from './upload';

/** "03:12:05", in the PC's own time zone: the officer compares it with their clock. */
export function clockTime(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** "2026-11-26 03:11 UTC": the export's own time, as the platform shows runs. */
export function exportTimeText(exportTime: number): string {
  const date = new Date(Math.floor(exportTime) * 1000);
  if (Number.isNaN(date.getTime())) return `time ${exportTime}`;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "1b2c3d4e…": enough of the run id to find the run in the platform's list. */
export function shortRunId(runId: string): string {
  return runId.length > 8 ? `${runId.slice(0, 8)}…` : runId;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function uploadedLine(at: Date, exportTime: number, memberCount: number, result: UploadResult): string {
  return (
    `${clockTime(at)} uploaded export of ${exportTimeText(exportTime)} (${plural(memberCount, 'member')}): ` +
    `${result.matched} matched, ${result.updated} updated, ${result.notFound} not found (run ${shortRunId(result.runId)})`
  );
}

export function skippedLine(at: Date, exportTime: number, lastUploaded: number, why: 'same' | 'older'): string {
  const reason = why === 'same' ? 'already uploaded' : `older than the last one uploaded (${exportTimeText(lastUploaded)})`;
  return `${clockTime(at)} skipped export of ${exportTimeText(exportTime)}: ${reason}`;
}

export function unreadableLine(at: Date, fileName: string, reason: string): string {
  return `${clockTime(at)} not uploaded: ${fileName} is not an export the platform can read: ${reason}`;
}

export function retryLine(at: Date, problem: string, delayMs: number, attempt: number): string {
  return `${clockTime(at)} ${problem}; retrying in ${seconds(delayMs)} (attempt ${attempt + 1})`;
}

export function refusedLine(at: Date, exportTime: number, status: number, sentence: string): string {
  return `${clockTime(at)} upload of export of ${exportTimeText(exportTime)} refused (${status}): ${sentence}`;
}

export function gaveUpLine(at: Date, exportTime: number, attempts: number, problem: string): string {
  return `${clockTime(at)} gave up on export of ${exportTimeText(exportTime)} after ${plural(attempts, 'attempt')}: ${problem}`;
}

/** "250 ms", "4 s", "1.5 s", "2 min": waits as a person says them. */
export function seconds(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} min`;
  const s = ms / 1000;
  return `${s >= 10 || Number.isInteger(s) ? Math.round(s) : s.toFixed(1)} s`;
}
