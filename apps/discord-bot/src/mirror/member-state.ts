import { DiscordMemberChangedPayload, DiscordMemberState } from '@patt/contracts';
import type { GuildMemberSnapshot } from '../discord/discord-guild';

export type MemberChange = DiscordMemberChangedPayload['change'];

const present = (text: string | null | undefined): string | null => (text && text.trim() !== '' ? text : null);

/** What the server shows for a member: their server nickname, else their global name, else their username. */
export function displayNameOf(member: Pick<GuildMemberSnapshot, 'nick' | 'globalName' | 'username'>): string {
  return present(member.nick) ?? present(member.globalName) ?? member.username;
}

/** Role ids in snowflake order, so that two lists of the same roles compare equal. */
export function sortRoleIds(roleIds: readonly string[]): string[] {
  return [...new Set(roleIds)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}

/** A member on the server now, as the mirror and the events carry them. */
export function memberStateOf(member: GuildMemberSnapshot): DiscordMemberState {
  return {
    userId: member.userId,
    username: member.username,
    displayName: displayNameOf(member),
    roleIds: sortRoleIds(member.roleIds),
    present: true,
    joinedAt: member.joinedAt,
  };
}

/** The same member after leaving: what we last knew of them, no longer present. */
export function departed(member: DiscordMemberState): DiscordMemberState {
  return { ...member, present: false };
}

export function sameMemberState(a: DiscordMemberState, b: DiscordMemberState): boolean {
  return (
    a.userId === b.userId &&
    a.username === b.username &&
    a.displayName === b.displayName &&
    a.present === b.present &&
    a.joinedAt === b.joinedAt &&
    a.roleIds.length === b.roleIds.length &&
    a.roleIds.every((id, index) => id === b.roleIds[index])
  );
}

/**
 * What happened to a member between two states, as member-changed names it: arriving (first seen,
 * or back after leaving), leaving, or changing name or roles while on the server. Null when
 * nothing worth telling changed (a departed member stays departed).
 */
export function changeOf(before: DiscordMemberState | null, after: DiscordMemberState): MemberChange | null {
  if (!before || !before.present) return after.present ? 'joined' : null;
  if (!after.present) return 'left';
  return sameMemberState(before, after) ? null : 'updated';
}

export interface MirrorSyncPlan {
  /** Members to write: new, back, or different from what the mirror holds. */
  upserts: DiscordMemberState[];
  /** Members the mirror has as present whom Discord no longer lists. */
  gone: string[];
}

/** What a full sync changes in the mirror: Discord's list against the mirror's. */
export function planMirrorSync(mirror: ReadonlyMap<string, DiscordMemberState>, listed: readonly DiscordMemberState[]): MirrorSyncPlan {
  const seen = new Set<string>();
  const upserts: DiscordMemberState[] = [];
  for (const member of listed) {
    seen.add(member.userId);
    const known = mirror.get(member.userId);
    if (!known || !sameMemberState(known, member)) upserts.push(member);
  }
  const gone = [...mirror.values()].filter((member) => member.present && !seen.has(member.userId)).map((member) => member.userId);
  return { upserts, gone };
}

/** The highest of a page of members' user ids: where the next page starts. */
export function lastUserId(members: readonly { userId: string }[]): string | null {
  let last: bigint | null = null;
  for (const member of members) {
    const id = BigInt(member.userId);
    if (last === null || id > last) last = id;
  }
  return last === null ? null : last.toString();
}
