// The identity service's matching engine: pure functions over plain data.
export { planMatching } from './engine';
export { DEFAULT_RANK_TABLE, LOWEST_RANK_LEVEL, memberRank, rankLevelOfIndex } from './ranks';
export { parseNote, normaliseNote, type ParsedNote, type MainClaim, type HintClaim } from './notes';
export { nameSimilarity, osaDistance } from './similarity';
export * from './scores';
export * from './types';
