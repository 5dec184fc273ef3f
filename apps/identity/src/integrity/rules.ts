// The integrity rules (the README's "Identity: who is who", its issues) as one pure function:
// given the current picture, every finding that holds now. Whether a finding is new, still open or gone is
// reconcile's business, by hash; the rules only say what is true at `now`.
//
// Severities, chosen by what an officer must do and how soon:
// - critical: someone has Discord access above their guild rank (a guild role of a higher level,
//   or an Officer+ guild role with no character in the guild). It leaks officer channels.
// - warning: the picture is wrong in a way that needs an officer's hand: a character in the guild
//   that belongs to no one reachable, a guild role held with no character, a role missing.
// - info: worth knowing, nothing is wrong yet: a character not seen for a while, a rank change.
import { createHash } from 'node:crypto';
import type {
  IntegrityCharacter,
  IntegrityDiscordMember,
  IntegrityFinding,
  IntegrityInput,
  IntegrityMember,
  IssueSeverity,
  IssueType,
} from './types';

export const DEFAULT_STALE_AFTER_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The default rank names (RankLevel in libs/contracts), for ranks the table does not name. */
const DEFAULT_RANK_NAMES: Readonly<Record<number, string>> = {
  1: 'Initiate',
  2: 'Member',
  3: 'Veteran',
  4: 'Officer',
  5: 'Guild Leader',
};

/** Officer and above: holding such a role without being in the guild is a leak, not an oversight. */
const OFFICER_LEVEL = 4;

/** The order findings are listed in: what needs a hand first. */
const TYPE_ORDER: readonly IssueType[] = [
  'role_mismatch',
  'orphan_discord',
  'no_guild_role',
  'orphan_character',
  'claim_conflict',
  'rank_changed',
  'stale_character',
];

export interface IssueSubjects {
  characterId?: string;
  discordUserId?: string;
  personId?: string;
}

/**
 * The stable identity of an issue: sha256 (hex) of its type and its subjects' ids, each tagged
 * with its kind and sorted. Never of the summary, so rewording a sentence (or a rename in the
 * game) does not reopen an issue.
 */
export function issueHash(type: IssueType, subjects: IssueSubjects): string {
  const parts: string[] = [];
  if (subjects.characterId) parts.push(`character:${subjects.characterId}`);
  if (subjects.discordUserId) parts.push(`discord:${subjects.discordUserId}`);
  if (subjects.personId) parts.push(`person:${subjects.personId}`);
  parts.sort();
  return createHash('sha256')
    .update([type, ...parts].join('\n'))
    .digest('hex');
}

/** Every finding that holds at `input.now`, sorted by type (most urgent first) and hash. */
export function checkIntegrity(input: IntegrityInput): IntegrityFinding[] {
  return new IntegrityCheck(input).run();
}

function isMap<V>(value: ReadonlyMap<string, V> | Readonly<Record<string, V>>): value is ReadonlyMap<string, V> {
  return value instanceof Map;
}

class IntegrityCheck {
  private readonly characterById = new Map<string, IntegrityCharacter>();
  private readonly userById = new Map<string, IntegrityDiscordMember>();
  private readonly memberById = new Map<string, IntegrityMember>();
  private readonly memberOfCharacter = new Map<string, IntegrityMember>();
  private readonly memberOfUser = new Map<string, IntegrityMember>();
  private readonly characterIdsOfPerson = new Map<string, string[]>();
  /** Guild-rank Discord role id → rank level (the highest, should a role be listed twice). */
  private readonly levelOfRole = new Map<string, number>();
  private readonly roleOfLevel = new Map<number, string>();
  private readonly rankNames = new Map<number, string>();
  private readonly findings: IntegrityFinding[] = [];

  constructor(private readonly input: IntegrityInput) {
    for (const c of input.characters) this.characterById.set(c.id, c);
    for (const u of input.discordMembers) this.userById.set(u.userId, u);
    for (const m of [...input.members].sort((a, b) => (a.personId < b.personId ? -1 : 1))) {
      this.memberById.set(m.personId, m);
      if (m.discordUserId && !this.memberOfUser.has(m.discordUserId)) this.memberOfUser.set(m.discordUserId, m);
      for (const id of m.characterIds) if (!this.memberOfCharacter.has(id)) this.memberOfCharacter.set(id, m);
    }
    for (const c of input.characters) {
      // The character's own personId is the projection's truth; members' lists fill gaps.
      const member = c.personId ? this.memberById.get(c.personId) : undefined;
      if (!member) continue;
      this.memberOfCharacter.set(c.id, member);
      const ids = this.characterIdsOfPerson.get(member.personId);
      if (ids) ids.push(c.id);
      else this.characterIdsOfPerson.set(member.personId, [c.id]);
    }
    for (const rank of input.ranks) {
      if (rank.name) this.rankNames.set(rank.level, rank.name);
      if (!rank.discordRoleId) continue;
      if ((this.levelOfRole.get(rank.discordRoleId) ?? 0) < rank.level) this.levelOfRole.set(rank.discordRoleId, rank.level);
      if (!this.roleOfLevel.has(rank.level)) this.roleOfLevel.set(rank.level, rank.discordRoleId);
    }
  }

