import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { IntegrityReportTallyEntity, RosterSyncTallyEntity } from './report-tally.entity';
import { ReportTalliesRepository } from './report-tallies.repository';
import { ReportsHandler } from './reports.handler';
import { ReportsService } from './reports.service';

/** Integrity reports and roster sync summaries, posted to the audit channel. */
@Module({
  imports: [TypeOrmModule.forFeature([RosterSyncTallyEntity, IntegrityReportTallyEntity]), AuditModule],
  providers: [ReportTalliesRepository, ReportsService, ReportsHandler],
})
export class ReportsModule {}
