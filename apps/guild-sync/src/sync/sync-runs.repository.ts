import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, MoreThanOrEqual, Repository } from 'typeorm';
import { SyncRunCounts, SyncRunProgress, SyncSource, SyncTrigger } from '@patt/contracts';
import { ACTIVE_STATUSES, NO_COUNTS, SyncRunEntity } from './sync-run.entity';

/** How a run that got as far as storing its roster ended. */
export interface SyncRunOutcome {
  status: 'succeeded' | 'partial';
  counts: SyncRunCounts;
  progress: SyncRunProgress;
  error: string | null;
}

@Injectable()
export class SyncRunsRepository {
  constructor(@InjectRepository(SyncRunEntity) private readonly runs: Repository<SyncRunEntity>) {}

  create(source: SyncSource, trigger: SyncTrigger): Promise<SyncRunEntity> {
    return this.runs.save(
      this.runs.create({
        id: randomUUID(),
        source,
        trigger,
        status: 'queued',
        progressDone: 0,
        progressTotal: 0,
        counts: { ...NO_COUNTS },
        error: null,
        startedAt: null,
        finishedAt: null,
      }),
    );
  }

  async markRunning(id: string): Promise<void> {
    await this.runs.update({ id, status: 'queued' }, { status: 'running', startedAt: () => 'now()' });
  }

  async recordProgress(id: string, progress: SyncRunProgress): Promise<void> {
    await this.runs.update({ id, status: 'running' }, { progressDone: progress.done, progressTotal: progress.total });
  }

  /** Closes a running run in the transaction that stored its roster; throws if it is no longer running. */
  async finish(manager: EntityManager, id: string, outcome: SyncRunOutcome): Promise<void> {
    const result = await manager.getRepository(SyncRunEntity).update(
      { id, status: 'running' },
      {
        status: outcome.status,
        counts: outcome.counts,
        progressDone: outcome.progress.done,
        progressTotal: outcome.progress.total,
        error: outcome.error,
        finishedAt: () => 'now()',
      },
    );
    if (result.affected !== 1) throw new Error(`sync run ${id} is no longer running; its roster is not stored`);
  }

  async fail(id: string, error: string): Promise<void> {
    await this.runs.update({ id, status: In([...ACTIVE_STATUSES]) }, { status: 'failed', error, finishedAt: () => 'now()' });
  }

  /** Marks runs left active by a process that died as failed; only call it holding the sync lock. */
  async failUnfinished(source: SyncSource, error: string): Promise<string[]> {
    const result = await this.runs
      .createQueryBuilder()
      .update()
      .set({ status: 'failed', error, finishedAt: () => 'now()' })
      .where({ source, status: In([...ACTIVE_STATUSES]) })
      .returning('id')
      .execute();
    return (result.raw as Array<{ id: string }>).map((row) => row.id);
  }

  active(source: SyncSource): Promise<SyncRunEntity | null> {
    return this.runs.findOne({ where: { source, status: In([...ACTIVE_STATUSES]) }, order: { createdAt: 'DESC' } });
  }

  latest(source: SyncSource): Promise<SyncRunEntity | null> {
    return this.runs.findOne({ where: { source }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  find(id: string): Promise<SyncRunEntity | null> {
    return this.runs.findOneBy({ id });
  }

  /** Newest first. */
  page(limit: number, offset: number): Promise<[SyncRunEntity[], number]> {
    return this.runs.findAndCount({ order: { createdAt: 'DESC', id: 'DESC' }, take: limit, skip: offset });
  }

  createdSince(trigger: SyncTrigger, since: Date): Promise<boolean> {
    return this.runs.exists({ where: { trigger, createdAt: MoreThanOrEqual(since) } });
  }

  /** Whether any run of `source`, whatever started it, was created since `since`. */
  anyCreatedSince(source: SyncSource, since: Date): Promise<boolean> {
    return this.runs.exists({ where: { source, createdAt: MoreThanOrEqual(since) } });
  }
}
