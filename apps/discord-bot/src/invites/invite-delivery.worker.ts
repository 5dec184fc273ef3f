import { Injectable } from '@nestjs/common';
import { CommitSignals, PassOutcome } from '@patt/persistence';
import { DiscordConnection } from '../discord/discord-connection';
import { DiscordSendingWorker } from '../discord/sending-worker';
import { WorkSignal } from '../app/work-signals';
import { InviteDeliveryService } from './invite-delivery.service';

const INVITES_PER_PASS = 20;

/** Runs the invite DMs: when an invite is queued, and every half minute for retries. */
@Injectable()
export class InviteDeliveryWorker extends DiscordSendingWorker {
  constructor(
    connection: DiscordConnection,
    signals: CommitSignals,
    private readonly invites: InviteDeliveryService,
  ) {
    super(connection, signals, WorkSignal.InviteDeliveries, 30_000);
  }

  protected async send(): Promise<PassOutcome> {
    return (await this.invites.deliverPending(INVITES_PER_PASS)) === INVITES_PER_PASS ? 'more' : 'idle';
  }
}
