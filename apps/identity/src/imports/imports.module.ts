import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { LinksModule } from '../links/links.module';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

/** The roster-sheet import: officers' links in bulk, through the links feature's LinksService. */
@Module({
  imports: [IdentityDataModule, LinksModule],
  controllers: [ImportsController],
  providers: [ImportsService],
})
export class ImportsModule {}
