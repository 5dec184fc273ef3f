// Indexes over Discord members, so each character is looked up in O(1) (exact names, hints) or
// against a bounded candidate set (fuzzy) instead of against every Discord member.
import { foldName, nameKey, nameWords } from '@patt/wow';
import { nameSimilarity, trigrams } from './similarity';
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

/** The keys a Discord member is known by: username, whole display name, words of the display name. */
function namesOf(user: MatchDiscordMember): Array<{ key: string; field: DiscordNameField; value: string }> {
  const names: Array<{ key: string; field: DiscordNameField; value: string }> = [];
  const seen = new Set<string>();
  const add = (key: string, field: DiscordNameField, value: string): void => {
    if (key.length < 2 || seen.has(key)) return;
    seen.add(key);
    names.push({ key, field, value });
  };
  add(nameKey(user.username), 'username', user.username);
  if (user.displayName) {
    add(nameKey(user.displayName), 'displayName', user.displayName);
    // "Trog | Tank" and "Big Trog": the character is often one word of the display name.
    for (const word of nameWords(user.displayName)) add(nameKey(word), 'displayNameWord', user.displayName);
  }
  return names;
}

/** Exact lookups: by name key (pass 4) and by a handle a note names (pass 3). */
export class DiscordNameIndex {
  private readonly byKey = new Map<string, NameHit[]>();
  private readonly byFoldedUsername = new Map<string, MatchDiscordMember[]>();
  private readonly byHandleKey = new Map<string, Array<{ user: MatchDiscordMember; field: 'username' | 'displayName' }>>();

  /** `users` must be sorted by userId: every list keeps that order, so answers are deterministic. */
  constructor(users: readonly MatchDiscordMember[]) {
    for (const user of users) {
      for (const { key, field, value } of namesOf(user)) pushTo(this.byKey, key, { user, field, value });
      pushTo(this.byFoldedUsername, foldName(user.username), user);
      const usernameKey = nameKey(user.username);
      pushTo(this.byHandleKey, usernameKey, { user, field: 'username' });
      if (user.displayName) {
        const displayKey = nameKey(user.displayName);
        if (displayKey !== usernameKey) pushTo(this.byHandleKey, displayKey, { user, field: 'displayName' });
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
}

export const DEFAULT_FUZZY_LIMITS: FuzzyLimits = { scanBudget: 1500, maxCandidates: 24, minKeyLength: 3, maxKeyLength: 24 };

/**
 * Blocking for fuzzy matching: a trigram index over the distinct name keys of Discord members.
 * A query scans the posting lists of its rarest trigrams up to a budget, keeps the keys sharing
 * the most trigrams (within a length window), and only those get an edit-distance comparison,
 * so the cost per character is bounded whatever the number of Discord members.
 */
export class FuzzyNameIndex {
  private readonly keys: string[] = [];
  private readonly owners: Array<Array<{ user: MatchDiscordMember; field: DiscordNameField; value: string }>> = [];
  private readonly postings = new Map<string, number[]>();
  private readonly counts: Int32Array;
  private readonly touched: number[] = [];

  constructor(
    users: readonly MatchDiscordMember[],
    private readonly limits: FuzzyLimits = DEFAULT_FUZZY_LIMITS,
  ) {
    const slotOf = new Map<string, number>();
    for (const user of users) {
      for (const name of namesOf(user)) {
        if (name.key.length < limits.minKeyLength) continue;
        const key = name.key.slice(0, limits.maxKeyLength);
        let slot = slotOf.get(key);
        if (slot === undefined) {
          slot = this.keys.length;
          slotOf.set(key, slot);
          this.keys.push(key);
          this.owners.push([]);
          for (const gram of trigrams(key)) pushTo(this.postings, gram, slot);
        }
        this.owners[slot].push({ user, field: name.field, value: name.value });
      }
    }
    this.counts = new Int32Array(this.keys.length);
  }

  /** Discord members with a name at least `threshold` similar to the key (exact equals excluded: pass 4's business). */
  query(rawKey: string, threshold: number): FuzzyHit[] {
    if (rawKey.length < this.limits.minKeyLength) return [];
    const key = rawKey.slice(0, this.limits.maxKeyLength);
    const lists = trigrams(key)
      .map((gram) => ({ gram, list: this.postings.get(gram) }))
      .filter((entry): entry is { gram: string; list: number[] } => entry.list !== undefined)
      .sort((a, b) => a.list.length - b.list.length || (a.gram < b.gram ? -1 : 1));

    let scanned = 0;
    for (const { list } of lists) {
      if (scanned >= this.limits.scanBudget) break;
      const take = Math.min(list.length, this.limits.scanBudget - scanned);
      for (let i = 0; i < take; i++) {
        const slot = list[i];
        if (this.counts[slot] === 0) this.touched.push(slot);
        this.counts[slot]++;
      }
      scanned += take;
    }

    // One edit changes the length by at most one; a similarity of 0.8 allows about one edit in
    // five letters, so a wider length gap cannot reach the threshold even with the bonus.
    const maxGap = Math.max(1, Math.ceil(key.length * 0.4));
    const candidates: Array<{ slot: number; shared: number }> = [];
    for (const slot of this.touched) {
      const gap = Math.abs(this.keys[slot].length - key.length);
      if (gap <= maxGap && this.keys[slot] !== key) candidates.push({ slot, shared: this.counts[slot] });
      this.counts[slot] = 0;
    }
    this.touched.length = 0;
    candidates.sort((a, b) => b.shared - a.shared || a.slot - b.slot);

    const hits = new Map<string, FuzzyHit>();
    for (const { slot } of candidates.slice(0, this.limits.maxCandidates)) {
      const similarity = nameSimilarity(key, this.keys[slot]);
      if (similarity < threshold) continue;
      for (const owner of this.owners[slot]) {
        const known = hits.get(owner.user.userId);
        if (!known || similarity > known.similarity) hits.set(owner.user.userId, { ...owner, similarity });
      }
    }
    return [...hits.values()];
  }
}
