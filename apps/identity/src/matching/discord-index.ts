// Indexes over Discord members, so each character is looked up in O(1) (exact names, hints) or
// against a bounded candidate set (fuzzy) instead of against every Discord member.
import { foldName, nameKey, nameWords } from '@patt/wow';
import { MAX_EXACT_NAME_CANDIDATES } from './scores';
import { BONUS_FROM, nameSimilarity, trigrams } from './similarity';
import type { DiscordNameField, MatchDiscordMember } from './types';

/** A Discord member whose name matched a character name, and which of its names did. */
export interface NameHit {
  user: MatchDiscordMember;
  field: DiscordNameField;
  /** The username or display name as Discord has it. */
  value: string;
}

/** Strongest first: a username is chosen by its owner and unique on Discord; a word is the weakest. */
const FIELD_STRENGTH: Readonly<Record<DiscordNameField, number>> = { username: 3, displayName: 2, displayNameWord: 1 };

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface DiscordName {
  key: string;
  field: DiscordNameField;
  value: string;
  /**
   * Whether the fuzzy pass compares it. Not the whole of a display name of several words: its
   * words are compared one by one, and "bigtrog" being close to something says nothing more.
   */
  fuzzy: boolean;
}

/** The keys a Discord member is known by: username, whole display name, words of the display name. */
export function namesOf(user: MatchDiscordMember): DiscordName[] {
  const names: DiscordName[] = [];
  const add = (key: string, field: DiscordNameField, value: string, fuzzy: boolean): void => {
    if (key.length < 2 || names.some((n) => n.key === key)) return;
    names.push({ key, field, value, fuzzy });
  };
  add(nameKey(user.username), 'username', user.username, true);
  if (user.displayName) {
    const words = nameWords(user.displayName);
    add(nameKey(user.displayName), 'displayName', user.displayName, words.length <= 1);
    // "Trog | Tank" and "Big Trog": the character is often one word of the display name.
    for (const word of words) add(nameKey(word), 'displayNameWord', user.displayName, true);
  }
  return names;
}

/** Folding names costs; a run computes each member's names once and both indexes share them. */
export type DiscordNames = (user: MatchDiscordMember) => DiscordName[];

export function discordNamesOnce(): DiscordNames {
  const cache = new Map<string, DiscordName[]>();
  return (user) => {
    let names = cache.get(user.userId);
    if (!names) {
      names = namesOf(user);
      cache.set(user.userId, names);
    }
    return names;
  };
}

/** What the exact index needs to hold: only names some character has, only handles some note names. */
export interface ExactIndexScope {
  /** Whether a name key is some character's: other keys can never be looked up. */
  isCharacterKey: (key: string) => boolean;
  /** The handles the notes name (folded). */
  handles: Iterable<string>;
}

/**
 * Exact lookups: by name key (pass 4) and by a handle a note names (pass 3). Restricted to the
 * keys and handles that will be looked up, so it stays as small as the matches, not the server.
 */
export class DiscordNameIndex {
  private readonly byKey = new Map<string, NameHit[]>();
  private readonly byFoldedUsername = new Map<string, MatchDiscordMember[]>();
  private readonly byHandleKey = new Map<string, Array<{ user: MatchDiscordMember; field: 'username' | 'displayName' }>>();

  /** `users` must be sorted by userId: every list keeps that order, so answers are deterministic. */
  constructor(users: readonly MatchDiscordMember[], scope: ExactIndexScope, names: DiscordNames = namesOf) {
    const handles = [...scope.handles];
    const foldedHandles = new Set(handles.map((h) => foldName(h)));
    const handleKeys = new Set(handles.map((h) => nameKey(h)));
    for (const user of users) {
      for (const { key, field, value } of names(user)) {
        if (scope.isCharacterKey(key)) pushTo(this.byKey, key, { user, field, value });
      }
      if (handles.length === 0) continue;
      const folded = foldName(user.username);
      if (foldedHandles.has(folded)) pushTo(this.byFoldedUsername, folded, user);
      const usernameKey = nameKey(user.username);
      if (handleKeys.has(usernameKey)) pushTo(this.byHandleKey, usernameKey, { user, field: 'username' });
      if (user.displayName) {
        const displayKey = nameKey(user.displayName);
        if (displayKey !== usernameKey && handleKeys.has(displayKey))
          pushTo(this.byHandleKey, displayKey, { user, field: 'displayName' });
      }
    }
  }

