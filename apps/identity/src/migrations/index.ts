import { MessagingTables1764100000000 } from '@patt/messaging';
import { CreateRanks1764100000100 } from './1764100000100-createRanks';

/** Identity's migrations, in order. */
export const IDENTITY_MIGRATIONS = [MessagingTables1764100000000, CreateRanks1764100000100];
