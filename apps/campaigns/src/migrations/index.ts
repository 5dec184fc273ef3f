import { DeadLetterRepairs1765300000000, MessagingTables1764100000000 } from '@patt/messaging';
import { CreateCampaigns1764100001000 } from './1764100001000-createCampaigns';
import { LiveSumsOnCampaign1764100001100 } from './1764100001100-liveSumsOnCampaign';

/** The campaigns service's migrations, in order. */
export const CAMPAIGNS_MIGRATIONS = [MessagingTables1764100000000, CreateCampaigns1764100001000, LiveSumsOnCampaign1764100001100, DeadLetterRepairs1765300000000];
