import { MessagingTables1764100000000 } from '@patt/messaging';
import { CreateMembersMirror1764100000400 } from './1764100000400-createMembersMirror';
import { CreateRankRolesAndLinks1764100000410 } from './1764100000410-createRankRolesAndLinks';
import { CreateOutgoingMessages1764100000420 } from './1764100000420-createOutgoingMessages';
import { CreateReportTallies1764100000430 } from './1764100000430-createReportTallies';

/** discord-bot's migrations, in order. */
export const MIGRATIONS = [
  MessagingTables1764100000000,
  CreateMembersMirror1764100000400,
  CreateRankRolesAndLinks1764100000410,
  CreateOutgoingMessages1764100000420,
  CreateReportTallies1764100000430,
];
