import { RankLevel } from '../api/ranks';

/**
 * Who is asking: the gateway puts the authenticated caller into a NATS header. The Discord bot,
 * answering a slash command, puts the member who invoked it: `userId` empty (the bot knows no
 * accounts), `personId` the member linked to the Discord user, `rank` the bot's projection of
 * identity's member events, and `discordUserId`. Services judge such an actor by the lower of that
 * rank and their own record of the person.
 */
export interface Actor {
  /** The account; empty when the Discord bot acts for a member (accounts are looked up by personId). */
  userId: string;
  personId: string | null;
  username: string;
  rank: RankLevel;
  /** Set when the Discord bot acts for the Discord user who invoked a slash command. */
  discordUserId?: string;
}

export type NoBody = Record<string, never>;
