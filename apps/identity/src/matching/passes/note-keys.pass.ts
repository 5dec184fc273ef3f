// Pass 2: notes naming a main group alts with their main (`note_key`). Each character's notes
// resolve to at most one main (an edge); edges are joined by union-find and decided per
// connected component, so the order they are seen in cannot change the result.
import { squashedRealm } from '@patt/wow';
import { characterLabel, describeFacts } from '../evidence';
import type { MainClaim } from '../notes';
import { NOTE_KEY_SCORES, NOTE_KEY_SUGGESTION_SCORE, NOTE_KEY_UNKNOWN_MAIN_SCORE } from '../scores';
import { pairKey, pushTo, type Draft, type MatchState } from '../state';
import type { EvidenceFact, MatchCharacter, NoteField } from '../types';

type NoteMainFact = Extract<EvidenceFact, { kind: 'note_main' }>;

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

/** Forms explicit enough to group alts by a main no character has ("alt of Zed" twice is one person). */
const EXPLICIT_FORMS: ReadonlySet<string> = new Set(['alt_of', 'possessive_alt', 'main_is']);

export function noteKeyPass(state: MatchState): void {
  const byKey = state.charactersByKey;

  const edges: MainEdge[] = [];
  for (const writer of state.characters) {
    const resolutions: Resolution[] = [];
    for (const field of ['guildNote', 'officerNote'] as const) {
      const note = writer[field];
      for (const claim of state.notesOf(writer)[field].mains) {
        const resolution = resolveMain(state, writer, field, note ?? '', claim, byKey);
        if (resolution) resolutions.push(resolution);
      }
    }
    const edge = decideMain(state, writer, resolutions);
    if (edge) edges.push(edge);
  }
  groupByEdges(state, edges);
}

/** Which character a note's name means; null when it is the writer itself or means nothing. */
function resolveMain(
  state: MatchState,
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
      if (onRealm.length === 1)
        return {
          kind: 'character',
          main: onRealm[0],
          fact: fact('named_realm', onRealm[0]),
        };
      continue;
    }
    if (candidates.length === 1)
      return {
        kind: 'character',
        main: candidates[0],
        fact: fact('unique', candidates[0]),
      };
    // The same name on several realms: the one on the writer's realm, else no way to tell.
    const sameRealm = candidates.filter((c) => c.realmSlug === writer.realmSlug);
    if (sameRealm.length === 1)
      return {
        kind: 'character',
        main: sameRealm[0],
        fact: fact('same_realm', sameRealm[0]),
      };
    return {
      kind: 'ambiguous',
      candidates,
      fact: fact('ambiguous', null, candidates),
    };
  }
  // No character has the name. Only explicit alt phrasing is trusted to group alts by it:
  // a bare word or "pvp alt" names no one.
  if (!EXPLICIT_FORMS.has(claim.form)) return null;
  return { kind: 'unknown', key: claim.keys[0], fact: fact('unknown', null) };
}

/** One main per character: agreeing notes make an edge, disagreeing or doubtful ones a conflict. */
function decideMain(state: MatchState, writer: MatchCharacter, resolutions: Resolution[]): MainEdge | null {
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
    state.conflict({
      kind: 'contradictory_notes',
      characterIds: [writer.id],
      facts,
      summary: `The notes of ${characterLabel(writer)} name different mains (${[...new Set(resolutions.map((r) => r.fact.named))].join(', ')}); it is not linked by note until they agree.`,
    });
    suggestMainsUsers(state, writer, mains, facts);
    return null;
  }
  if (ambiguous.length === 1) {
    const only = ambiguous[0];
    state.conflict({
      kind: 'ambiguous_main',
      characterIds: [writer.id, ...only.candidates.map((c) => c.id)],
      facts: [only.fact],
      summary: `${describeFacts([only.fact], state.namer)} None is on ${writer.realmSlug}, so the note cannot tell which is meant.`,
    });
    suggestMainsUsers(state, writer, only.candidates, facts);
    return null;
  }

  const first = [...targets.entries()][0];
  if (!first) return null;
  const [node, agreeing] = first;
  const best = agreeing.reduce((a, b) => (noteScore(b) > noteScore(a) ? b : a));
  if (best.kind === 'character') {
    const writerDraft = state.draftOfCharacter.get(writer.id);
    const mainDraft = state.draftOfCharacter.get(best.main.id);
    if (writerDraft && writerDraft === mainDraft) return null; // already together: nothing to do
    if (writerDraft && mainDraft) {
      // The link wins: a note never moves a character an officer (or an earlier run) placed.
      const how = writerDraft.methods.get(`c:${writer.id}`) ?? 'unrecorded';
      state.conflict({
        kind: 'note_contradicts_link',
        characterIds: [writer.id, best.main.id],
        personIds: [writerDraft.ref, mainDraft.ref],
        facts: [...facts, state.existingLinkFact(writerDraft, writer.id)],
        summary: `${describeFacts([best.fact], state.namer)} But ${characterLabel(writer)} is linked to ${state.memberText(writerDraft)} (${how === 'unrecorded' ? 'a link with no recorded method' : `a ${how} link`}), not to ${state.memberText(mainDraft)}; the link is kept.`,
      });
      return null;
    }
  }
  return { from: writer, to: node, score: noteScore(best), fact: best.fact };
}

function noteScore(r: Resolution): number {
  return r.kind === 'unknown' ? NOTE_KEY_UNKNOWN_MAIN_SCORE : NOTE_KEY_SCORES[r.fact.form];
}

