// The inputs and outputs of the matching engine. Everything here is plain data (no Dates, no
// classes) so the persistence wiring can load it from rows, pass it in, and store the plan as-is.
import type { ConflictKind as ContractConflictKind } from '@patt/contracts';

/** How a subject (a character or a Discord user) came to belong to a member. */
export type LinkMethod = 'manual' | 'import' | 'note_key' | 'note_hint' | 'exact_name' | 'suggestion_confirmed' | 'battlenet';

/** The methods the engine itself uses; the others are made by officers through the API. */
export type AutomaticLinkMethod = 'note_key' | 'note_hint' | 'exact_name';

/** Links made by an officer (directly, by CSV import, or by confirming a suggestion). */
export const OFFICER_LINK_METHODS: ReadonlySet<LinkMethod> = new Set<LinkMethod>(['manual', 'import', 'suggestion_confirmed']);

/** A WoW character as identity's projection knows it. */
export interface MatchCharacter {
  id: string;
  blizzardId: number;
  name: string;
  realmSlug: string;
  guildNote: string | null;
  officerNote: string | null;
  inGuild: boolean;
  /** In-game rank index, 0 = guild master; null when unknown (not in the guild). */
  guildRankIndex: number | null;
  /** ISO-8601; not used for matching, carried so one character type serves identity. */
  lastLoginAt: string | null;
}

/** A Discord member of the guild's server, present or departed. */
export interface MatchDiscordMember {
  userId: string;
  username: string;
  /** The global display name or the server nickname; null when the user has neither. */
  displayName: string | null;
  /** False once the user has left the server. */
  present: boolean;
  isBot?: boolean;
  /**
   * The highest guild rank among the user's Discord roles (through the rank table's Discord
   * roles); null or absent when they hold none. A name match may give a rank up to this.
   */
  guildRoleLevel?: number | null;
}

/** Where a note was read. */
export type NoteField = 'guildNote' | 'officerNote';

/** The shape of a note that names a main: "alt of Trog", "Trog's alt", "Trog alt", "main: Trog", "Trog". */
export type MainNoteForm = 'alt_of' | 'possessive_alt' | 'name_alt' | 'main_is' | 'bare_name';

/** The shape of a note that names a Discord user: "discord: trog", "dc=trog", "@trog". */
export type HintNoteForm = 'discord_label' | 'dc_label' | 'at_mention';

/** Which part of a Discord member a character name matched. */
export type DiscordNameField = 'username' | 'displayName' | 'displayNameWord';

/** One structured fact behind a link, a suggestion or a conflict. */
export type EvidenceFact =
  | {
      kind: 'note_main';
      /** The character whose note it is. */
      characterId: string;
      field: NoteField;
      note: string;
      form: MainNoteForm;
      /** The name as the note spells it (folded), with the realm when the note gave one. */
      named: string;
      /** The character the name resolved to; null when no character has that name. */
      mainCharacterId: string | null;
      /** How the name resolved: the only character with it, the one on the note writer's realm, ... */
      resolution: 'unique' | 'same_realm' | 'named_realm' | 'unknown' | 'ambiguous';
      /** For 'ambiguous': every character with that name. */
      candidateIds?: string[];
    }
  | {
      kind: 'note_hint';
      characterId: string;
      field: NoteField;
      note: string;
      form: HintNoteForm;
      named: string;
      discordUserId: string | null;
      /** Which field of the Discord member the named handle equals (folded). */
      matchedField: 'username' | 'displayName' | null;
      candidateIds?: string[];
    }
  | {
      kind: 'name_match';
      characterId: string;
      characterName: string;
      discordUserId: string;
      field: DiscordNameField;
      /** The username or display name as Discord has it. */
      value: string;
      /** The normalised key both sides reduced to. */
      key: string;
    }
  | {
      kind: 'fuzzy_name';
      characterId: string;
      characterName: string;
      discordUserId: string;
      field: DiscordNameField;
      value: string;
      /** 0..1, edit-distance similarity with the prefix/suffix bonus. */
      similarity: number;
    }
  | {
      kind: 'existing_link';
      personId: string;
      characterId: string | null;
      discordUserId: string | null;
      method: LinkMethod | 'unrecorded';
    }
  | { kind: 'rejected'; characterId: string; discordUserId: string }
  | {
      /** The member's own Battle.net account lists the character (Blizzard's /profile/user/wow). */
      kind: 'battlenet_account';
      characterId: string;
      blizzardCharacterId: number;
      battlenetAccountId: number;
      battletag: string | null;
      wowAccountId: number;
      /** ISO-8601: when Blizzard said so. */
      at: string;
    };

/** Why something was linked, suggested or flagged: a sentence for people, facts for programs. */
export interface Evidence {
  summary: string;
  facts: EvidenceFact[];
}

/** A recorded link of one member. Officers' API links may carry both ids; the engine's carry one. */
export interface MemberLink {
  characterId: string | null;
  discordUserId: string | null;
  method: LinkMethod;
  score: number;
  evidence: Evidence | null;
}

