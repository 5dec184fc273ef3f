import { BeforeApplicationShutdown, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Events } from 'discord.js';
import { CommitSignals, PassOutcome, SignalledLoop } from '@patt/persistence';
import { WorkSignal } from '../app/work-signals';
import { DiscordConnection } from './discord-connection';

/**
 * A worker that sends queued work to Discord (invite DMs, channel posts): its loop runs when
 * Discord is configured, wakes when a commit announces its kind of work and whenever the client
 * becomes ready (work queued while disconnected goes out then), polls every `pollMs` for retries,
 * passes while the client is not connected, and finishes its pass before the process stops.
 */
export abstract class DiscordSendingWorker implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: SignalledLoop;

  protected constructor(
    protected readonly connection: DiscordConnection,
    private readonly signals: CommitSignals,
    private readonly signal: WorkSignal,
    pollMs: number,
  ) {
    this.loop = new SignalledLoop(() => this.pass(), { name: new.target.name, pollMs });
  }

  onModuleInit(): void {
    this.signals.on(this.signal, () => this.loop.wake());
    this.connection.bind((client) => client.on(Events.ClientReady, () => this.loop.wake()));
  }

  onApplicationBootstrap(): void {
    if (this.connection.configured) this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One pass: nothing while Discord is not connected, else what `send` does. */
  async pass(): Promise<PassOutcome> {
    return this.connection.ready ? this.send() : 'idle';
  }

  /** Sends what is due; `more` when there may be more right away. */
  protected abstract send(): Promise<PassOutcome>;
}
