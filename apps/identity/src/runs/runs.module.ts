import { BattlenetModule } from '../battlenet/battlenet.module';
import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { IssuesModule } from '../issues/issues.module';
import { MembersModule } from '../members/members.module';
import { IdentityRuns } from './identity-runs.service';
import { IntegrityRunService } from './integrity-run.service';
import { MatchingRunService } from './matching-run.service';
import { MatchingWorker } from './matching.worker';
import { RunsController } from './runs.controller';

/**
 * The runs that follow every change of the picture: matching (the engine's plan stored and
 * announced) and the integrity checks after it, in one transaction.
 */
@Module({
  imports: [IdentityDataModule, MembersModule, IssuesModule, BattlenetModule],
  controllers: [RunsController],
  providers: [IdentityRuns, MatchingRunService, IntegrityRunService],
  exports: [IdentityRuns],
})
export class RunsModule {}

/** The worker that runs matching when asked: part of the deployed service, left out of tests that drive runs themselves. */
@Module({
  imports: [IdentityDataModule, RunsModule],
  providers: [MatchingWorker],
})
export class MatchingWorkerModule {}
