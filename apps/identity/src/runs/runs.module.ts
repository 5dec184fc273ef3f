import { Module } from '@nestjs/common';
import { IntegrityReporter } from '../issues/integrity-reporter';
import { IssuesController } from '../issues/issues.controller';
import { IssuesService } from '../issues/issues.service';
import { MembersModule } from '../members/members.module';
import { DiscordEventsHandler } from '../projections/discord-events.handler';
import { RosterEventsHandler } from '../projections/roster-events.handler';
import { IdentityRuns } from './identity-runs.service';
import { IntegrityRunService } from './integrity-run.service';
import { MatchingRunService } from './matching-run.service';
import { MatchingWorker } from './matching.worker';
import { RunsController } from './runs.controller';

/**
 * The picture kept current: projections fed by other services' events, and the runs (matching,
 * integrity) that follow every change, with the issues they find and the reports of them.
 */
@Module({
  imports: [MembersModule],
  controllers: [RunsController, IssuesController],
  providers: [
    RosterEventsHandler,
    DiscordEventsHandler,
    IdentityRuns,
    MatchingRunService,
    IntegrityRunService,
    IntegrityReporter,
    IssuesService,
  ],
  exports: [IdentityRuns],
})
export class RunsModule {}

/** The worker that runs matching when asked: part of the deployed service, left out of tests that drive runs themselves. */
@Module({
  imports: [RunsModule],
  providers: [MatchingWorker],
})
export class MatchingWorkerModule {}
