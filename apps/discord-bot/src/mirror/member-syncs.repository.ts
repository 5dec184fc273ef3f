import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { MemberSyncEntity, MemberSyncTrigger } from './member-sync.entity';

export interface MemberSyncCounts {
  memberCount: number;
  joinedCount: number;
  leftCount: number;
  updatedCount: number;
}

@Injectable()
export class MemberSyncsRepository {
  constructor(@InjectRepository(MemberSyncEntity) private readonly syncs: Repository<MemberSyncEntity>) {}

  async find(id: string): Promise<MemberSyncEntity | null> {
    return this.syncs.findOne({ where: { id } });
  }

  async start(id: string, trigger: MemberSyncTrigger, startedAt: Date): Promise<void> {
    await this.syncs.insert({ id, trigger, status: 'running', startedAt });
  }

  /** Queues an officer's sync for the replica that holds the gateway session (it runs it under this id). */
  async request(manager: EntityManager, id: string, trigger: MemberSyncTrigger): Promise<void> {
    await manager.getRepository(MemberSyncEntity).insert({ id, trigger, status: 'requested', startedAt: new Date() });
  }

  /** The oldest sync queued by a standby, if any. */
  async oldestRequested(): Promise<{ id: string; trigger: MemberSyncTrigger } | null> {
    const row = await this.syncs.findOne({ where: { status: 'requested' }, order: { startedAt: 'ASC' }, select: { id: true, trigger: true } });
    return row ? { id: row.id, trigger: row.trigger } : null;
  }

  /** A queued sync starts running; false when it is no longer queued. */
  async startRequested(id: string, startedAt: Date): Promise<boolean> {
    const result = await this.syncs.update({ id, status: 'requested' }, { status: 'running', startedAt });
    return (result.affected ?? 0) > 0;
  }

  async succeed(manager: EntityManager, id: string, counts: MemberSyncCounts): Promise<void> {
    await manager.getRepository(MemberSyncEntity).update({ id }, { status: 'succeeded', finishedAt: new Date(), ...counts });
  }

  async fail(id: string, error: string): Promise<void> {
    await this.syncs.update({ id }, { status: 'failed', finishedAt: new Date(), error: error.slice(0, 1000) });
  }

  /** Syncs left running by a process that died; called by the sync that holds the sync lock now. */
  async abandonOthers(id: string): Promise<number> {
    const result = await this.syncs
      .createQueryBuilder()
      .update()
      .set({ status: 'abandoned', finishedAt: () => 'now()' })
      .where('status = :running AND id <> :id', { running: 'running', id })
      .execute();
    return result.affected ?? 0;
  }

  /** Whether the mirror was ever filled by a full sync (the first one announces no member changes). */
  async anySucceeded(manager: EntityManager): Promise<boolean> {
    const found = await manager.getRepository(MemberSyncEntity).findOne({ where: { status: 'succeeded' }, select: { id: true } });
    return found !== null;
  }
}
