import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { ConflictsController } from './conflicts.controller';
import { ConflictsService } from './conflicts.service';

/** The conflicts matching runs store (ConflictsRepository), listed for officers. */
@Module({
  imports: [IdentityDataModule],
  controllers: [ConflictsController],
  providers: [ConflictsService],
})
export class ConflictsModule {}
