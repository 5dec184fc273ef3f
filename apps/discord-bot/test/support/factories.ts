import { randomUUID } from 'node:crypto';
import { DiscordMemberState, IssueSeverity, IssueSummary, IssueType } from '@patt/contracts';
import type { GuildMemberSnapshot } from '../../src/discord/discord-guild';

let nextId = 100_000_000_000_000_000n;
export const snowflake = (): string => (nextId += 1n).toString();

export function aSnapshot(overrides: Partial<GuildMemberSnapshot> = {}): GuildMemberSnapshot {
  return { userId: snowflake(), username: 'trog', globalName: null, nick: null, roleIds: [], bot: false, joinedAt: '2024-03-01T12:00:00.000Z', ...overrides };
}

export function aMember(overrides: Partial<DiscordMemberState> = {}): DiscordMemberState {
  return { userId: snowflake(), username: 'trog', displayName: 'Trog', roleIds: [], present: true, joinedAt: '2024-03-01T12:00:00.000Z', ...overrides };
}

export function anIssue(type: IssueType, overrides: Partial<IssueSummary> & { severity?: IssueSeverity } = {}): IssueSummary {
  return { id: randomUUID(), type, severity: 'warning', summary: `${type} issue`, characterId: null, discordUserId: null, personId: null, ...overrides };
}
