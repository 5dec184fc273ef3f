export { type AuthorizeRequest, BattlenetAccounts, type BattlenetStandInAccount } from './battlenet-accounts';
export { BlizzardStandIn, type BlizzardStandInOptions } from './blizzard-stand-in';
export { type CharacterSelector, type FaultSettings, FaultInjector, type RateLimitBursts } from './faults';
export { DEFAULT_GUILD_NAME, DEFAULT_REALMS, type GenerateGuildOptions, generateGuild } from './guild-generator';
export { type BlizzardStandInStats, type EndpointStats, peakInWindow } from './request-counters';
export { type CharacterChange, type NewCharacter, StandInGuild } from './stand-in-guild';
export type * from './stand-in.types';
