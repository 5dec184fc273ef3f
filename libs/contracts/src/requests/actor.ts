import { RankLevel } from '../api/ranks';

/** Who is asking: the gateway puts the authenticated caller into a NATS header. */
export interface Actor {
  userId: string;
  personId: string | null;
  username: string;
  rank: RankLevel;
}

export type NoBody = Record<string, never>;
