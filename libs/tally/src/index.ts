export { TallyError, type TallyBallot, type TallyEntry } from './ballots';
export { isLeadChange, leaderOf, LiveStandings, type PlaceCountRow } from './live';
export { pointsForRank } from './points';
export { tallyResults, type TallyInput } from './results';
