import { DeadLetterRepairs1765300000000, MessagingTables1764100000000 } from '@patt/messaging';
import { CreateSyncRuns1764300000000 } from './1764300000000-createSyncRuns';
import { CreateCharacters1764300000100 } from './1764300000100-createCharacters';
import { CreateRosterEvents1764300000200 } from './1764300000200-createRosterEvents';
import { AddAddonUploads1764300000300 } from './1764300000300-addAddonUploads';
import { BattlenetFlows1765100000200 } from './1765100000200-battlenetFlows';

/** guild-sync's migrations, in order. */
export const MIGRATIONS = [MessagingTables1764100000000, CreateSyncRuns1764300000000, CreateCharacters1764300000100, CreateRosterEvents1764300000200, AddAddonUploads1764300000300, BattlenetFlows1765100000200, DeadLetterRepairs1765300000000];
