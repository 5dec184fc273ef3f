import { EventPartsTable1764900000000, DeadLetterRepairs1765300000000, MessagingTables1764100000000 } from '@patt/messaging';
import { CreateRanks1764100000100 } from './1764100000100-createRanks';
import { CreateProjections1764100000200 } from './1764100000200-createProjections';
import { CreateMembers1764100000300 } from './1764100000300-createMembers';
import { CreateIntegrityIssues1764100000400 } from './1764100000400-createIntegrityIssues';
import { AddMemberSortName1764100000500 } from './1764100000500-addMemberSortName';
import { MemberPresenceAndAccount1764100000610 } from './1764100000610-memberPresenceAndAccount';
import { ChunkedSyncsToEventParts1764900000100 } from './1764900000100-chunkedSyncsToEventParts';
import { CreateMatchingConflicts1765000000200 } from './1765000000200-createMatchingConflicts';
import { BattlenetClaims1765100000100 } from './1765100000100-battlenetClaims';

/** Identity's migrations, in order. */
export const IDENTITY_MIGRATIONS = [
  MessagingTables1764100000000,
  CreateRanks1764100000100,
  CreateProjections1764100000200,
  CreateMembers1764100000300,
  CreateIntegrityIssues1764100000400,
  AddMemberSortName1764100000500,
  MemberPresenceAndAccount1764100000610,
  EventPartsTable1764900000000,
  ChunkedSyncsToEventParts1764900000100,
  CreateMatchingConflicts1765000000200,
  BattlenetClaims1765100000100,
  DeadLetterRepairs1765300000000,
];