/** A member (a person) as stored. */
export interface ExistingMember {
  personId: string;
  characterIds: readonly string[];
  discordUserId: string | null;
  links: readonly MemberLink[];
  /** The rank level stored now; lets the plan say whether it changed. */
  rankLevel?: number | null;
  /** A rank level an officer set; wins over the characters' ranks. */
  rankOverride?: number | null;
  mainCharacterId?: string | null;
}

/** An officer said "character X is not Discord user Y". */
export interface RejectedPair {
  characterId: string;
  discordUserId: string;
}

/** One row of the rank table: which in-game rank indexes make this level. */
export interface RankMapping {
  level: number;
  gameRankIndexes: readonly number[];
}

export interface MatchingOptions {
  /** Minimum adjusted similarity for a fuzzy suggestion (default 0.8). */
  fuzzyThreshold?: number;
  /** At most this many suggestions per character, best first (default 3). */
  maxSuggestionsPerCharacter?: number;
}

export interface MatchingInput {
  characters: readonly MatchCharacter[];
  discordMembers: readonly MatchDiscordMember[];
  members: readonly ExistingMember[];
  rejected: readonly RejectedPair[];
  /** Default (docs/api.md): 0 → 5, 1 → 4, 2 → 3, 3 → 2, 4 and above → 1. */
  ranks?: readonly RankMapping[];
  options?: MatchingOptions;
}

/** A link the plan creates. Exactly one of characterId / discordUserId is set. */
export interface PlannedLink {
  /** The member it belongs to: its personId, or the ref of a member this plan creates. */
  memberRef: string;
  /** Null when the member is new in this plan. */
  personId: string | null;
  characterId: string | null;
  discordUserId: string | null;
  method: AutomaticLinkMethod;
  score: number;
  evidence: Evidence;
}

/** Which pass produced a suggestion. */
export type SuggestionSource = 'note_key' | 'note_hint' | 'exact_name' | 'fuzzy';

/** "Character X may be Discord user Y": for officers to confirm or reject. */
export interface Suggestion {
  characterId: string;
  discordUserId: string;
  score: number;
  reason: string;
  source: SuggestionSource;
  evidence: Evidence;
}

/**
 * Why a conflict was recorded (the kinds are the API's, @patt/contracts ConflictKind):
 * - inconsistent_input: two existing members claim one character or Discord user; the first by personId keeps it;
 * - contradictory_notes: the guild note and officer note (or two phrases of one note) name different mains;
 * - ambiguous_main: a note names a main whose name exists on several realms, none of them the writer's;
 * - note_contradicts_link: a note says "alt of A", but the character is linked to another member than A's;
 * - members_collide: notes would join characters of two existing members; members are never merged automatically;
 * - rejected_pair: joining would put a character with a Discord user an officer rejected for it;
 * - hint_not_found / ambiguous_hint: a note names a Discord handle no present member has / several have;
 * - hint_contradicts_link: a note names a Discord user, but the member already has another one;
 * - discord_users_disagree: the characters of one member point at different Discord users;
 * - ambiguous_name / name_too_common: a character name equals the names of several / so many Discord members;
 * - discord_user_claimed: several members' characters point at one Discord user;
 * - discord_user_taken: the evidence points at a Discord user who is already another member's;
 * - name_would_raise_rank: a name match would give a rank above Member that the user's Discord roles
 *   do not show: a display name is chosen by its owner, so only an officer's confirmation may grant that much.
 */
export type ConflictKind = ContractConflictKind;

/** Evidence the engine saw but did not act on: recorded for officers, never a silent link. */
export interface Conflict {
  kind: ConflictKind;
  summary: string;
  characterIds: string[];
  discordUserIds: string[];
  personIds: string[];
  facts: EvidenceFact[];
}

export interface MemberRank {
  level: number | null;
  /** 'override': an officer set it; 'characters': from the best in-guild character; 'none': no in-guild character. */
  source: 'override' | 'characters' | 'none';
  /** The character the level comes from (source 'characters'). */
  characterId: string | null;
  gameRankIndex: number | null;
}

export interface PlannedMember {
  /** personId for an existing member; "new:<first character or user id>" for one this plan creates. */
  ref: string;
  personId: string | null;
  status: 'new' | 'updated' | 'unchanged';
  characterIds: string[];
  discordUserId: string | null;
  mainCharacterId: string | null;
  rank: MemberRank;
  /** The computed level differs from the stored `rankLevel` of the input. */
  rankChanged: boolean;
}

export interface MatchingCounts {
  /** Links created by this plan. */
  linked: number;
  /** Suggestions open after this plan. */
  suggested: number;
  /** Subjects (characters and Discord users) that were already linked and stay as they were. */
  unchanged: number;
}

export interface MatchingPlan {
  /** Every member after the plan (existing and new), sorted by ref. */
  members: PlannedMember[];
  links: PlannedLink[];
  /** The complete set of open suggestions: the wiring replaces the stored pending ones with it. */
  suggestions: Suggestion[];
  conflicts: Conflict[];
  counts: MatchingCounts;
}
