// The matching engine: from characters, Discord members, the members and links already stored
// and the officers' rejections, a plan of what to link and what to suggest. Pure and
// deterministic: the same input, in any order, gives the same plan, and a plan applied and
// matched again gives nothing new. See README.md for the passes.
import { nameKey, squashedRealm } from '@patt/wow';
import { DiscordNameIndex, FuzzyNameIndex, discordNamesOnce } from './discord-index';
import { characterLabel, describeFacts, discordLabel, type Namer } from './evidence';
import { parseNote, type MainClaim, type ParsedNote } from './notes';
import { DEFAULT_RANK_TABLE, memberRank } from './ranks';
import {
  DEFAULT_FUZZY_THRESHOLD,
  DEFAULT_MAX_SUGGESTIONS_PER_CHARACTER,
  EXACT_NAME_SCORES,
  FUZZY_WEIGHT,
  MAX_EXACT_NAME_CANDIDATES,
  NOTE_HINT_SCORES,
  NOTE_KEY_SCORES,
  NOTE_KEY_SUGGESTION_SCORE,
  NOTE_KEY_UNKNOWN_MAIN_SCORE,
  roundScore,
} from './scores';
import {
  type AutomaticLinkMethod,
  type Conflict,
  type ConflictKind,
  type EvidenceFact,
  type ExistingMember,
  type LinkMethod,
  type MatchCharacter,
  type MatchDiscordMember,
  type MatchingInput,
  type MatchingPlan,
  type NoteField,
  type PlannedLink,
  type PlannedMember,
  type Suggestion,
  type SuggestionSource,
} from './types';

type NoteMainFact = Extract<EvidenceFact, { kind: 'note_main' }>;

/** A member as the run builds it: an existing one (personId) or one this plan creates. */
interface Draft {
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
interface UserClaim {
  characterId: string;
  userId: string;
  score: number;
  fact: EvidenceFact;
}

/** A conflict to record; subject lists default to empty. */
interface ConflictSpec {
  kind: ConflictKind;
  summary: string;
  facts: EvidenceFact[];
  characterIds?: readonly string[];
  discordUserIds?: readonly string[];
  personIds?: readonly string[];
}

/** The claims of one member (or of one lone character, ref "char:<id>"). */
interface ClaimGroup {
  ref: string;
  draft: Draft | undefined;
  claims: UserClaim[];
}

/** A note edge of pass 2: a character names its main (a character, or a name no character has). */
interface MainEdge {
  from: MatchCharacter;
  /** "c:<characterId>" or "k:<nameKey>" for a main no character is named. */
  to: string;
  score: number;
  fact: NoteMainFact;
}

type Resolution =
  | { kind: 'character'; main: MatchCharacter; fact: NoteMainFact }
  | { kind: 'unknown'; key: string; fact: NoteMainFact }
  | { kind: 'ambiguous'; candidates: MatchCharacter[]; fact: NoteMainFact };

/** Appends to the list under a key (creating it): lists built in a loop, without copying. */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const pairKey = (characterId: string, userId: string): string => `${characterId}\u0000${userId}`;

/** Which recorded method describes a subject best when it has several links. */
const METHOD_STRENGTH: Readonly<Record<LinkMethod, number>> = {
  manual: 6,
  import: 5,
  suggestion_confirmed: 4,
  note_hint: 3,
  note_key: 2,
  exact_name: 1,
};

/** Forms explicit enough to group alts by a main no character has ("alt of Zed" twice is one person). */
const EXPLICIT_FORMS: ReadonlySet<string> = new Set(['alt_of', 'possessive_alt', 'main_is']);

/** Runs the five passes and returns the plan. */
export function planMatching(input: MatchingInput): MatchingPlan {
  return new MatchingRun(input).run();
}

class MatchingRun {
  private readonly characters: MatchCharacter[];
  private readonly characterById = new Map<string, MatchCharacter>();
  /** Characters by name key, id order: how notes find mains and Discord names find characters. */
  private readonly charactersByKey = new Map<string, MatchCharacter[]>();
  private readonly userById = new Map<string, MatchDiscordMember>();
  /** Present, non-bot Discord members: the only ones the engine links or suggests. */
  private readonly eligibleUsers: MatchDiscordMember[];
  private readonly rejected = new Set<string>();
  private readonly drafts = new Map<string, Draft>();
  private readonly draftOfCharacter = new Map<string, Draft>();
  private readonly draftOfUser = new Map<string, Draft>();
  private readonly links: PlannedLink[] = [];
  private readonly conflicts = new Map<string, Conflict>();
  private readonly suggestionCandidates = new Map<string, Suggestion>();
  /** Characters whose exact name matched someone: a fuzzy match would only repeat or blur that. */
  private readonly exactlyNamed = new Set<string>();
  private readonly namer: Namer;
  private unchanged = 0;
  // Computed once per run, used by several passes.
  private readonly keys = new Map<string, string>();
  private readonly parsedNotes = new Map<string, Record<NoteField, ParsedNote>>();
  private readonly discordNames = discordNamesOnce();

