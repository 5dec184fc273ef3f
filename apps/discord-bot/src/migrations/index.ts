import { MessagingTables1764100000000 } from '@patt/messaging';

/** discord-bot's migrations, in order. */
export const MIGRATIONS = [MessagingTables1764100000000];
