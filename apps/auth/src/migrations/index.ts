import { DeadLetterRepairs1765300000000, MessagingTables1764100000000 } from '@patt/messaging';
import { CreateRankProjection1764100000200 } from './1764100000200-createRankProjection';
import { CreateAccounts1764100000300 } from './1764100000300-createAccounts';
import { AccountLifecycle1764100000400 } from './1764100000400-accountLifecycle';
import { InviteDelivery1764100000500 } from './1764100000500-inviteDelivery';
import { ThrottleWindows1764100000600 } from './1764100000600-throttleWindows';
import { OAuthSignIn1765000000100 } from './1765000000100-oauthSignIn';
import { PasswordResets1765000000700 } from './1765000000700-passwordResets';

/** Auth's migrations, in order. */
export const AUTH_MIGRATIONS = [MessagingTables1764100000000, CreateRankProjection1764100000200, CreateAccounts1764100000300, AccountLifecycle1764100000400, InviteDelivery1764100000500, ThrottleWindows1764100000600, OAuthSignIn1765000000100, PasswordResets1765000000700, DeadLetterRepairs1765300000000];