  run(): IntegrityFinding[] {
    this.orphanCharacters();
    this.staleCharacters();
    // Without a single guild-rank role mapped there is nothing to compare Discord roles with.
    if (this.levelOfRole.size > 0) {
      this.orphanDiscordMembers();
      this.roleChecks();
    }
    this.rankChanges();
    this.claimConflicts();
    return this.findings.sort(
      (a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0),
    );
  }

  // ---- characters ----

  private orphanCharacters(): void {
    for (const c of this.input.characters) {
      if (!c.inGuild) continue;
      const member = this.memberOfCharacter.get(c.id);
      const user = member?.discordUserId ? this.userById.get(member.discordUserId) : undefined;
      let why: string | null = null;
      if (!member)
        why = `${this.character(c)} is in the guild but belongs to no member: link it to its player's Discord user, or confirm or reject the suggestions for it.`;
      else if (!member.discordUserId)
        why = `${this.character(c)} is in the guild but its member has no Discord user: link the member to its player's Discord account.`;
      else if (!user || !user.present)
        why = `${this.character(c)} is in the guild but its member's Discord user ${user ? this.user(user) : member.discordUserId} is no longer on the server: invite them back or link the right account.`;
      if (why)
        this.add(
          'orphan_character',
          'warning',
          why,
          { characterId: c.id, ...(member ? { personId: member.personId } : {}) },
          { characterId: c.id },
        );
    }
  }

  private staleCharacters(): void {
    const days = this.input.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
    const now = this.input.now.getTime();
    for (const c of this.input.characters) {
      if (!c.inGuild || !c.lastLoginAt) continue;
      const last = Date.parse(c.lastLoginAt);
      // An unreadable date says nothing about the player; better silent than a false alarm.
      if (Number.isNaN(last) || now - last <= days * DAY_MS) continue;
      const away = Math.floor((now - last) / DAY_MS);
      const member = this.memberOfCharacter.get(c.id);
      this.add(
        'stale_character',
        'info',
        `${this.character(c)} has not logged in for ${away} days (last on ${c.lastLoginAt.slice(0, 10)}, the limit is ${days}): check whether they still play before the next roster clean-up.`,
        { characterId: c.id, ...(member ? { personId: member.personId } : {}) },
        { characterId: c.id },
      );
    }
  }

  // ---- Discord roles ----

  private orphanDiscordMembers(): void {
    for (const u of this.input.discordMembers) {
      if (!u.present || u.isBot) continue;
      const held = this.heldLevels(u);
      if (held.length === 0) continue;
      const member = this.memberOfUser.get(u.userId);
      if (member && this.inGuildCharacters(member).length > 0) continue;
      const top = Math.max(...held);
      const severity: IssueSeverity = top >= OFFICER_LEVEL ? 'critical' : 'warning';
      const because = member
        ? member.characterIds.length === 0
          ? 'their member has no characters'
          : "none of their member's characters is in the guild any more"
        : 'they are linked to no member and so to no character';
      this.add(
        'orphan_discord',
        severity,
        `${this.user(u)} has the ${this.rankName(top)} role on Discord, but ${because}: link their characters, or remove the role.`,
        { discordUserId: u.userId, ...(member ? { personId: member.personId } : {}) },
        { discordUserId: u.userId },
      );
    }
  }

  /** role_mismatch and no_guild_role, for members in the guild whose Discord user is on the server. */
  private roleChecks(): void {
    for (const m of this.memberById.values()) {
      if (m.rankLevel === null || !m.discordUserId) continue;
      const u = this.userById.get(m.discordUserId);
      if (!u || !u.present || u.isBot) continue;
      const subjects = { personId: m.personId, discordUserId: u.userId };
      const expectedRole = this.roleOfLevel.get(m.rankLevel) ?? null;
      const rank = `${this.rankName(m.rankLevel)}${m.rankOverridden ? ' (set by an officer)' : ''}`;
      const held = this.heldLevels(u);

      if (held.length === 0) {
        const fix = expectedRole
          ? `give them the ${this.rankName(m.rankLevel)} role`
          : `map a Discord role to the ${this.rankName(m.rankLevel)} rank, then give it to them`;
        this.add(
          'no_guild_role',
          'warning',
          `${this.user(u)} is ranked ${rank} but has no guild-rank role on Discord: ${fix}.`,
          subjects,
          subjects,
        );
        continue;
      }
      const top = Math.max(...held);
      const lacks = expectedRole !== null && !u.roleIds.includes(expectedRole);
      const higher = top > m.rankLevel;
      if (!lacks && !higher) continue;
      const problems = [
        ...(higher ? [`has the ${this.rankName(top)} role`] : []),
        ...(lacks ? [`lacks the ${this.rankName(m.rankLevel)} role`] : []),
      ];
      const fixes = [
        ...(lacks ? [`add ${this.rankName(m.rankLevel)}`] : []),
        ...(higher ? [`remove ${this.rankName(top)}`] : []),
      ];
      this.add(
        'role_mismatch',
        higher ? 'critical' : 'warning',
        `${this.user(u)} is ranked ${rank} but on Discord ${problems.join(' and ')}: ${fixes.join(' and ')} (or let role sync enforce it).`,
        subjects,
        subjects,
      );
    }
  }

