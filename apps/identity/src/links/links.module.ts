import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { MembersModule } from '../members/members.module';
import { LinksController } from './links.controller';
import { LinksService } from './links.service';

/** Officers' links, made and removed by hand; exports LinksService for links made in bulk (confirmations, the import). */
@Module({
  imports: [IdentityDataModule, MembersModule],
  controllers: [LinksController],
  providers: [LinksService],
  exports: [LinksService],
})
export class LinksModule {}
