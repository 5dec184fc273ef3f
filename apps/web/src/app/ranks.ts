import type { Rank } from '../api/types';

/**
 * The ranks identity seeds (docs/api.md, "Conventions"), highest first: their names are what the
 * app shows until (or if) the guild's own arrive from GET /ranks, which needs a sign-in.
 */
export const SEEDED_RANKS: readonly Pick<Rank, 'level' | 'name'>[] = [
  { level: 5, name: 'Guild Leader' },
  { level: 4, name: 'Officer' },
  { level: 3, name: 'Veteran' },
  { level: 2, name: 'Member' },
  { level: 1, name: 'Initiate' },
];
