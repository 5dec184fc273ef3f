import { DynamicModule, Module } from '@nestjs/common';
import { Requests } from '@patt/contracts';
import { backendServiceModules } from '@patt/messaging';
import { VoterEventsHandler } from '../accounts/voter-events.handler';
import { VotersRepository } from '../accounts/voters.repository';
import { BallotBatches } from '../campaigns/ballot-batches';
import { CampaignLifecycle } from '../campaigns/campaign-lifecycle';
import { CampaignsController } from '../campaigns/campaigns.controller';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { CampaignsService } from '../campaigns/campaigns.service';
import { CAMPAIGNS_MIGRATIONS } from '../migrations';
import { ResultsCounter } from '../results/results-counter';
import { TallyCounter } from '../results/tally-counter';
import { CampaignSchedule } from '../schedule/campaign-schedule';
import { CampaignsConfig } from './campaigns.config';

export const SERVICE_NAME = 'campaigns';
export const SCHEMA = 'campaigns';

@Module({})
export class CampaignsModule {
  static forRoot(config: CampaignsConfig): DynamicModule {
    return {
      module: CampaignsModule,
      imports: [
        ...backendServiceModules({
          name: SERVICE_NAME,
          schema: SCHEMA,
          config,
          configClass: CampaignsConfig,
          healthPattern: Requests.CampaignsHealth,
          entities: [],
          migrations: CAMPAIGNS_MIGRATIONS,
        }),
      ],
      controllers: [CampaignsController],
      providers: [
        VotersRepository,
        VoterEventsHandler,
        CampaignsRepository,
        CampaignsService,
        CampaignLifecycle,
        BallotBatches,
        CampaignSchedule,
        { provide: ResultsCounter, useClass: TallyCounter },
      ],
    };
  }
}
