// The processes `npm start` runs, and the order in which Ctrl-C stops them: every platform service
// first (the Discord bot among them), then the Blizzard and Discord stand-ins those services talk
// to. Stopped the other way round, the bot would spend its shutdown reconnecting to a Discord that
// is gone ("Discord gateway reconnecting").
import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

export type ChildRole = 'service' | 'stand-in';

/** The part of a ChildProcess that stopping uses; tests hand in fakes. */
export interface StoppableChild {
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: 'exit', listener: () => void): unknown;
}

export interface ManagedChild<C extends StoppableChild = ChildProcess> {
  name: string;
  role: ChildRole;
  child: C;
}

/** How long a process may take over SIGTERM before it gets SIGKILL. */
export const STOP_GRACE_MS = 10_000;

/**
 * Starts a child in a process group of its own (`detached`), so the SIGINT a terminal sends to its
 * foreground group on Ctrl-C reaches the launcher alone, which then stops the children in order.
 * Without it every child got the signal at the same moment as the launcher, and the stand-ins were
 * gone before the bot had closed its connection.
 */
export function spawnChild(command: string, args: string[], options: Omit<SpawnOptions, 'detached'>): ChildProcess {
  return spawn(command, args, { ...options, detached: true });
}

/** The stop order: one phase per role, services before stand-ins; a phase stops all at once. */
export function stopPhases<C extends StoppableChild>(children: Array<ManagedChild<C>>): Array<Array<ManagedChild<C>>> {
  const order: ChildRole[] = ['service', 'stand-in'];
  return order.map((role) => children.filter((c) => c.role === role)).filter((phase) => phase.length > 0);
}

function running(child: StoppableChild): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopChild(child: StoppableChild, graceMs = STOP_GRACE_MS): Promise<void> {
  return new Promise((resolve) => {
    if (!running(child)) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Stops every child, phase after phase: a phase starts once every process of the one before has exited. */
export async function stopInOrder<C extends StoppableChild>(
  children: Array<ManagedChild<C>>,
  graceMs = STOP_GRACE_MS,
  onPhase: (names: string[]) => void = () => undefined,
): Promise<void> {
  for (const phase of stopPhases(children)) {
    onPhase(phase.map((c) => c.name));
    await Promise.all(phase.map((c) => stopChild(c.child, graceMs)));
  }
}

/** Last resort when the launcher exits without a clean stop (a crash): no child outlives it. */
export function killSurvivors(children: Array<ManagedChild<StoppableChild>>): void {
  for (const { child } of children) if (running(child)) child.kill('SIGKILL');
}
