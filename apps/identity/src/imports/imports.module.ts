import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

/** The roster-sheet import: officers' links in bulk, through the members feature's LinksService. */
@Module({
  imports: [MembersModule],
  controllers: [ImportsController],
  providers: [ImportsService],
})
export class ImportsModule {}