/** A doubtful note still hints at a person: suggest the Discord users of the mains it could mean. */
function suggestMainsUsers(
  state: MatchState,
  writer: MatchCharacter,
  mains: readonly MatchCharacter[],
  facts: EvidenceFact[],
): void {
  for (const main of mains) {
    const userId = state.draftOfCharacter.get(main.id)?.discordUserId;
    if (!userId) continue;
    const reason = `${describeFacts(facts, state.namer)} ${main.name}'s member is ${state.namer.discordUser(userId)}.`;
    state.suggest(writer.id, userId, NOTE_KEY_SUGGESTION_SCORE, 'note_key', reason, facts);
  }
}

/**
 * Joins characters connected by note edges. The decision is per connected component, so it
 * cannot depend on the order edges are seen: a component touching two existing members is a
 * conflict as a whole (members are never merged automatically), one touching one member adds
 * its unlinked characters to it, and one touching none becomes a new member.
 */
function groupByEdges(state: MatchState, edges: readonly MainEdge[]): void {
  // Union-find over numbers: characters by their index in the id-sorted list, then the names
  // no character has. The smaller number becomes the root, so components and their order
  // come out the same whatever the order of the edges.
  const indexOf = new Map(state.characters.map((c, i) => [c.id, i]));
  const unknownIndex = new Map<string, number>();
  const nodeOf = (node: string): number => {
    if (node.startsWith('c:')) return indexOf.get(node.slice(2)) ?? -1;
    let index = unknownIndex.get(node);
    if (index === undefined) unknownIndex.set(node, (index = state.characters.length + unknownIndex.size));
    return index;
  };
  const pairs = edges.map((e) => [indexOf.get(e.from.id) ?? -1, nodeOf(e.to)] as const);
  const parent = new Int32Array(state.characters.length + unknownIndex.size).map((_, i) => i);
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
    if (node < state.characters.length) pushTo(components, find(node), state.characters[node].id);
  }
  const outgoing = new Map(edges.map((e) => [e.from.id, e]));
  const incoming = new Map<string, MainEdge[]>();
  for (const e of edges) pushTo(incoming, e.to, e);

  for (const characterIds of components.values()) {
    const drafts = [
      ...new Set(characterIds.map((id) => state.draftOfCharacter.get(id)).filter((d): d is Draft => d !== undefined)),
    ];
    const unlinked = characterIds.filter((id) => !state.draftOfCharacter.has(id));
    if (unlinked.length === 0) continue;
    const facts = characterIds.flatMap((id) => outgoing.get(id)?.fact ?? []);

    if (drafts.length > 1) {
      state.conflict({
        kind: 'members_collide',
        characterIds,
        personIds: drafts.map((d) => d.ref),
        facts,
        summary: `Notes connect ${state.characterList(unlinked)} to ${drafts.length} different members (${drafts.map((d) => state.memberText(d)).join(', ')}); members are never merged automatically, so an officer has to link them.`,
      });
      continue;
    }
    let draft: Draft | undefined = drafts[0];
    const userId = draft?.discordUserId ?? null;
    const refused = userId ? unlinked.filter((id) => state.rejected.has(pairKey(id, userId))) : [];
    if (draft && userId && refused.length > 0) {
      state.conflict({
        kind: 'rejected_pair',
        characterIds,
        discordUserIds: [userId],
        personIds: [draft.ref],
        facts: [
          ...facts,
          ...refused.map((id): EvidenceFact => ({
            kind: 'rejected',
            characterId: id,
            discordUserId: userId,
          })),
        ],
        summary: `Notes would put ${state.characterList(refused)} in the member of ${state.namer.discordUser(userId)}, which an officer rejected; nothing is linked.`,
      });
      continue;
    }
    if (!draft) {
      if (characterIds.length < 2) continue; // an alt of an unknown main, alone: no one to group with
      draft = state.newDraft(`new:${characterIds[0]}`, null, null);
      draft.mainCharacterId = mostNamed(characterIds, incoming);
    }
    for (const id of unlinked) linkNoteKeyCharacter(state, draft, id, outgoing.get(id), incoming.get(`c:${id}`) ?? [], incoming);
  }
}

/** The character most notes name as main (ties: lowest id). */
function mostNamed(characterIds: readonly string[], incoming: ReadonlyMap<string, MainEdge[]>): string | null {
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

function linkNoteKeyCharacter(
  state: MatchState,
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
    summary = describeFacts(facts, state.namer);
    if (own.to.startsWith('k:')) {
      // The main is no character: the link rests on other alts naming the same main.
      const siblings = (incoming.get(own.to) ?? []).filter((e) => e.from.id !== characterId);
      facts = [...facts, ...siblings.map((e) => e.fact)];
      summary = `${summary} ${siblings.map((e) => characterLabel(e.from)).join(', ')} name${siblings.length === 1 ? 's' : ''} the same main.`;
    }
  } else {
    facts = namedBy.map((e) => e.fact);
    score = Math.max(...namedBy.map((e) => e.score));
    summary = `Named as main by ${namedBy.length === 1 ? 'the note' : 'the notes'} of ${namedBy.map((e) => characterLabel(e.from)).join(', ')}: ${describeFacts(facts, state.namer)}`;
  }
  state.attachCharacter(draft, characterId);
  state.addLink(draft, { characterId, discordUserId: null }, 'note_key', score, summary, facts);
}
