import { Module } from '@nestjs/common';
import { CampaignsController } from './campaigns.controller';

/** The votes endpoints (docs/api.md, "Votes"): a controller that validates, sends one request to the campaigns service, and maps. */
@Module({
  controllers: [CampaignsController],
})
export class CampaignsApiModule {}
