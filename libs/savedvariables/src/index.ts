// @patt/savedvariables: a bounded, non-evaluating reader (and writer) for World of Warcraft
// SavedVariables files, plus the typed reader of the PATTSync addon's export. See README.md.

export { SavedVariablesError } from './errors';
export type { SavedVariablesErrorDetails, SavedVariablesErrorKind, SavedVariablesLimitName } from './errors';
export { parseSavedVariables } from './parser';
export { serializeSavedVariables } from './serializer';
export type { SerializeOptions } from './serializer';
export { readPattSyncExport, validateAddonExport } from './pattsync';
export type { AddonCharacter, AddonExport, ValidateOptions } from './pattsync';
export { DEFAULT_LIMITS } from './types';
export type { LuaTable, LuaValue, ParseLimits, ParseOptions, SavedVariables } from './types';
