// What the campaigns service needs while a campaign is live: the standings after each ballot and
// who leads, for the lead-change milestone, without recounting every ballot. The standings of
// both methods are the points standings (a runoff's full count is only done at the close); they
// need only how many ballots ranked each entry 1st, 2nd, …, which a ballot changes by N cells and
// a database answers with one GROUP BY.
import type { CampaignLeader, ResultEntry, VotingMethod } from '@patt/contracts';
import { checkPicksPerVoter, indexEntries, rankedPositions, TallyError, type TallyBallot, type TallyEntry } from './ballots';
import { addRanked, emptyPlaceCounts, pointsStandings, type PlaceCountTable } from './points';

/** One cell of the place counts: `count` ballots ranked `entryId` at `rank`. */
export interface PlaceCountRow {
  entryId: string;
  rank: number;
  count: number;
}

export class LiveStandings {
  private readonly entryIndex: Map<string, number>;
  private readonly table: PlaceCountTable;
  private readonly scratch: Int32Array;
  private ballots = 0;

  constructor(
    private readonly entries: readonly TallyEntry[],
    readonly picksPerVoter: number,
  ) {
    checkPicksPerVoter(picksPerVoter);
    this.entryIndex = indexEntries(entries);
    this.table = emptyPlaceCounts(entries.length, picksPerVoter);
    this.scratch = new Int32Array(entries.length);
  }

  /**
   * From the place counts the database keeps or counts (`SELECT entry_id, rank, count(*) … GROUP
   * BY entry_id, rank`); cells not given are 0. The ballots counted are the rank-1 cells' sum, as
   * every ballot has exactly one first pick.
   */
  static fromPlaceCounts(entries: readonly TallyEntry[], picksPerVoter: number, rows: Iterable<PlaceCountRow>): LiveStandings {
    const live = new LiveStandings(entries, picksPerVoter);
    for (const row of rows) {
      const position = live.entryIndex.get(row.entryId);
      if (position === undefined) throw new TallyError(`place counts name ${row.entryId}, which is not an entry of the campaign`);
      if (!Number.isInteger(row.rank) || row.rank < 1 || row.rank > picksPerVoter) {
        throw new TallyError(`place counts name rank ${row.rank}; ranks run from 1 to ${picksPerVoter}`);
      }
      if (!Number.isInteger(row.count) || row.count < 0) throw new TallyError(`place counts cannot hold ${row.count} ballots`);
      live.table.counts[position * picksPerVoter + row.rank - 1] += row.count;
      if (row.rank === 1) live.ballots += row.count;
    }
    return live;
  }

  /** Counts one more ballot (checked as in `tallyResults`). */
  add(ballot: TallyBallot): void {
    const ranked = rankedPositions(ballot, this.entryIndex, this.picksPerVoter, this.scratch, 'the ballot');
    addRanked(this.table, ranked);
    this.ballots += 1;
  }

  /** Ballots counted. */
  get voted(): number {
    return this.ballots;
  }

  /** Every entry by points, then firsts, seconds, …; equal entries share a place. */
  standings(): ResultEntry[] {
    return pointsStandings(this.entries, this.table);
  }

  /** Who leads now under this method (see `leaderOf`). */
  leader(method: VotingMethod): CampaignLeader | null {
    return leaderOf(method, this.standings());
  }
}

/**
 * The entry standing alone at the top of live standings, or null: no ballots yet, or a tie at
 * the top. For `points` the top is by points, then firsts, seconds, … (place 1 held by one entry);
 * for `instant_runoff` by first choices, then points, since the runoff is only run at the close.
 */
export function leaderOf(method: VotingMethod, standings: readonly ResultEntry[]): CampaignLeader | null {
  if (standings.length === 0) return null;
  if (method === 'points') {
    const [top, next] = standings;
    if (top.points === 0 || next?.place === 1) return null;
    return { entryId: top.entryId, name: top.name };
  }
  let top: ResultEntry | null = null;
  let tied = false;
  for (const entry of standings) {
    const difference = top === null ? 1 : entry.placeCounts[0] - top.placeCounts[0] || entry.points - top.points;
    if (difference > 0) {
      top = entry;
      tied = false;
    } else if (difference === 0) {
      tied = true;
    }
  }
  if (top === null || tied || top.placeCounts[0] === 0) return null;
  return { entryId: top.entryId, name: top.name };
}

/**
 * Whether the lead changed: an entry leads now, and a different entry was the last to lead. The
 * first leader of a campaign is no change (no one led before it), and a tie at the top is none
 * either: `lastLeaderId` is the last entry that led alone, kept across ties, so A, tie, A is no
 * change and A, tie, B is one.
 */
export function isLeadChange(lastLeaderId: string | null, leader: CampaignLeader | null): boolean {
  return leader !== null && lastLeaderId !== null && leader.entryId !== lastLeaderId;
}