  /** Discord members whose username, display name or a display-name word equals the key; one hit per member, its strongest. */
  lookupName(key: string): NameHit[] {
    const hits = this.byKey.get(key);
    if (!hits) return [];
    const best = new Map<string, NameHit>();
    for (const hit of hits) {
      const known = best.get(hit.user.userId);
      if (!known || FIELD_STRENGTH[hit.field] > FIELD_STRENGTH[known.field]) best.set(hit.user.userId, hit);
    }
    return [...best.values()];
  }

  /**
   * The Discord members a note's handle names: an exact username (folded) first, since usernames
   * are unique; otherwise username or display name compared as name keys ("Trog_" = "trog").
   */
  lookupHandle(handle: string): Array<{ user: MatchDiscordMember; field: 'username' | 'displayName' }> {
    const exact = this.byFoldedUsername.get(foldName(handle));
    if (exact && exact.length === 1) return [{ user: exact[0], field: 'username' }];
    const hits = this.byHandleKey.get(nameKey(handle)) ?? [];
    const seen = new Set<string>();
    return hits.filter((hit) => !seen.has(hit.user.userId) && seen.add(hit.user.userId));
  }
}

/** A fuzzy candidate: a Discord member, which of its names, and how close. */
export interface FuzzyHit {
  user: MatchDiscordMember;
  field: DiscordNameField;
  value: string;
  similarity: number;
}

export interface FuzzyLimits {
  /** Trigram posting entries scanned per query, rarest trigrams first. Bounds the work per character. */
  scanBudget: number;
  /** Candidates (by shared trigrams) whose similarity is computed per query. */
  maxCandidates: number;
  /** Keys shorter than this are not matched fuzzily: one edit in three letters is another name. */
  minKeyLength: number;
  /** Keys are cut to this length; no character name is longer, and it bounds the edit-distance cost. */
  maxKeyLength: number;
  /** Keys more Discord members than this share are left out (see MAX_EXACT_NAME_CANDIDATES). */
  maxOwnersPerKey: number;
  /**
   * Posting lists longer than this are not read: a trigram that many keys of one length share
   * tells them apart no better than a stop word, and reading it would make the work per
   * character grow with the number of Discord members.
   */
  maxListLength: number;
}

export const DEFAULT_FUZZY_LIMITS: FuzzyLimits = {
  scanBudget: 250,
  maxCandidates: 12,
  minKeyLength: 3,
  maxKeyLength: 24,
  maxOwnersPerKey: MAX_EXACT_NAME_CANDIDATES,
  maxListLength: 96,
};

/**
 * Blocking for fuzzy matching: a trigram index over the distinct name keys of Discord members,
 * with each trigram's keys split by length. A query reads only the lengths a match could have,
 * scans the posting lists of its rarest trigrams up to a budget, keeps the keys sharing the most
 * trigrams, and only those get an edit-distance comparison: the cost per character is bounded
 * whatever the number of Discord members.
 */
export class FuzzyNameIndex {
  private readonly keys: string[] = [];
  private readonly owners: Array<Array<{ user: MatchDiscordMember; field: DiscordNameField; value: string }>> = [];
  /** trigram → key length → slots of the keys with that trigram and length. */
  private readonly postings = new Map<string, number[][]>();
  private readonly counts: Int32Array;
  private readonly touched: number[] = [];
  /** Reused per query: the posting lists it reads. */
  private readonly lists: number[][] = [];
  /** Reused per query: slots by the number of trigrams they share with the query. */
  private readonly buckets: number[][] = [];

