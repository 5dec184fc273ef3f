import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Events } from 'discord.js';
import { CommitSignals, PassOutcome, SignalledLoop } from '@patt/persistence';
import { DiscordConnection } from '../discord/discord-connection';
import { WorkSignal } from '../app/work-signals';
import { InviteDeliveryService } from './invite-delivery.service';

const INVITES_PER_PASS = 20;

/** Runs the invite DMs: when an invite is queued, and every half minute for retries. */
@Injectable()
export class InviteDeliveryWorker implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop = new SignalledLoop(() => this.pass(), { name: InviteDeliveryWorker.name, pollMs: 30_000 });

  constructor(
    private readonly connection: DiscordConnection,
    private readonly invites: InviteDeliveryService,
    private readonly signals: CommitSignals,
  ) {}

  onModuleInit(): void {
    this.signals.on(WorkSignal.InviteDeliveries, () => this.loop.wake());
    this.connection.bind((client) => client.on(Events.ClientReady, () => this.loop.wake()));
  }

  onApplicationBootstrap(): void {
    if (this.connection.configured) this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async pass(): Promise<PassOutcome> {
    if (!this.connection.ready) return 'idle';
    return (await this.invites.deliverPending(INVITES_PER_PASS)) === INVITES_PER_PASS ? 'more' : 'idle';
  }
}