  // ---- ranks ----

  private rankChanges(): void {
    for (const m of this.memberById.values()) {
      const previous = this.previousRank(m.personId);
      if (!previous.known || previous.level === m.rankLevel) continue;
      const label = this.memberLabel(m);
      const to = m.rankLevel === null ? 'no rank (no character in the guild)' : this.rankName(m.rankLevel);
      const from = previous.level === null ? 'no rank' : this.rankName(previous.level);
      this.add(
        'rank_changed',
        'info',
        `The rank of ${label} changed from ${from} to ${to}${m.rankOverridden ? ' (set by an officer)' : ''}: check that their Discord role follows.`,
        { personId: m.personId, ...(m.discordUserId ? { discordUserId: m.discordUserId } : {}) },
        { personId: m.personId },
      );
    }
  }

  /**
   * A member's Battle.net account proves a character that an officer's decision holds elsewhere:
   * the claim never overrides it, so an officer looks. Gone when the officer removes the link (the
   * claim then links it) or the claim no longer lists the character.
   */
  private claimConflicts(): void {
    for (const conflict of this.input.claimConflicts ?? []) {
      const character = this.characterById.get(conflict.characterId);
      const claimant = this.memberById.get(conflict.personId);
      const holder = conflict.holderPersonId ? this.memberById.get(conflict.holderPersonId) : undefined;
      const what = character ? this.character(character) : `character ${conflict.characterId}`;
      const who = claimant ? this.memberLabel(claimant) : `member ${conflict.personId}`;
      const account = conflict.battletag ? `the Battle.net account ${conflict.battletag}` : 'the Battle.net account';
      const holderText = holder ? this.memberLabel(holder) : `member ${conflict.holderPersonId ?? 'unknown'}`;
      const why =
        conflict.reason === 'officer_link'
          ? `an officer linked it to ${holderText}`
          : conflict.reason === 'other_claim'
            ? `the Battle.net account of ${holderText} lists it too`
            : `an officer rejected it for ${who}'s Discord user`;
      this.add(
        'claim_conflict',
        'warning',
        `${what} is on ${account} of ${who}, but ${why}; the claim changed nothing. Remove the link (or the rejection) to let the claim link it, or keep it as it is.`,
        { characterId: conflict.characterId, personId: conflict.personId },
        { characterId: conflict.characterId, personId: conflict.personId },
      );
    }
  }

  private previousRank(personId: string): { known: boolean; level: number | null } {
    const recorded = this.input.previousRanks;
    if (isMap(recorded)) return { known: recorded.has(personId), level: recorded.get(personId) ?? null };
    return Object.prototype.hasOwnProperty.call(recorded, personId)
      ? { known: true, level: recorded[personId] ?? null }
      : { known: false, level: null };
  }

  // ---- helpers ----

  private heldLevels(u: IntegrityDiscordMember): number[] {
    return u.roleIds.flatMap((id) => {
      const level = this.levelOfRole.get(id);
      return level === undefined ? [] : [level];
    });
  }

  /** A member's characters in the guild, whether the member or the character records the link. */
  private inGuildCharacters(m: IntegrityMember): IntegrityCharacter[] {
    const ids = new Set([...m.characterIds, ...(this.characterIdsOfPerson.get(m.personId) ?? [])]);
    return [...ids].flatMap((id) => {
      const c = this.characterById.get(id);
      return c && c.inGuild ? [c] : [];
    });
  }

  private rankName(level: number): string {
    return this.rankNames.get(level) ?? DEFAULT_RANK_NAMES[level] ?? `level ${level}`;
  }

  private character(c: IntegrityCharacter): string {
    return `${c.name} (${c.realmSlug})`;
  }

  private user(u: IntegrityDiscordMember): string {
    return `@${u.username}`;
  }

  private memberLabel(m: IntegrityMember): string {
    const u = m.discordUserId ? this.userById.get(m.discordUserId) : undefined;
    if (u) return `the member of ${this.user(u)}`;
    const first = m.characterIds.map((id) => this.characterById.get(id)).find((c) => c !== undefined);
    return first ? `the member of ${this.character(first)}` : `member ${m.personId}`;
  }

  private add(type: IssueType, severity: IssueSeverity, summary: string, fields: IssueSubjects, hashed: IssueSubjects): void {
    this.findings.push({ type, severity, summary, ...fields, hash: issueHash(type, hashed) });
  }
}