  constructor(
    users: readonly MatchDiscordMember[],
    names: DiscordNames = namesOf,
    private readonly limits: FuzzyLimits = DEFAULT_FUZZY_LIMITS,
  ) {
    const slotOf = new Map<string, number>();
    for (const user of users) {
      for (const name of names(user)) {
        if (!name.fuzzy || name.key.length < limits.minKeyLength) continue;
        const key = name.key.slice(0, limits.maxKeyLength);
        let slot = slotOf.get(key);
        if (slot === undefined) {
          slot = this.keys.length;
          slotOf.set(key, slot);
          this.keys.push(key);
          this.owners.push([]);
        }
        this.owners[slot].push({ user, field: name.field, value: name.value });
      }
    }
    for (let slot = 0; slot < this.keys.length; slot++) {
      // A name many members share ("Tank", "Lady") is no evidence for any of them, exactly as in
      // the exact pass; indexing it would also make each match fan out to all of them.
      if (this.owners[slot].length > limits.maxOwnersPerKey) continue;
      const key = this.keys[slot];
      for (const gram of trigrams(key)) {
        let byLength = this.postings.get(gram);
        if (!byLength) this.postings.set(gram, (byLength = []));
        while (byLength.length <= key.length) byLength.push([]);
        byLength[key.length].push(slot);
      }
    }
    this.counts = new Int32Array(this.keys.length);
  }

  /** Discord members with a name at least `threshold` similar to the key (exact equals excluded: pass 4's business). */
  query(rawKey: string, threshold: number): FuzzyHit[] {
    if (rawKey.length < this.limits.minKeyLength) return [];
    const key = rawKey.slice(0, this.limits.maxKeyLength);
    const { shortest, longest } = lengthWindow(key.length, threshold);
    const lists = this.lists;
    lists.length = 0;
    for (const gram of trigrams(key)) {
      const byLength = this.postings.get(gram);
      if (!byLength) continue;
      for (let length = shortest; length <= longest && length < byLength.length; length++) {
        const list = byLength[length];
        if (list.length > 0 && list.length <= this.limits.maxListLength) lists.push(list);
      }
    }
    // Rarest first: a rare trigram shared is strong evidence, and cheap to scan. (Sort is stable,
    // and lists come in trigram order, so ties are deterministic.)
    lists.sort((a, b) => a.length - b.length);

    let scanned = 0;
    for (const list of lists) {
      if (scanned >= this.limits.scanBudget) break;
      const take = Math.min(list.length, this.limits.scanBudget - scanned);
      for (let i = 0; i < take; i++) {
        const slot = list[i];
        if (this.counts[slot] === 0) this.touched.push(slot);
        this.counts[slot]++;
      }
      scanned += take;
    }

    // Keep the keys sharing the most trigrams. Shared counts are small integers, so a bucket per
    // count selects the best without sorting everything touched.
    let top = 0;
    for (const slot of this.touched) {
      const shared = this.counts[slot];
      this.counts[slot] = 0;
      if (this.keys[slot] === key) continue;
      while (this.buckets.length <= shared) this.buckets.push([]);
      this.buckets[shared].push(slot);
      if (shared > top) top = shared;
    }
    this.touched.length = 0;
    const chosen: number[] = [];
    for (let shared = top; shared > 0; shared--) {
      const bucket = this.buckets[shared];
      for (let i = 0; i < bucket.length && chosen.length < this.limits.maxCandidates; i++) chosen.push(bucket[i]);
      bucket.length = 0;
    }

    const hits = new Map<string, FuzzyHit>();
    for (const slot of chosen) {
      const similarity = nameSimilarity(key, this.keys[slot], threshold);
      if (similarity < threshold) continue;
      for (const owner of this.owners[slot]) {
        const known = hits.get(owner.user.userId);
        if (!known || similarity > known.similarity) hits.set(owner.user.userId, { ...owner, similarity });
      }
    }
    return [...hits.values()];
  }
}

/**
 * The key lengths that can reach the threshold. Below BONUS_FROM there is no bonus, so a match
 * needs a plain similarity of min(threshold, BONUS_FROM) = b, i.e. at most (1 - b) × the longer
 * length in edits, and a length difference costs at least that many edits.
 */
export function lengthWindow(length: number, threshold: number): { shortest: number; longest: number } {
  const b = Math.max(0.01, Math.min(threshold, BONUS_FROM));
  return {
    shortest: Math.ceil(length * b),
    longest: Math.floor(length / b),
  };
}
