import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { IntegrityReporter } from './integrity-reporter';
import { IssuesController } from './issues.controller';
import { IssuesService } from './issues.service';

/** The integrity issues for officers to read, and the reports of them (IntegrityReporter, exported for the runs). */
@Module({
  imports: [IdentityDataModule],
  controllers: [IssuesController],
  providers: [IssuesService, IntegrityReporter],
  exports: [IntegrityReporter],
})
export class IssuesModule {}
