import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IntegrityRunResult, MatchingRunResult } from '@patt/contracts';
import { lockMembership } from '../common/identity-lock';
import { IntegrityRunService } from './integrity-run.service';
import { MatchingRequestsRepository } from './matching-requests.repository';
import { MatchingRunService, RunTrigger } from './matching-run.service';
import { membershipsOf } from './world';
import { WorldRepository } from './world.repository';

export interface FullRunResult {
  matching: MatchingRunResult;
  integrity: IntegrityRunResult;
}

/**
 * The runs: matching followed by the integrity checks, in ONE transaction under the membership
 * lock, so the issues always describe the links just made, and the links, suggestions, issues
 * and every announcement about them commit (or fail) together.
 */
@Injectable()
export class IdentityRuns {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly world: WorldRepository,
    private readonly matching: MatchingRunService,
    private readonly integrity: IntegrityRunService,
    private readonly requests: MatchingRequestsRepository,
  ) {}

  /** Matches and checks now. */
  async matchAndCheck(trigger: RunTrigger): Promise<FullRunResult> {
    return this.dataSource.transaction(async (manager) => {
      await lockMembership(manager);
      return this.runIn(manager, trigger);
    });
  }

  /**
   * The worker's run: serves the requests waiting up to `upToId`, taken in the run's transaction;
   * null (nothing done) when another replica served them meanwhile.
   */
  async serveRequests(upToId: string): Promise<FullRunResult | null> {
    return this.dataSource.transaction(async (manager) => {
      await lockMembership(manager);
      if ((await this.requests.take(manager, upToId)).length === 0) return null;
      return this.runIn(manager, 'events');
    });
  }

  /** The integrity checks alone, on the links as they are. */
  async check(): Promise<IntegrityRunResult> {
    return this.dataSource.transaction(async (manager) => {
      await lockMembership(manager);
      const world = await this.world.load(manager);
      return this.integrity.run(manager, world, membershipsOf(world));
    });
  }

  private async runIn(manager: EntityManager, trigger: RunTrigger): Promise<FullRunResult> {
    const world = await this.world.load(manager);
    const matching = await this.matching.run(manager, world, trigger);
    const integrity = await this.integrity.run(manager, world, matching.memberships);
    return { matching: matching.result, integrity };
  }

  /** When the last run finished; null before the first. */
  async lastRunAt(): Promise<Date | null> {
    const [row] = (await this.dataSource.query('SELECT max(finished_at) AS at FROM matching_runs')) as Array<{ at: Date | null }>;
    return row?.at ?? null;
  }
}
