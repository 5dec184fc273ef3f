import type { APIEmbed } from 'discord.js';
import { IssueSeverity, IssueSummary, IssueType } from '@patt/contracts';
import type { OutgoingMessage } from '../discord/discord-guild';
import { EMBED_LIMITS, linesWithin, packEmbeds, truncate } from '../discord/embed-limits';

/** Lines listed per issue type; the rest are counted. */
export const LINES_PER_TYPE = 20;
const LINE_CHARACTERS = 180;

export const SEVERITY_COLOURS: Record<IssueSeverity, number> = {
  critical: 0xe74c3c,
  warning: 0xe67e22,
  info: 0x3498db,
};
const ALL_CLEAR = 0x2ecc71;

/** The types in the order officers read them, with the heading each gets. */
export const ISSUE_TYPE_HEADINGS: ReadonlyArray<readonly [IssueType, string]> = [
  ['role_mismatch', 'Discord roles that do not match the rank'],
  ['orphan_discord', 'Discord members with a guild role but no characters'],
  ['no_guild_role', 'Members without a guild role on Discord'],
  ['orphan_character', 'Characters linked to no member'],
  ['rank_changed', 'Rank changes'],
  ['stale_character', 'Characters not seen for a while'],
];

const SEVERITY_ORDER: readonly IssueSeverity[] = ['info', 'warning', 'critical'];

function worst(issues: readonly IssueSummary[]): IssueSeverity | null {
  let found: IssueSeverity | null = null;
  for (const issue of issues) {
    if (found === null || SEVERITY_ORDER.indexOf(issue.severity) > SEVERITY_ORDER.indexOf(found)) found = issue.severity;
  }
  return found;
}

export interface IntegrityReport {
  full: boolean;
  opened: readonly IssueSummary[];
  resolved: readonly IssueSummary[];
  openCount: number;
  reportedAt: Date;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function headerEmbed(report: IntegrityReport): APIEmbed {
  const severity = worst(report.opened);
  const lines = [
    report.full
      ? `**${plural(report.openCount, 'open issue')}** in all; every one is listed by type below.`
      : `**${report.opened.length}** new, **${report.resolved.length}** resolved; **${report.openCount}** open in all.`,
  ];
  for (const [type, heading] of ISSUE_TYPE_HEADINGS) {
    const opened = report.opened.filter((issue) => issue.type === type).length;
    const resolved = report.resolved.filter((issue) => issue.type === type).length;
    if (opened + resolved > 0) lines.push(`${heading}: ${[opened ? `${opened} ${report.full ? 'open' : 'new'}` : '', resolved ? `${resolved} resolved` : ''].filter(Boolean).join(', ')}`);
  }
  return {
    title: report.full ? 'Full integrity report' : 'Integrity report',
    description: lines.join('\n'),
    color: severity ? SEVERITY_COLOURS[severity] : ALL_CLEAR,
    timestamp: report.reportedAt.toISOString(),
  };
}

function typeEmbed(type: IssueType, heading: string, report: IntegrityReport): APIEmbed | null {
  const opened = report.opened.filter((issue) => issue.type === type);
  const resolved = report.resolved.filter((issue) => issue.type === type);
  if (opened.length + resolved.length === 0) return null;
  const counts = [opened.length ? `${opened.length} ${report.full ? 'open' : 'new'}` : '', resolved.length ? `${resolved.length} resolved` : '']
    .filter(Boolean)
    .join(', ');
  // New issues are what officers act on; resolved ones are listed only when nothing is new.
  const listed = opened.length > 0 ? opened.map((issue) => `• ${truncate(issue.summary, LINE_CHARACTERS)}`) : resolved.map((issue) => `✓ ${truncate(issue.summary, LINE_CHARACTERS)}`);
  const severity = worst(opened);
  return {
    title: truncate(`${heading} (${counts})`, EMBED_LIMITS.title),
    description: linesWithin(listed, LINES_PER_TYPE),
    color: severity ? SEVERITY_COLOURS[severity] : ALL_CLEAR,
  };
}

/**
 * The report for the audit channel: a header embed, then one embed per issue type (coloured by its
 * worst severity, at most 20 lines, "…and N more" for the rest), split over as many messages as
 * Discord's limits need. Nothing to say (no new and no resolved issues in a partial report) is no
 * message at all.
 */
export function integrityReportMessages(report: IntegrityReport): OutgoingMessage[] {
  if (!report.full && report.opened.length + report.resolved.length === 0) return [];
  const embeds = [headerEmbed(report)];
  for (const [type, heading] of ISSUE_TYPE_HEADINGS) {
    const embed = typeEmbed(type, heading, report);
    if (embed) embeds.push(embed);
  }
  // Types outside the known list still reach officers.
  const known = new Set(ISSUE_TYPE_HEADINGS.map(([type]) => type));
  const others = [...new Set([...report.opened, ...report.resolved].map((issue) => issue.type).filter((type) => !known.has(type)))];
  for (const type of others) {
    const embed = typeEmbed(type, type.replace(/_/g, ' '), report);
    if (embed) embeds.push(embed);
  }
  const messages = packEmbeds(embeds);
  return messages.map((group, index) => ({
    ...(messages.length > 1 ? { content: `Integrity report, part ${index + 1} of ${messages.length}` } : {}),
    embeds: group,
    allowed_mentions: { parse: [] },
  }));
}
