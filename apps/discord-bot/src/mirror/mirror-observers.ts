import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Work other features do when the mirror changes (role sync re-checks members who arrive, and
 * everyone after a full sync). The mirror does not know who listens.
 */
export interface MirrorObserver {
  /** In the transaction that records the arrival. */
  memberArrived?(manager: EntityManager, userId: string): Promise<void>;
  /** After a full sync committed (in a transaction of the observer's own). */
  fullSyncApplied?(): Promise<void>;
}

@Injectable()
export class MirrorObservers {
  private readonly observers: MirrorObserver[] = [];

  add(observer: MirrorObserver): void {
    this.observers.push(observer);
  }

  async memberArrived(manager: EntityManager, userId: string): Promise<void> {
    for (const observer of this.observers) await observer.memberArrived?.(manager, userId);
  }

  async fullSyncApplied(): Promise<void> {
    for (const observer of this.observers) await observer.fullSyncApplied?.();
  }
}
