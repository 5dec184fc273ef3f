import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module';
import { AddonUploadsController } from './addon-uploads.controller';
import { AddonUploadsRepository } from './addon-uploads.repository';
import { AddonUploadsService } from './addon-uploads.service';

/** Addon uploads: the PATTSync export's notes and online data, applied as `addon` runs. */
@Module({
  imports: [RosterModule],
  controllers: [AddonUploadsController],
  providers: [AddonUploadsRepository, AddonUploadsService],
})
export class UploadsModule {}
