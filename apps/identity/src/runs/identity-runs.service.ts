import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IntegrityRunResult, MatchingRunResult } from '@patt/contracts';
import { Metrics } from '@patt/service-kit';
import { BattlenetClaimsService } from '../battlenet/battlenet-claims.service';
import { lockMembership } from '../common/identity-lock';
import { IntegrityRunService } from './integrity-run.service';
import { MatchingRequestsRepository } from '../common/matching-requests.repository';
import { MatchingRunService, RunTrigger } from './matching-run.service';
import { MatchingRunsRepository } from './matching-runs.repository';
import { membershipsOf } from './world';
import { WorldRepository } from './world.repository';

export interface FullRunResult {
  matching: MatchingRunResult;
  integrity: IntegrityRunResult;
}

const TRIGGERS: readonly RunTrigger[] = ['events', 'officer', 'schedule'];
type RunOutcome = 'applied' | 'failed';

/**
 * `patt_matching_run_duration_seconds{trigger}` and `patt_matching_runs_total{trigger, outcome}`:
 * each run of matching and the integrity checks, from the membership lock taken to its transaction's
 * commit (`applied`) or rollback (`failed`); a worker's look that found its requests served by
 * another replica is no run. Every trigger is there from the start, at 0.
 */
function runMetrics(metrics: Metrics) {
  const duration = metrics.histogram({
    name: 'patt_matching_run_duration_seconds',
    help: 'Matching runs (with the integrity checks after them) that committed, by trigger (events, officer, schedule), from the membership lock to the commit.',
    labelNames: ['trigger'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  });
  const runs = metrics.counter({
    name: 'patt_matching_runs_total',
    help: 'Matching runs, by trigger (events, officer, schedule) and outcome (applied: committed; failed: rolled back, nothing of it kept).',
    labelNames: ['trigger', 'outcome'],
  });
  for (const trigger of TRIGGERS) {
    duration.zero({ trigger });
    for (const outcome of ['applied', 'failed'] as const) runs.inc({ trigger, outcome }, 0);
  }
  return (trigger: RunTrigger, outcome: RunOutcome, startedAt: number | null) => {
    runs.inc({ trigger, outcome });
    if (outcome === 'applied' && startedAt !== null) duration.observe({ trigger }, (performance.now() - startedAt) / 1000);
  };
}

/**
 * The runs: matching followed by the integrity checks, in ONE transaction under the membership
 * lock, so the issues always describe the links just made, and the links, suggestions, issues
 * and every announcement about them commit (or fail) together.
 */
@Injectable()
export class IdentityRuns {
  private readonly ended?: (trigger: RunTrigger, outcome: RunOutcome, startedAt: number | null) => void;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly world: WorldRepository,
    private readonly matching: MatchingRunService,
    private readonly integrity: IntegrityRunService,
    private readonly requests: MatchingRequestsRepository,
    private readonly runs: MatchingRunsRepository,
    private readonly claims: BattlenetClaimsService,
    @Optional() metrics?: Metrics,
  ) {
    this.ended = metrics ? runMetrics(metrics) : undefined;
  }

  /** Matches and checks now. */
  async matchAndCheck(trigger: RunTrigger): Promise<FullRunResult> {
    let startedAt: number | null = null;
    const result = await this.dataSource
      .transaction(async (manager) => {
        await lockMembership(manager);
        startedAt = performance.now();
        return this.runIn(manager, trigger);
      })
      .catch((error: unknown) => {
        this.ended?.(trigger, 'failed', null);
        throw error;
      });
    // Counted once committed: nothing is awaited for it.
    this.ended?.(trigger, 'applied', startedAt);
    return result;
  }

  /**
   * The worker's run: serves the requests waiting up to `upToId`, taken in the run's transaction;
   * null (nothing done) when another replica served them meanwhile.
   */
  async serveRequests(upToId: string): Promise<FullRunResult | null> {
    let startedAt: number | null = null;
    const result = await this.dataSource
      .transaction(async (manager) => {
        await lockMembership(manager);
        if ((await this.requests.take(manager, upToId)).length === 0) return null;
        startedAt = performance.now();
        return this.runIn(manager, 'events');
      })
      .catch((error: unknown) => {
        // A run that began (its requests taken) and rolled back; the requests wait for the next.
        if (startedAt !== null) this.ended?.('events', 'failed', null);
        throw error;
      });
    if (result) this.ended?.('events', 'applied', startedAt);
    return result;
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
    // Battle.net claims outrank what matching infers: those that can link now (a claimed character
    // joined, say) are linked first, so the engine sees them as stored links.
    await this.claims.applyWaiting(manager);
    const world = await this.world.load(manager);
    const matching = await this.matching.run(manager, world, trigger);
    const integrity = await this.integrity.run(manager, world, matching.memberships);
    return { matching: matching.result, integrity };
  }

  /** When the last run finished; null before the first. */
  lastRunAt(): Promise<Date | null> {
    return this.runs.lastFinishedAt();
  }
}
