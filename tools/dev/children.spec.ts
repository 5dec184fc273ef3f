import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { ManagedChild, spawnChild, stopChild, stopInOrder, stopPhases, StoppableChild } from './children';

/** A process the test drives: it records the signals it gets and exits when the test says so. */
class FakeChild extends EventEmitter implements StoppableChild {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  constructor(
    readonly name: string,
    private readonly log: string[],
  ) {
    super();
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.log.push(`${this.name} ${signal}`);
    return true;
  }
  exit(): void {
    this.exitCode = 0;
    this.log.push(`${this.name} exited`);
    this.emit('exit', 0, null);
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('how npm start stops its processes', () => {
  function platform() {
    const log: string[] = [];
    const make = (name: string, role: 'service' | 'stand-in'): ManagedChild<FakeChild> => ({ name, role, child: new FakeChild(name, log) });
    // In the order the launcher starts them: the stand-ins come up before the services.
    const children = [make('blizzard', 'stand-in'), make('discord', 'stand-in'), make('auth', 'service'), make('discord-bot', 'service'), make('gateway', 'service')];
    const byName = (name: string) => children.find((c) => c.name === name)!.child;
    return { log, children, byName };
  }

  it('stops every service before any stand-in, whatever the order they were started in', () => {
    const { children } = platform();
    expect(stopPhases(children).map((phase) => phase.map((c) => c.name))).toEqual([
      ['auth', 'discord-bot', 'gateway'],
      ['blizzard', 'discord'],
    ]);
  });

  it('sends the stand-ins SIGTERM only once the last service (the Discord bot here) has exited', async () => {
    const { log, children, byName } = platform();
    const stopped = stopInOrder(children, 60_000);
    await flush();
    expect(log).toEqual(['auth SIGTERM', 'discord-bot SIGTERM', 'gateway SIGTERM']);

    byName('auth').exit();
    byName('gateway').exit();
    await flush();
    // The bot is still closing its Discord connection: its stand-in must still be there.
    expect(log.filter((line) => line.startsWith('discord '))).toEqual([]);

    byName('discord-bot').exit();
    await flush();
    expect(log.slice(-2)).toEqual(['blizzard SIGTERM', 'discord SIGTERM']);
    byName('blizzard').exit();
    byName('discord').exit();
    await stopped;
  });

  it('skips a process that has exited already, and kills one that ignores SIGTERM after the grace period', async () => {
    jest.useFakeTimers();
    try {
      const log: string[] = [];
      const gone = new FakeChild('gone', log);
      gone.exitCode = 1;
      await stopChild(gone, 1_000);
      expect(log).toEqual([]);

      const stubborn = new FakeChild('stubborn', log);
      const stopping = stopChild(stubborn, 1_000);
      jest.advanceTimersByTime(999);
      expect(log).toEqual(['stubborn SIGTERM']);
      jest.advanceTimersByTime(1);
      expect(log).toEqual(['stubborn SIGTERM', 'stubborn SIGKILL']);
      stubborn.exit();
      await stopping;
    } finally {
      jest.useRealTimers();
    }
  });

  it("starts each child in a process group of its own, so a terminal's Ctrl-C reaches the launcher alone", async () => {
    const child = spawnChild(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { stdio: 'ignore' });
    try {
      const groupOf = (pid: number) => execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      expect(groupOf(child.pid!)).toBe(String(child.pid));
      expect(groupOf(child.pid!)).not.toBe(groupOf(process.pid));
    } finally {
      await stopChild(child, 5_000);
    }
    expect(child.signalCode).toBe('SIGTERM');
  });
});
