import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withAdvisoryLock } from '@patt/persistence';

/** One Blizzard sync at a time across every replica: a Postgres session advisory lock. */
export const ROSTER_SYNC_LOCK = 'patt-guild-sync:roster-sync';

@Injectable()
export class SyncLock {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` holding the lock, or returns false at once when another session holds it. The
   * lock lives on its own connection, so a process that dies (even by SIGKILL) lets it go.
   */
  async tryHold(work: () => Promise<void>): Promise<boolean> {
    const outcome = await withAdvisoryLock(this.dataSource, ROSTER_SYNC_LOCK, work, { wait: false });
    return outcome.acquired;
  }
}
