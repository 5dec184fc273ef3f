import { MessagingTables1764100000000 } from '@patt/messaging';
import { CreateRankProjection1764100000200 } from './1764100000200-createRankProjection';
import { CreateAccounts1764100000300 } from './1764100000300-createAccounts';

/** Auth's migrations, in order. */
export const AUTH_MIGRATIONS = [MessagingTables1764100000000, CreateRankProjection1764100000200, CreateAccounts1764100000300];