  constructor(private readonly input: MatchingInput) {
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

  run(): MatchingPlan {
    this.loadExistingMembers();
    this.noteKeyPass();
    const exactIndex = new DiscordNameIndex(
      this.eligibleUsers,
      {
        isCharacterKey: (key) => this.charactersByKey.has(key),
        handles: this.characters.flatMap((c) =>
          [...this.notesOf(c).guildNote.hints, ...this.notesOf(c).officerNote.hints].map((h) => h.handle),
        ),
      },
      this.discordNames,
    );
    this.noteHintPass(exactIndex);
    this.exactNamePass(exactIndex);
    this.fuzzyPass();
    return this.buildPlan();
  }

  // ---- pass 1: what officers and earlier runs linked stays as it is ------------------------

  private loadExistingMembers(): void {
    const members = [...this.input.members].sort((a, b) => byString(a.personId, b.personId));
    for (const member of members) {
      const draft = this.newDraft(member.personId, member.personId, member);
      const characterIds = new Set(member.characterIds);
      const userIds = new Set<string>();
      if (member.discordUserId) userIds.add(member.discordUserId);
      for (const link of member.links) {
        if (link.characterId) characterIds.add(link.characterId);
        if (link.discordUserId) userIds.add(link.discordUserId);
      }
      for (const characterId of [...characterIds].sort(byString)) {
        const holder = this.draftOfCharacter.get(characterId);
        if (holder) {
          this.inconsistent({
            characterIds: [characterId],
            personIds: [holder.ref, member.personId],
            summary: `${this.namer.character(characterId)} belongs to two members, ${holder.ref} and ${member.personId}; it stays with ${holder.ref} until an officer fixes the links.`,
          });
          continue;
        }
        this.attachCharacter(draft, characterId);
        draft.methods.set(`c:${characterId}`, this.recordedMethod(member, { characterId }));
        this.unchanged++;
      }
      // The member's own discordUserId is the stored truth; a link naming another user is an inconsistency.
      const primary = member.discordUserId ?? [...userIds].sort(byString)[0] ?? null;
      for (const other of [...userIds].sort(byString)) {
        if (other !== primary) {
          this.inconsistent({
            discordUserIds: [other],
            personIds: [member.personId],
            summary: `Member ${member.personId} has links to two Discord users, ${this.namer.discordUser(primary ?? '')} and ${this.namer.discordUser(other)}; the engine keeps ${this.namer.discordUser(primary ?? '')}.`,
          });
        }
      }
      if (primary) {
        const holder = this.draftOfUser.get(primary);
        if (holder) {
          this.inconsistent({
            discordUserIds: [primary],
            personIds: [holder.ref, member.personId],
            summary: `${this.namer.discordUser(primary)} belongs to two members, ${holder.ref} and ${member.personId}; it stays with ${holder.ref} until an officer fixes the links.`,
          });
        } else {
          this.attachUser(draft, primary);
          draft.methods.set(`d:${primary}`, this.recordedMethod(member, { discordUserId: primary }));
          this.unchanged++;
        }
      }
    }
  }

  /**
   * The strongest recorded method for a subject (a subject may carry several links): officers'
   * links outrank automatic ones. A fixed order, not "the first seen", keeps it order-independent.
   */
  private recordedMethod(
    member: ExistingMember,
    subject: { characterId?: string; discordUserId?: string },
  ): LinkMethod | 'unrecorded' {
    let found: LinkMethod | 'unrecorded' = 'unrecorded';
    for (const link of member.links) {
      const matches = subject.characterId
        ? link.characterId === subject.characterId
        : link.discordUserId === subject.discordUserId;
      if (matches && (found === 'unrecorded' || METHOD_STRENGTH[link.method] > METHOD_STRENGTH[found])) found = link.method;
    }
    return found;
  }

  // ---- pass 2: notes naming a main group alts with their main ------------------------------

  private noteKeyPass(): void {
    const byKey = this.charactersByKey;

    const edges: MainEdge[] = [];
    for (const writer of this.characters) {
      const resolutions: Resolution[] = [];
      for (const field of ['guildNote', 'officerNote'] as const) {
        const note = writer[field];
        for (const claim of this.notesOf(writer)[field].mains) {
          const resolution = this.resolveMain(writer, field, note ?? '', claim, byKey);
          if (resolution) resolutions.push(resolution);
        }
      }
      const edge = this.decideMain(writer, resolutions);
      if (edge) edges.push(edge);
    }
    this.groupByEdges(edges);
  }

  /** Which character a note's name means; null when it is the writer itself or means nothing. */
  private resolveMain(
    writer: MatchCharacter,
    field: NoteField,
    note: string,
    claim: MainClaim,
    byKey: ReadonlyMap<string, MatchCharacter[]>,
  ): Resolution | null {
    const fact = (
      resolution: NoteMainFact['resolution'],
      main: MatchCharacter | null,
      candidates?: MatchCharacter[],
    ): NoteMainFact => ({
      kind: 'note_main',
      characterId: writer.id,
      field,
      note,
      form: claim.form,
      named: claim.named,
      mainCharacterId: main?.id ?? null,
      resolution,
      ...(candidates ? { candidateIds: candidates.map((c) => c.id) } : {}),
    });

    for (const key of claim.keys) {
      const named = byKey.get(key);
      if (!named) continue;
      // A note that is just the writer's own name ("Trog" on Trog) says it is a main: nothing to join.
      if (claim.form === 'bare_name' && named.some((c) => c.id === writer.id)) return null;
      // Otherwise the writer is not its own main: "alt of Trog" on a Trog means another Trog.
      const candidates = named.filter((c) => c.id !== writer.id);
      if (candidates.length === 0) return null;
      if (claim.realm !== null) {
        const onRealm = candidates.filter((c) => squashedRealm(c.realmSlug) === claim.realm);
        if (onRealm.length === 1) return { kind: 'character', main: onRealm[0], fact: fact('named_realm', onRealm[0]) };
        continue;
      }
      if (candidates.length === 1) return { kind: 'character', main: candidates[0], fact: fact('unique', candidates[0]) };
      // The same name on several realms: the one on the writer's realm, else no way to tell.
      const sameRealm = candidates.filter((c) => c.realmSlug === writer.realmSlug);
      if (sameRealm.length === 1) return { kind: 'character', main: sameRealm[0], fact: fact('same_realm', sameRealm[0]) };
      return { kind: 'ambiguous', candidates, fact: fact('ambiguous', null, candidates) };
    }
    // No character has the name. Only explicit alt phrasing is trusted to group alts by it:
    // a bare word or "pvp alt" names no one.
    if (!EXPLICIT_FORMS.has(claim.form)) return null;
    return { kind: 'unknown', key: claim.keys[0], fact: fact('unknown', null) };
  }

  /** One main per character: agreeing notes make an edge, disagreeing or doubtful ones a conflict. */
  private decideMain(writer: MatchCharacter, resolutions: Resolution[]): MainEdge | null {
    if (resolutions.length === 0) return null;
    const targets = new Map<string, Resolution[]>();
    for (const r of resolutions) {
      const node = r.kind === 'character' ? `c:${r.main.id}` : r.kind === 'unknown' ? `k:${r.key}` : null;
      if (node) pushTo(targets, node, r);
    }
    // An ambiguous name agrees with another note if one of its candidates is that note's main.
    const ambiguous = resolutions.filter(
      (r): r is Extract<Resolution, { kind: 'ambiguous' }> =>
        r.kind === 'ambiguous' && !r.candidates.some((c) => targets.has(`c:${c.id}`)),
    );
    const facts = resolutions.map((r) => r.fact);

    if (targets.size + ambiguous.length > 1) {
      const mains = resolutions.flatMap((r) => (r.kind === 'character' ? [r.main] : r.kind === 'ambiguous' ? r.candidates : []));
      this.conflict({
        kind: 'contradictory_notes',
        characterIds: [writer.id],
        facts,
        summary: `The notes of ${characterLabel(writer)} name different mains (${[...new Set(resolutions.map((r) => r.fact.named))].join(', ')}); it is not linked by note until they agree.`,
      });
      this.suggestMainsUsers(writer, mains, facts);
      return null;
    }
    if (ambiguous.length === 1) {
      const only = ambiguous[0];
      this.conflict({
        kind: 'ambiguous_main',
        characterIds: [writer.id, ...only.candidates.map((c) => c.id)],
        facts: [only.fact],
        summary: `${describeFacts([only.fact], this.namer)} None is on ${writer.realmSlug}, so the note cannot tell which is meant.`,
      });
      this.suggestMainsUsers(writer, only.candidates, facts);
      return null;
    }

    const first = [...targets.entries()][0];
    if (!first) return null;
    const [node, agreeing] = first;
    const best = agreeing.reduce((a, b) => (this.noteScore(b) > this.noteScore(a) ? b : a));
    if (best.kind === 'character') {
      const writerDraft = this.draftOfCharacter.get(writer.id);
      const mainDraft = this.draftOfCharacter.get(best.main.id);
      if (writerDraft && writerDraft === mainDraft) return null; // already together: nothing to do
      if (writerDraft && mainDraft) {
        // The link wins: a note never moves a character an officer (or an earlier run) placed.
        const how = writerDraft.methods.get(`c:${writer.id}`) ?? 'unrecorded';
        this.conflict({
          kind: 'note_contradicts_link',
          characterIds: [writer.id, best.main.id],
          personIds: [writerDraft.ref, mainDraft.ref],
          facts: [...facts, this.existingLinkFact(writerDraft, writer.id)],
          summary: `${describeFacts([best.fact], this.namer)} But ${characterLabel(writer)} is linked to ${this.memberText(writerDraft)} (${how === 'unrecorded' ? 'a link with no recorded method' : `a ${how} link`}), not to ${this.memberText(mainDraft)}; the link is kept.`,
        });
        return null;
      }
    }
    return { from: writer, to: node, score: this.noteScore(best), fact: best.fact };
  }

  private noteScore(r: Resolution): number {
    return r.kind === 'unknown' ? NOTE_KEY_UNKNOWN_MAIN_SCORE : NOTE_KEY_SCORES[r.fact.form];
  }

  /** A doubtful note still hints at a person: suggest the Discord users of the mains it could mean. */
  private suggestMainsUsers(writer: MatchCharacter, mains: readonly MatchCharacter[], facts: EvidenceFact[]): void {
    for (const main of mains) {
      const userId = this.draftOfCharacter.get(main.id)?.discordUserId;
      if (!userId) continue;
      const reason = `${describeFacts(facts, this.namer)} ${main.name}'s member is ${this.namer.discordUser(userId)}.`;
      this.suggest(writer.id, userId, NOTE_KEY_SUGGESTION_SCORE, 'note_key', reason, facts);
    }
  }

  /**
   * Joins characters connected by note edges. The decision is per connected component, so it
   * cannot depend on the order edges are seen: a component touching two existing members is a
   * conflict as a whole (members are never merged automatically), one touching one member adds
   * its unlinked characters to it, and one touching none becomes a new member.
   */
  private groupByEdges(edges: readonly MainEdge[]): void {
    // Union-find over numbers: characters by their index in the id-sorted list, then the names
    // no character has. The smaller number becomes the root, so components and their order
    // come out the same whatever the order of the edges.
    const indexOf = new Map(this.characters.map((c, i) => [c.id, i]));
    const unknownIndex = new Map<string, number>();
    const nodeOf = (node: string): number => {
      if (node.startsWith('c:')) return indexOf.get(node.slice(2)) ?? -1;
      let index = unknownIndex.get(node);
      if (index === undefined) unknownIndex.set(node, (index = this.characters.length + unknownIndex.size));
      return index;
    };
    const pairs = edges.map((e) => [indexOf.get(e.from.id) ?? -1, nodeOf(e.to)] as const);
    const parent = new Int32Array(this.characters.length + unknownIndex.size).map((_, i) => i);
    const find = (node: number): number => {
      let root = node;
      while (parent[root] !== root) root = parent[root];
      for (let walk = node; walk !== root;) {
        const next = parent[walk];
        parent[walk] = root;
        walk = next;
      }
      return root;
    };
    const touched = new Set<number>();
    for (const [a, b] of pairs) {
      if (a < 0 || b < 0) continue;
      touched.add(a);
      touched.add(b);
      const ra = find(a);
      const rb = find(b);
      if (ra < rb) parent[rb] = ra;
      else if (rb < ra) parent[ra] = rb;
    }
    const components = new Map<number, string[]>();
    for (const node of [...touched].sort((x, y) => x - y)) {
      // Only characters matter from here; names no character has only connected them.
      if (node < this.characters.length) pushTo(components, find(node), this.characters[node].id);
    }
    const outgoing = new Map(edges.map((e) => [e.from.id, e]));
    const incoming = new Map<string, MainEdge[]>();
    for (const e of edges) pushTo(incoming, e.to, e);

    for (const characterIds of components.values()) {
      const drafts = [
        ...new Set(characterIds.map((id) => this.draftOfCharacter.get(id)).filter((d): d is Draft => d !== undefined)),
      ];
      const unlinked = characterIds.filter((id) => !this.draftOfCharacter.has(id));
      if (unlinked.length === 0) continue;
      const facts = characterIds.flatMap((id) => outgoing.get(id)?.fact ?? []);

      if (drafts.length > 1) {
        this.conflict({
          kind: 'members_collide',
          characterIds,
          personIds: drafts.map((d) => d.ref),
          facts,
          summary: `Notes connect ${this.characterList(unlinked)} to ${drafts.length} different members (${drafts.map((d) => this.memberText(d)).join(', ')}); members are never merged automatically, so an officer has to link them.`,
        });
        continue;
      }
      let draft: Draft | undefined = drafts[0];
      const userId = draft?.discordUserId ?? null;
      const refused = userId ? unlinked.filter((id) => this.rejected.has(pairKey(id, userId))) : [];
      if (draft && userId && refused.length > 0) {
        this.conflict({
          kind: 'rejected_pair',
          characterIds,
          discordUserIds: [userId],
          personIds: [draft.ref],
          facts: [...facts, ...refused.map((id): EvidenceFact => ({ kind: 'rejected', characterId: id, discordUserId: userId }))],
          summary: `Notes would put ${this.characterList(refused)} in the member of ${this.namer.discordUser(userId)}, which an officer rejected; nothing is linked.`,
        });
        continue;
      }
      if (!draft) {
        if (characterIds.length < 2) continue; // an alt of an unknown main, alone: no one to group with
        draft = this.newDraft(`new:${characterIds[0]}`, null, null);
        draft.mainCharacterId = this.mostNamed(characterIds, incoming);
      }
      for (const id of unlinked) this.linkNoteKeyCharacter(draft, id, outgoing.get(id), incoming.get(`c:${id}`) ?? [], incoming);
    }
  }

  /** The character most notes name as main (ties: lowest id). */
  private mostNamed(characterIds: readonly string[], incoming: ReadonlyMap<string, MainEdge[]>): string | null {
    let best: string | null = null;
    let bestCount = 0;
    for (const id of characterIds) {
      const count = incoming.get(`c:${id}`)?.length ?? 0;
      if (count > bestCount) {
        best = id;
        bestCount = count;
      }
    }
    return best;
  }

  private linkNoteKeyCharacter(
    draft: Draft,
    characterId: string,
    own: MainEdge | undefined,
    namedBy: readonly MainEdge[],
    incoming: ReadonlyMap<string, MainEdge[]>,
  ): void {
    let facts: EvidenceFact[];
    let score: number;
    let summary: string;
    if (own) {
      facts = [own.fact];
      score = own.score;
      summary = describeFacts(facts, this.namer);
      if (own.to.startsWith('k:')) {
        // The main is no character: the link rests on other alts naming the same main.
        const siblings = (incoming.get(own.to) ?? []).filter((e) => e.from.id !== characterId);
        facts = [...facts, ...siblings.map((e) => e.fact)];
        summary = `${summary} ${siblings.map((e) => characterLabel(e.from)).join(', ')} name${siblings.length === 1 ? 's' : ''} the same main.`;
      }
    } else {
      facts = namedBy.map((e) => e.fact);
      score = Math.max(...namedBy.map((e) => e.score));
      summary = `Named as main by ${namedBy.length === 1 ? 'the note' : 'the notes'} of ${namedBy.map((e) => characterLabel(e.from)).join(', ')}: ${describeFacts(facts, this.namer)}`;
    }
    this.attachCharacter(draft, characterId);
    this.addLink(draft, { characterId, discordUserId: null }, 'note_key', score, summary, facts);
  }

  // ---- pass 3: notes naming a Discord user ------------------------------------------------

  private noteHintPass(index: DiscordNameIndex): void {
    const claims: UserClaim[] = [];
    for (const c of this.characters) {
      for (const field of ['guildNote', 'officerNote'] as const) {
        const note = c[field];
        for (const hint of this.notesOf(c)[field].hints) {
          const hits = index.lookupHandle(hint.handle);
          const has = this.draftOfCharacter.get(c.id)?.discordUserId;
          // Several users answer to the handle, but the member already has one of them: settled.
          if (hits.length > 1 && has && hits.some((h) => h.user.userId === has)) continue;
          const base = {
            kind: 'note_hint',
            characterId: c.id,
            field,
            note: note ?? '',
            form: hint.form,
            named: hint.handle,
          } as const;
          if (hits.length === 1) {
            const fact: EvidenceFact = { ...base, discordUserId: hits[0].user.userId, matchedField: hits[0].field };
            claims.push({ characterId: c.id, userId: hits[0].user.userId, score: NOTE_HINT_SCORES[hits[0].field], fact });
          } else if (hits.length === 0) {
            const fact: EvidenceFact = { ...base, discordUserId: null, matchedField: null };
            this.conflict({
              kind: 'hint_not_found',
              characterIds: [c.id],
              facts: [fact],
              summary: `${describeFacts([fact], this.namer)} Nothing is linked by it; check the spelling or whether the user left the server.`,
            });
          } else {
            const candidateIds = hits.map((h) => h.user.userId);
            const fact: EvidenceFact = { ...base, discordUserId: null, matchedField: null, candidateIds };
            const summary = `${describeFacts([fact], this.namer)} Nothing is linked until an officer picks one.`;
            this.conflict({
              kind: 'ambiguous_hint',
              characterIds: [c.id],
              discordUserIds: candidateIds,
              facts: [fact],
              summary,
            });
            for (const hit of hits)
              this.suggest(c.id, hit.user.userId, NOTE_HINT_SCORES[hit.field], 'note_hint', summary, [fact]);
          }
        }
      }
    }
    this.attachUsers(claims, 'note_hint');
  }

  // ---- pass 4: a character name equal to a Discord name -----------------------------------

  private exactNamePass(index: DiscordNameIndex): void {
    const claims: UserClaim[] = [];
    // Characters that left the guild are history: a Discord link for them would only compete
    // with the characters that play now.
    for (const c of this.characters) {
      if (!c.inGuild || this.draftOfCharacter.get(c.id)?.discordUserId) continue;
      const key = this.keyOf(c);
      const hits = index.lookupName(key).filter((hit) => !this.rejected.has(pairKey(c.id, hit.user.userId)));
      if (hits.length === 0) continue;
      this.exactlyNamed.add(c.id);
      const facts = hits.map((hit): EvidenceFact => ({
        kind: 'name_match',
        characterId: c.id,
        characterName: c.name,
        discordUserId: hit.user.userId,
        field: hit.field,
        value: hit.value,
        key,
      }));
      if (hits.length > MAX_EXACT_NAME_CANDIDATES) {
        this.conflict({
          kind: 'name_too_common',
          characterIds: [c.id],
          facts: [],
          summary: `The character name ${characterLabel(c)} equals the names of ${hits.length} Discord members; that is no evidence, so nothing is linked or suggested by it.`,
        });
        continue;
      }
      if (hits.length > 1) {
        const summary = `${describeFacts(facts, this.namer)} With ${hits.length} Discord members answering to the name, an officer has to choose.`;
        this.conflict({
          kind: 'ambiguous_name',
          characterIds: [c.id],
          discordUserIds: hits.map((h) => h.user.userId),
          facts,
          summary,
        });
        hits.forEach((hit, i) =>
          this.suggest(c.id, hit.user.userId, EXACT_NAME_SCORES[hit.field], 'exact_name', summary, [facts[i]]),
        );
        continue;
      }
      claims.push({ characterId: c.id, userId: hits[0].user.userId, score: EXACT_NAME_SCORES[hits[0].field], fact: facts[0] });
    }
    this.attachUsers(claims, 'exact_name');
  }

  /**
   * Gives members (or lone characters) the Discord user their claims point at, when the evidence
   * is unanimous: one user per member, one member per user, no officer rejection in the way and
   * the user not already someone else's. Decided per user over all claims at once, so the order
   * of characters cannot change who wins.
   */
  private attachUsers(claims: readonly UserClaim[], method: 'note_hint' | 'exact_name'): void {
    const byGroup = new Map<string, UserClaim[]>();
    for (const claim of claims) {
      const ref = this.draftOfCharacter.get(claim.characterId)?.ref ?? `char:${claim.characterId}`;
      pushTo(byGroup, ref, claim);
    }
    const wanted = new Map<string, ClaimGroup[]>();
    for (const [ref, groupClaims] of [...byGroup.entries()].sort((a, b) => byString(a[0], b[0]))) {
      const group: ClaimGroup = { ref, draft: this.draftOfCharacter.get(groupClaims[0].characterId), claims: groupClaims };
      const choice = this.agreedUser(group, method);
      if (choice) pushTo(wanted, choice.userId, choice.group);
    }
    for (const [userId, groups] of [...wanted.entries()].sort((a, b) => byString(a[0], b[0]))) {
      this.giveUser(userId, groups, method);
    }
  }

  /** The one Discord user a group's claims agree on, after officers' rejections; or null, said why. */
  private agreedUser(group: ClaimGroup, method: 'note_hint' | 'exact_name'): { userId: string; group: ClaimGroup } | null {
    const { draft } = group;
    if (draft?.discordUserId) {
      // Already has one. A note naming another is worth telling; a coinciding name is not.
      if (method === 'note_hint') this.hintsAgainstLink(draft, group.claims);
      return null;
    }
    // "Never link them automatically": no claim may put a character with a user an officer rejected for it.
    const groupCharacters = draft ? [...draft.characterIds] : [group.claims[0].characterId];
    const usable: UserClaim[] = [];
    for (const claim of group.claims) {
      const refusedBy = groupCharacters.filter((id) => this.rejected.has(pairKey(id, claim.userId)));
      if (refusedBy.length === 0) {
        usable.push(claim);
        continue;
      }
      this.conflict({
        kind: 'rejected_pair',
        characterIds: [claim.characterId, ...refusedBy],
        discordUserIds: [claim.userId],
        personIds: draft ? [draft.ref] : [],
        facts: [
          claim.fact,
          ...refusedBy.map((id): EvidenceFact => ({ kind: 'rejected', characterId: id, discordUserId: claim.userId })),
        ],
        summary: `${describeFacts([claim.fact], this.namer)} But an officer rejected ${this.characterList(refusedBy)} as ${this.namer.discordUser(claim.userId)}, and they would be one member; nothing is linked.`,
      });
    }
    const users = [...new Set(usable.map((cl) => cl.userId))].sort(byString);
    if (users.length === 0) return null;
    if (users.length > 1) {
      const facts = usable.map((cl) => cl.fact);
      const summary = `${describeFacts(facts, this.namer)} A member has one Discord user, so an officer has to choose.`;
      this.conflict({
        kind: 'discord_users_disagree',
        characterIds: usable.map((cl) => cl.characterId),
        discordUserIds: users,
        personIds: draft ? [draft.ref] : [],
        facts,
        summary,
      });
      for (const cl of usable) this.suggest(cl.characterId, cl.userId, cl.score, method, summary, [cl.fact]);
      return null;
    }
    return { userId: users[0], group: { ...group, claims: usable } };
  }

  private hintsAgainstLink(draft: Draft, claims: readonly UserClaim[]): void {
    const has = draft.discordUserId;
    if (!has) return;
    for (const claim of claims) {
      if (claim.userId === has) continue;
      this.conflict({
        kind: 'hint_contradicts_link',
        characterIds: [claim.characterId],
        discordUserIds: [claim.userId, has],
        personIds: [draft.ref],
        facts: [claim.fact, this.existingLinkFact(draft, null)],
        summary: `${describeFacts([claim.fact], this.namer)} But its member is ${this.memberText(draft)} (${this.methodText(draft, `d:${has}`)}); the link is kept.`,
      });
    }
  }

  /** Links the user to the one group that wants it, unless several do or it is taken. */
  private giveUser(userId: string, groups: readonly ClaimGroup[], method: 'note_hint' | 'exact_name'): void {
    const claims = groups.flatMap((g) => g.claims);
    const facts = claims.map((cl) => cl.fact);
    const holder = this.draftOfUser.get(userId);
    const user = this.namer.discordUser(userId);
    if (groups.length > 1 || holder) {
      const why = holder
        ? `But ${user} is already ${this.memberText(holder)} (${this.methodText(holder, `d:${userId}`)}), with ${this.characterList([...holder.characterIds])}; nothing is moved.`
        : `Those characters are not one member, and ${user} can be only one member's; an officer has to choose.`;
      const summary = `${describeFacts(facts, this.namer)} ${why}`;
      const personIds = [...groups.flatMap((g) => (g.draft ? [g.draft.ref] : [])), ...(holder ? [holder.ref] : [])];
      this.conflict({
        kind: groups.length > 1 ? 'discord_user_claimed' : 'discord_user_taken',
        characterIds: claims.map((cl) => cl.characterId),
        discordUserIds: [userId],
        personIds,
        facts,
        summary,
      });
      for (const cl of claims) this.suggest(cl.characterId, userId, cl.score, method, summary, [cl.fact]);
      return;
    }
    const score = Math.max(...claims.map((cl) => cl.score));
    const summary = describeFacts(facts, this.namer);
    let draft = groups[0].draft;
    if (!draft) {
      // A lone character and its Discord user: a new member, both linked by the same evidence.
      const characterId = claims[0].characterId;
      draft = this.newDraft(`new:${characterId}`, null, null);
      draft.mainCharacterId = characterId;
      this.attachCharacter(draft, characterId);
      this.addLink(draft, { characterId, discordUserId: null }, method, score, summary, facts);
    }
    this.attachUser(draft, userId);
    this.addLink(draft, { characterId: null, discordUserId: userId }, method, score, summary, facts);
  }

  // ---- pass 5: close names become suggestions ---------------------------------------------

  private fuzzyPass(): void {
    const threshold = this.input.options?.fuzzyThreshold ?? DEFAULT_FUZZY_THRESHOLD;
    // Users already somebody's are left out: a close name is too weak to question a link.
    const free = this.eligibleUsers.filter((u) => !this.draftOfUser.has(u.userId));
    const index = new FuzzyNameIndex(free, this.discordNames);
    const alreadySuggested = new Set([...this.suggestionCandidates.values()].map((s) => s.characterId));
    for (const c of this.characters) {
      if (
        !c.inGuild ||
        this.draftOfCharacter.get(c.id)?.discordUserId ||
        alreadySuggested.has(c.id) ||
        this.exactlyNamed.has(c.id)
      )
        continue;
      for (const hit of index.query(this.keyOf(c), threshold)) {
        const similarity = roundScore(hit.similarity);
        const fact: EvidenceFact = {
          kind: 'fuzzy_name',
          characterId: c.id,
          characterName: c.name,
          discordUserId: hit.user.userId,
          field: hit.field,
          value: hit.value,
          similarity,
        };
        this.suggest(c.id, hit.user.userId, hit.similarity * FUZZY_WEIGHT, 'fuzzy', describeFacts([fact], this.namer), [fact]);
      }
    }
  }

  // ---- the plan ---------------------------------------------------------------------------

  private buildPlan(): MatchingPlan {
    const table = this.input.ranks ?? DEFAULT_RANK_TABLE;
    const members: PlannedMember[] = [...this.drafts.values()]
      .sort((a, b) => byString(a.ref, b.ref))
      .map((draft): PlannedMember => {
        const characterIds = [...draft.characterIds].sort(byString);
        const characters = characterIds
          .map((id) => this.characterById.get(id))
          .filter((c): c is MatchCharacter => c !== undefined);
        const rank = memberRank(characters, table, draft.rankOverride);
        const rankChanged =
          draft.storedRankLevel !== undefined && draft.personId !== null && draft.storedRankLevel !== rank.level;
        const status = draft.personId === null ? 'new' : draft.gainedSubjects || rankChanged ? 'updated' : 'unchanged';
        return {
          ref: draft.ref,
          personId: draft.personId,
          status,
          characterIds,
          discordUserId: draft.discordUserId,
          mainCharacterId: draft.mainCharacterId,
          rank,
          rankChanged,
        };
      });

    const links = [...this.links].sort(
      (a, b) =>
        byString(a.memberRef, b.memberRef) ||
        byString(a.characterId ?? '', b.characterId ?? '') ||
        byString(a.discordUserId ?? '', b.discordUserId ?? ''),
    );
    const suggestions = this.finalSuggestions();
    const conflicts = [...this.conflicts.entries()].sort((a, b) => byString(a[0], b[0])).map(([, c]) => c);
    return {
      members,
      links,
      suggestions,
      conflicts,
      counts: { linked: links.length, suggested: suggestions.length, unchanged: this.unchanged },
    };
  }

  /**
   * Suggestions are collected as the passes go and decided at the end, against the final state:
   * only characters still without a Discord user get them, never for a pair an officer rejected,
   * the best few per character.
   */
  private finalSuggestions(): Suggestion[] {
    const limit = this.input.options?.maxSuggestionsPerCharacter ?? DEFAULT_MAX_SUGGESTIONS_PER_CHARACTER;
    const eligible = new Set(this.eligibleUsers.map((u) => u.userId));
    const byCharacter = new Map<string, Suggestion[]>();
    for (const s of this.suggestionCandidates.values()) {
      if (this.draftOfCharacter.get(s.characterId)?.discordUserId) continue;
      if (this.rejected.has(pairKey(s.characterId, s.discordUserId)) || !eligible.has(s.discordUserId)) continue;
      pushTo(byCharacter, s.characterId, s);
    }
    return [...byCharacter.entries()]
      .sort((a, b) => byString(a[0], b[0]))
      .flatMap(([, list]) =>
        list.sort((a, b) => b.score - a.score || byString(a.discordUserId, b.discordUserId)).slice(0, limit),
      );
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** A character's name key, computed once: passes 2, 4 and 5 all need it. */
  private keyOf(c: MatchCharacter): string {
    let key = this.keys.get(c.id);
    if (key === undefined) {
      key = nameKey(c.name);
      this.keys.set(c.id, key);
    }
    return key;
  }

  /** A character's notes, parsed once: passes 2 and 3 both read them. */
  private notesOf(c: MatchCharacter): Record<NoteField, ParsedNote> {
    let parsed = this.parsedNotes.get(c.id);
    if (!parsed) {
      parsed = { guildNote: parseNote(c.guildNote), officerNote: parseNote(c.officerNote) };
      this.parsedNotes.set(c.id, parsed);
    }
    return parsed;
  }

  private newDraft(ref: string, personId: string | null, member: ExistingMember | null): Draft {
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

  private attachCharacter(draft: Draft, characterId: string): void {
    draft.characterIds.add(characterId);
    this.draftOfCharacter.set(characterId, draft);
  }

  private attachUser(draft: Draft, userId: string): void {
    draft.discordUserId = userId;
    this.draftOfUser.set(userId, draft);
  }

  private addLink(
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

  private suggest(
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

  private conflict(spec: ConflictSpec): void {
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

  private inconsistent(spec: Omit<ConflictSpec, 'kind' | 'facts'>): void {
    this.conflict({ ...spec, kind: 'inconsistent_input', facts: [] });
  }

  private characterList(ids: readonly string[]): string {
    return ids.map((id) => this.namer.character(id)).join(', ');
  }

  private existingLinkFact(draft: Draft, characterId: string | null): EvidenceFact {
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
  private memberText(draft: Draft): string {
    if (draft.discordUserId) return `the member of ${this.namer.discordUser(draft.discordUserId)}`;
    const first = draft.mainCharacterId ?? [...draft.characterIds].sort(byString)[0];
    return first ? `the member of ${this.namer.character(first)}` : `member ${draft.ref}`;
  }

  private methodText(draft: Draft, subject: string): string {
    const method = draft.methods.get(subject) ?? 'unrecorded';
    return method === 'unrecorded' ? 'a link with no recorded method' : `a ${method} link`;
  }
}
