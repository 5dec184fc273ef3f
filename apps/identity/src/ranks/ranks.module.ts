import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { RanksController } from './ranks.controller';
import { RanksService } from './ranks.service';

/** The rank table: read by every feature that names a rank, edited by officers. */
@Module({
  imports: [IdentityDataModule],
  controllers: [RanksController],
  providers: [RanksService],
  exports: [RanksService],
})
export class RanksModule {}
