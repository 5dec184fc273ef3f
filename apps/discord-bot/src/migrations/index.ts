import { DeadLetterRepairs1765300000000, EventPartsTable1764900000000, MessagingTables1764100000000 } from '@patt/messaging';
import { CreateMembersMirror1764100000400 } from './1764100000400-createMembersMirror';
import { CreateRankRolesAndLinks1764100000410 } from './1764100000410-createRankRolesAndLinks';
import { CreateOutgoingMessages1764100000420 } from './1764100000420-createOutgoingMessages';
import { CreateReportTallies1764100000430 } from './1764100000430-createReportTallies';
import { CreateChannelPosts1764100000440 } from './1764100000440-createChannelPosts';
import { CreateVoteAnnouncements1764100000450 } from './1764100000450-createVoteAnnouncements';
import { ReportTalliesPartsToLedger1764900000100 } from './1764900000100-reportTalliesPartsToLedger';
import { InviteCodesFromAuth1764900000200 } from './1764900000200-inviteCodesFromAuth';
import { DirectMessagePosts1765100000300 } from './1765100000300-directMessagePosts';
import { GatewayLeadership1765200000100 } from './1765200000100-gatewayLeadership';
import { RequestedMemberSyncs1765200000200 } from './1765200000200-requestedMemberSyncs';
import { BattlenetClaimPosts1765400000100 } from './1765400000100-battlenetClaimPosts';

/** discord-bot's migrations, in order. */
export const MIGRATIONS = [
  MessagingTables1764100000000,
  CreateMembersMirror1764100000400,
  CreateRankRolesAndLinks1764100000410,
  CreateOutgoingMessages1764100000420,
  CreateReportTallies1764100000430,
  CreateChannelPosts1764100000440,
  CreateVoteAnnouncements1764100000450,
  EventPartsTable1764900000000,
  ReportTalliesPartsToLedger1764900000100,
  InviteCodesFromAuth1764900000200,
  DirectMessagePosts1765100000300,
  GatewayLeadership1765200000100,
  RequestedMemberSyncs1765200000200,
  DeadLetterRepairs1765300000000,
  BattlenetClaimPosts1765400000100,
];
