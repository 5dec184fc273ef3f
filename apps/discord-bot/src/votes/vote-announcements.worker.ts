import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PassOutcome, SignalledLoop } from '@patt/persistence';
import { VoteAnnouncementsService } from './vote-announcements.service';

/**
 * Looks every half minute for vote announcements held too long for an earlier event of their
 * campaign (see HOLD_LIMIT_MS) and lets them go. In the usual case there are none: each event
 * releases what waited for it.
 */
@Injectable()
export class VoteAnnouncementsWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop = new SignalledLoop(() => this.pass(), { name: VoteAnnouncementsWorker.name, pollMs: 30_000 });

  constructor(private readonly announcements: VoteAnnouncementsService) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async pass(): Promise<PassOutcome> {
    await this.announcements.releaseOverdue();
    return 'idle';
  }
}
