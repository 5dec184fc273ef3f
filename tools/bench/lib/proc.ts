// Process facts from /proc (Linux): resident memory and CPU time of a process.
import { readdirSync, readFileSync } from 'node:fs';

export interface MemoryStatus {
  /** VmRSS: resident set now, KiB. */
  rssKib: number;
  /** VmHWM: the highest resident set so far, KiB. */
  peakKib: number;
}

export function memoryOf(pid: number): MemoryStatus | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssKib: field('VmRSS'), peakKib: field('VmHWM') };
  } catch {
    return null; // gone, or not Linux
  }
}

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** User + system CPU time a process has used so far, in ms (null when unreadable). */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU used by this process (the load generator, the bench itself), in ms. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** The pids of every process whose command name is `name` (e.g. the shared nats-server). */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export type PidGroups = Record<string, () => number[] | Promise<number[]>>;

/**
 * CPU used by groups of processes between `start()` and the call of the function it returns, as
 * a percentage of one core (200 % = both cores of a 2-core machine). Processes that appear in
 * between count from zero; the bench's own process is the group "bench".
 */
export async function cpuMeter(groups: PidGroups): Promise<() => Promise<Record<string, number>>> {
  const sample = async (): Promise<Map<string, Map<number, number>>> => {
    const result = new Map<string, Map<number, number>>();
    for (const [name, pids] of Object.entries(groups)) {
      const times = new Map<number, number>();
      for (const pid of await pids()) times.set(pid, cpuMsOf(pid) ?? 0);
      result.set(name, times);
    }
    return result;
  };
  const before = await sample();
  const ownBefore = ownCpuMs();
  const at = Date.now();
  return async () => {
    const after = await sample();
    const elapsed = Math.max(1, Date.now() - at);
    const shares: Record<string, number> = {};
    for (const [name, times] of after) {
      let used = 0;
      for (const [pid, time] of times) used += time - (before.get(name)?.get(pid) ?? 0);
      shares[name] = Math.round((100 * used) / elapsed);
    }
    shares['bench'] = Math.round((100 * (ownCpuMs() - ownBefore)) / elapsed);
    return shares;
  };
}

export function formatCpu(shares: Record<string, number>): string {
  return Object.entries(shares)
    .map(([name, share]) => `${name} ${share}`)
    .join(', ');
}
