import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostsModule } from '../posts/posts.module';
import { IntegrityReportTallyEntity, RosterSyncTallyEntity } from './report-tally.entity';
import { ReportTalliesRepository } from './report-tallies.repository';
import { CharactersClaimedHandler } from './characters-claimed.handler';
import { IntegrityReportedHandler } from './integrity-reported.handler';
import { ReportsService } from './reports.service';
import { RosterSyncedHandler } from './roster-synced.handler';

/** Integrity reports, roster sync summaries and Battle.net claims, posted to the audit channel. */
@Module({
  imports: [TypeOrmModule.forFeature([RosterSyncTallyEntity, IntegrityReportTallyEntity]), PostsModule],
  providers: [ReportTalliesRepository, ReportsService, IntegrityReportedHandler, RosterSyncedHandler, CharactersClaimedHandler],
})
export class ReportsModule {}
