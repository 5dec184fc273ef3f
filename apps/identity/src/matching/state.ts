// The state of one matching run: the input sorted and indexed, the members as the passes build
// them (drafts), and what the plan collects (links, suggestions, conflicts). Every pass
// (passes/*.pass.ts) reads and extends it; plan.ts turns it into the plan. Helpers that record
// a link, a suggestion or a conflict live here, so every pass records them the same way.
import { nameKey } from '@patt/wow';
import { discordNamesOnce } from './discord-index';
import { characterLabel, discordLabel, type Namer } from './evidence';
import { parseNote, type ParsedNote } from './notes';
import { roundScore } from './scores';
import type {
  AutomaticLinkMethod,
  Conflict,
  ConflictKind,
  EvidenceFact,
  ExistingMember,
  LinkMethod,
  MatchCharacter,
  MatchDiscordMember,
  MatchingInput,
  NoteField,
  PlannedLink,
  Suggestion,
  SuggestionSource,
} from './types';

/** A member as the run builds it: an existing one (personId) or one this plan creates. */
export interface Draft {
  ref: string;
  personId: string | null;
  characterIds: Set<string>;
  discordUserId: string | null;
  mainCharacterId: string | null;
  rankOverride: number | null;
  storedRankLevel: number | null | undefined;
  /** How each subject already there got there ("c:<id>", "d:<id>"), for conflict sentences. */
  methods: Map<string, LinkMethod | 'unrecorded'>;
  gainedSubjects: boolean;
}

/** Evidence that a character and a Discord user are one person (passes 3 and 4). */
export interface UserClaim {
  characterId: string;
  userId: string;
  score: number;
  fact: EvidenceFact;
}

/** A conflict to record; subject lists default to empty. */
export interface ConflictSpec {
  kind: ConflictKind;
  summary: string;
  facts: EvidenceFact[];
  characterIds?: readonly string[];
  discordUserIds?: readonly string[];
  personIds?: readonly string[];
}

/** The claims of one member (or of one lone character, ref "char:<id>"). */
export interface ClaimGroup {
  ref: string;
  draft: Draft | undefined;
  claims: UserClaim[];
}

