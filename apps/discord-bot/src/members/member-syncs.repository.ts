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

  async start(id: string, trigger: MemberSyncTrigger, startedAt: Date): Promise<void> {
    await this.syncs.insert({ id, trigger, status: 'running', startedAt });
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