/** Appends to the list under a key (creating it): lists built in a loop, without copying. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const pairKey = (characterId: string, userId: string): string => `${characterId}\u0000${userId}`;

export class MatchState {
  readonly characters: MatchCharacter[];
  readonly characterById = new Map<string, MatchCharacter>();
  /** Characters by name key, id order: how notes find mains and Discord names find characters. */
  readonly charactersByKey = new Map<string, MatchCharacter[]>();
  readonly userById = new Map<string, MatchDiscordMember>();
  /** Present, non-bot Discord members: the only ones the engine links or suggests. */
  readonly eligibleUsers: MatchDiscordMember[];
  /** Pairs officers rejected, by pairKey. */
  readonly rejected = new Set<string>();
  readonly drafts = new Map<string, Draft>();
  readonly draftOfCharacter = new Map<string, Draft>();
  readonly draftOfUser = new Map<string, Draft>();
  readonly links: PlannedLink[] = [];
  readonly conflicts = new Map<string, Conflict>();
  readonly suggestionCandidates = new Map<string, Suggestion>();
  /** Characters whose exact name matched someone: a fuzzy match would only repeat or blur that. */
  readonly exactlyNamed = new Set<string>();
  readonly namer: Namer;
  /** Subjects pass 1 kept as they were. */
  unchanged = 0;
  // Computed once per run, used by several passes.
  private readonly keys = new Map<string, string>();
  private readonly parsedNotes = new Map<string, Record<NoteField, ParsedNote>>();
  readonly discordNames = discordNamesOnce();

  constructor(readonly input: MatchingInput) {
    // Sorting every input first is what makes the plan independent of input order. A repeated id
    // (a projection glitch) keeps its first record in that order.
    this.characters = [];
    for (const c of [...input.characters].sort((a, b) => byString(a.id, b.id))) {
      if (this.characterById.has(c.id)) continue;
      this.characters.push(c);
      this.characterById.set(c.id, c);
      pushTo(this.charactersByKey, this.keyOf(c), c);
    }
    const users: MatchDiscordMember[] = [];
    for (const u of [...input.discordMembers].sort((a, b) => byString(a.userId, b.userId))) {
      if (this.userById.has(u.userId)) continue;
      users.push(u);
      this.userById.set(u.userId, u);
    }
    this.eligibleUsers = users.filter((u) => u.present && !u.isBot);
    for (const r of input.rejected) this.rejected.add(pairKey(r.characterId, r.discordUserId));
    this.namer = {
      character: (id) => {
        const c = this.characterById.get(id);
        return c ? characterLabel(c) : `character ${id}`;
      },
      discordUser: (id) => {
        const u = this.userById.get(id);
        return u ? discordLabel(u) : `Discord user ${id}`;
      },
    };
  }

  /** A character's name key, computed once: passes 2, 4 and 5 all need it. */
  keyOf(c: MatchCharacter): string {
    let key = this.keys.get(c.id);
    if (key === undefined) {
      key = nameKey(c.name);
      this.keys.set(c.id, key);
    }
    return key;
  }

  /** A character's notes, parsed once: passes 2 and 3 both read them. */
  notesOf(c: MatchCharacter): Record<NoteField, ParsedNote> {
    let parsed = this.parsedNotes.get(c.id);
    if (!parsed) {
      parsed = {
        guildNote: parseNote(c.guildNote),
        officerNote: parseNote(c.officerNote),
      };
      this.parsedNotes.set(c.id, parsed);
    }
    return parsed;
  }

  newDraft(ref: string, personId: string | null, member: ExistingMember | null): Draft {
    const draft: Draft = {
      ref,
      personId,
      characterIds: new Set(),
      discordUserId: null,
      mainCharacterId: member?.mainCharacterId ?? null,
      rankOverride: member?.rankOverride ?? null,
      storedRankLevel: member?.rankLevel,
      methods: new Map(),
      gainedSubjects: false,
    };
    this.drafts.set(ref, draft);
    return draft;
  }

  attachCharacter(draft: Draft, characterId: string): void {
    draft.characterIds.add(characterId);
    this.draftOfCharacter.set(characterId, draft);
  }

  attachUser(draft: Draft, userId: string): void {
    draft.discordUserId = userId;
    this.draftOfUser.set(userId, draft);
  }

  addLink(
    draft: Draft,
    subject: { characterId: string | null; discordUserId: string | null },
    method: AutomaticLinkMethod,
    score: number,
    summary: string,
    facts: EvidenceFact[],
  ): void {
    draft.gainedSubjects = true;
    draft.methods.set(subject.characterId ? `c:${subject.characterId}` : `d:${subject.discordUserId}`, method);
    this.links.push({
      memberRef: draft.ref,
      personId: draft.personId,
      ...subject,
      method,
      score: roundScore(score),
      evidence: { summary, facts },
    });
  }

  suggest(
    characterId: string,
    userId: string,
    score: number,
    source: SuggestionSource,
    reason: string,
    facts: EvidenceFact[],
  ): void {
    const key = pairKey(characterId, userId);
    // A rejected pair is never suggested again; bots and departed users are never suggested.
    const user = this.userById.get(userId);
    if (this.rejected.has(key) || !user || !user.present || user.isBot) return;
    const rounded = roundScore(score);
    const known = this.suggestionCandidates.get(key);
    // The first (earliest pass) wins a tie: the stronger kind of evidence explains it better.
    if (known && known.score >= rounded) return;
    this.suggestionCandidates.set(key, {
      characterId,
      discordUserId: userId,
      score: rounded,
      reason,
      source,
      evidence: { summary: reason, facts },
    });
  }

  conflict(spec: ConflictSpec): void {
    const sorted = (ids: readonly string[] | undefined): string[] => [...new Set(ids ?? [])].sort(byString);
    const conflict: Conflict = {
      kind: spec.kind,
      summary: spec.summary,
      characterIds: sorted(spec.characterIds),
      discordUserIds: sorted(spec.discordUserIds),
      personIds: sorted(spec.personIds),
      facts: spec.facts,
    };
    // One conflict per kind and subjects: the same doubt seen from two characters is said once.
    const key = [
      conflict.kind,
      conflict.characterIds.join(','),
      conflict.discordUserIds.join(','),
      conflict.personIds.join(','),
    ].join('|');
    if (!this.conflicts.has(key)) this.conflicts.set(key, conflict);
  }

  inconsistent(spec: Omit<ConflictSpec, 'kind' | 'facts'>): void {
    this.conflict({ ...spec, kind: 'inconsistent_input', facts: [] });
  }

  characterList(ids: readonly string[]): string {
    return ids.map((id) => this.namer.character(id)).join(', ');
  }

  existingLinkFact(draft: Draft, characterId: string | null): EvidenceFact {
    const subject = characterId ? `c:${characterId}` : `d:${draft.discordUserId}`;
    return {
      kind: 'existing_link',
      personId: draft.ref,
      characterId,
      discordUserId: characterId ? null : draft.discordUserId,
      method: draft.methods.get(subject) ?? 'unrecorded',
    };
  }

  /** A member as people know it: by its Discord user, else by its main or first character. */
  memberText(draft: Draft): string {
    if (draft.discordUserId) return `the member of ${this.namer.discordUser(draft.discordUserId)}`;
    const first = draft.mainCharacterId ?? [...draft.characterIds].sort(byString)[0];
    return first ? `the member of ${this.namer.character(first)}` : `member ${draft.ref}`;
  }

  methodText(draft: Draft, subject: string): string {
    const method = draft.methods.get(subject) ?? 'unrecorded';
    return method === 'unrecorded' ? 'a link with no recorded method' : `a ${method} link`;
  }
}
