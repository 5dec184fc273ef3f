import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import {
  campaignPath,
  Character,
  DiscordMemberState,
  IntegrityIssue,
  IssueType,
  LiveCampaign,
  Member,
  RankLevel,
  rankLevelName,
  SyncRun,
} from '@patt/contracts';
import { EMBED_LIMITS, linesWithin, truncate } from '../discord/embed-limits';

/** What a command answers: a message body (mentions are turned off where it is sent). */
export interface Answer {
  content?: string;
  embeds?: APIEmbed[];
  components?: Array<APIActionRowComponent<APIButtonComponent>>;
}

const COLOURS = { member: 0x2ecc71, officer: 0xe67e22, issues: 0xe74c3c, votes: 0x3498db, sync: 0x95a5a6 } as const;
const MAX_CHARACTER_LINES = 20;

/** A link into the web app. */
export function webLink(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}

const unix = (iso: string): number => Math.floor(new Date(iso).getTime() / 1000);
/** Discord renders it in the reader's own time zone: "3 days ago". */
const relative = (iso: string | null): string => (iso ? `<t:${unix(iso)}:R>` : 'never');

/** One character on one line: name-realm, class and spec, item level, in-game rank, last seen. */
export function characterLine(character: Character, isMain: boolean): string {
  const what = [character.specName, character.className].filter(Boolean).join(' ') || 'class unknown';
  const parts = [
    `${isMain ? '★ ' : ''}**${character.name}**-${character.realmName}`,
    what,
    character.itemLevel === null ? 'item level unknown' : `ilvl ${character.itemLevel}`,
    character.inGuild ? character.guildRankName : 'left the guild',
    `last seen ${relative(character.lastLoginAt)}`,
  ];
  return parts.join(' · ');
}

function charactersOf(member: Member): Character[] {
  // The main first, then by item level, highest first.
  return [...member.characters].sort(
    (a, b) => Number(b.id === member.mainCharacterId) - Number(a.id === member.mainCharacterId) || (b.itemLevel ?? -1) - (a.itemLevel ?? -1) || a.name.localeCompare(b.name),
  );
}

function discordLine(member: Member): string {
  return member.discord ? `<@${member.discord.userId}> (${member.discord.username})` : 'no Discord user linked';
}

export interface WhoisView {
  member: Member;
  /** Open issues of the member: only for officers (null: not shown). */
  issues: IntegrityIssue[] | null;
  officer: boolean;
  publicUrl: string;
}

/** /whois: the member, their main and characters, their Discord user; for officers notes and open issues. */
export function whoisAnswer({ member, issues, officer, publicUrl }: WhoisView): Answer {
  const characters = charactersOf(member);
  const main = characters.find((character) => character.id === member.mainCharacterId) ?? null;
  const embed: APIEmbed = {
    title: truncate(member.displayName, EMBED_LIMITS.title),
    color: officer ? COLOURS.officer : COLOURS.member,
    description: linesWithin(
      characters.map((character) => characterLine(character, character.id === member.mainCharacterId)),
      MAX_CHARACTER_LINES,
    ) || 'No characters.',
    fields: [
      { name: 'Rank', value: member.rank.name, inline: true },
      { name: 'Main', value: main ? `${main.name}-${main.realmName}` : 'none chosen', inline: true },
      { name: 'Discord', value: discordLine(member), inline: true },
    ],
  };
  if (officer) {
    const notes = characters.flatMap((character) => {
      const parts = [character.guildNote ? `note “${character.guildNote}”` : null, character.officerNote ? `officer note “${character.officerNote}”` : null].filter(Boolean);
      return parts.length > 0 ? [`**${character.name}**: ${parts.join(', ')}`] : [];
    });
    embed.fields?.push({ name: 'Notes', value: notes.length > 0 ? linesWithin(notes, 10, EMBED_LIMITS.fieldValue) : 'none' });
    const open = issues ?? [];
    embed.fields?.push({
      name: `Open issues (${open.length})`,
      value: open.length > 0 ? linesWithin(open.map((issue) => `${severityMark(issue.severity)} ${issue.summary}`), 8, EMBED_LIMITS.fieldValue) : 'none',
    });
    embed.url = webLink(publicUrl, `/members/${member.id}`);
  }
  return { embeds: [embed] };
}

/** /whois of a character no member plays (yet). */
export function characterWithoutMemberAnswer(character: Character, officer: boolean): Answer {
  const lines = [characterLine(character, false), 'This character belongs to no member yet.'];
  if (officer && (character.guildNote || character.officerNote)) {
    lines.push(`Notes: ${[character.guildNote, character.officerNote].filter(Boolean).join(' / ')}`);
  }
  return { embeds: [{ title: truncate(`${character.name}-${character.realmName}`, EMBED_LIMITS.title), color: COLOURS.member, description: lines.join('\n') }] };
}

/** /whois of a Discord user the platform does not link to a member. */
export function discordUserWithoutMemberAnswer(user: DiscordMemberState | null, discordUserId: string): Answer {
  const who = user ? `<@${discordUserId}> (${user.username})` : `<@${discordUserId}>`;
  return { content: `${who} is not linked to a member of the guild${user ? '' : ', nor on this server as far as the bot knows'}.` };
}

function severityMark(severity: string): string {
  return severity === 'critical' ? '🔴' : severity === 'warning' ? '🟠' : '🔵';
}

export interface MeView {
  member: Member;
  publicUrl: string;
}

/** /me: the member, their characters and the account's state, with what they can do next. */
export function meAnswer({ member, publicUrl }: MeView): Answer {
  const characters = charactersOf(member);
  const account = member.account
    ? member.account.status === 'active'
      ? 'active: sign in on the web app'
      : `disabled${member.account.disabledReason ? `: ${member.account.disabledReason}` : ''}`
    : 'none yet: **Get an account** sends you an invite by DM';
  const buttons: APIButtonComponent[] = [];
  if (!member.account) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: GET_ACCOUNT_BUTTON, label: 'Get an account' });
  buttons.push({ type: ComponentType.Button, style: ButtonStyle.Link, url: webLink(publicUrl, '/me'), label: 'Link Battle.net' });
  return {
    embeds: [
      {
        title: truncate(member.displayName, EMBED_LIMITS.title),
        color: COLOURS.member,
        description: linesWithin(characters.map((character) => characterLine(character, character.id === member.mainCharacterId)), MAX_CHARACTER_LINES) || 'No characters yet.',
        fields: [
          { name: 'Rank', value: member.rank.name, inline: true },
          { name: 'Discord', value: discordLine(member), inline: true },
          { name: 'Account', value: account },
        ],
      },
    ],
    components: [{ type: ComponentType.ActionRow, components: buttons }],
  };
}

/** The custom id of /me's "Get an account" button: pressing it is /get-account. */
export const GET_ACCOUNT_BUTTON = 'patt:get-account';

/** /issues: how many open issues of each type, with the officers' page. */
export function issuesAnswer(counts: ReadonlyArray<readonly [IssueType, number]>, publicUrl: string): Answer {
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  const lines = counts.filter(([, count]) => count > 0).map(([type, count]) => `**${count}** ${type.replace(/_/g, ' ')}`);
  return {
    embeds: [
      {
        title: total === 0 ? 'No open issues' : `${total} open issue${total === 1 ? '' : 's'}`,
        color: COLOURS.issues,
        url: webLink(publicUrl, '/officer/issues'),
        description: [...lines, `[Open the issues page](${webLink(publicUrl, '/officer/issues')})`].join('\n'),
      },
    ],
  };
}

/** /votes: the live campaigns the invoker may see, soonest to close first. */
export function votesAnswer(campaigns: readonly LiveCampaign[], publicUrl: string): Answer {
  if (campaigns.length === 0) return { content: 'No vote is open right now.' };
  const lines = campaigns.map(
    (campaign) =>
      `[${campaign.title}](${webLink(publicUrl, campaignPath(campaign.id))}): closes <t:${unix(campaign.endsAt)}:R> (<t:${unix(campaign.endsAt)}:f>) · ${campaign.stats.voted} of ${campaign.stats.eligible} voted`,
  );
  return { embeds: [{ title: `Open votes (${campaigns.length})`, color: COLOURS.votes, description: linesWithin(lines, 15) }] };
}

const FINAL_ROSTER_STATUSES = new Set(['succeeded', 'partial', 'failed']);

export function rosterRunFinished(run: SyncRun): boolean {
  return FINAL_ROSTER_STATUSES.has(run.status);
}

/** /sync roster, as the run goes: its state, progress and counts. */
export function rosterSyncAnswer(run: SyncRun): Answer {
  const { counts, progress } = run;
  const state =
    run.status === 'queued'
      ? 'Roster sync queued…'
      : run.status === 'running'
        ? `Roster sync running: ${progress.done} of ${progress.total || '?'} characters`
        : run.status === 'succeeded'
          ? 'Roster sync done'
          : run.status === 'partial'
            ? 'Roster sync done, in part'
            : 'Roster sync failed';
  const lines = [
    `found **${counts.found}** · added **${counts.added}** · updated **${counts.updated}** · removed **${counts.removed}** · rank changes **${counts.rankChanges}**`,
  ];
  if (run.error) lines.push(truncate(run.error, 500));
  return { embeds: [{ title: state, color: COLOURS.sync, description: lines.join('\n'), footer: { text: `run ${run.id}` } }] };
}

export interface DiscordSyncView {
  syncId: string;
  status: 'running' | 'succeeded' | 'failed' | 'abandoned';
  alreadyRunning: boolean;
  memberCount: number | null;
  joined: number | null;
  left: number | null;
  updated: number | null;
  error: string | null;
}

/** /sync discord, as the sync goes. */
export function discordSyncAnswer(sync: DiscordSyncView): Answer {
  const title =
    sync.status === 'running'
      ? sync.alreadyRunning
        ? 'A member sync was already running; following it…'
        : 'Member sync running…'
      : sync.status === 'succeeded'
        ? 'Member sync done'
        : sync.status === 'failed'
          ? 'Member sync failed'
          : 'Member sync given up (another one took over)';
  const lines =
    sync.memberCount === null
      ? ['Reading the server’s members…']
      : [`members **${sync.memberCount}** · joined **${sync.joined ?? 0}** · left **${sync.left ?? 0}** · updated **${sync.updated ?? 0}**`];
  if (sync.error) lines.push(truncate(sync.error, 500));
  return { embeds: [{ title, color: COLOURS.sync, description: lines.join('\n'), footer: { text: `sync ${sync.syncId}` } }] };
}

/** A refusal or a failure: one sentence. */
export function sentence(text: string): Answer {
  return { content: text };
}

export function rankName(level: RankLevel): string {
  return rankLevelName(level);
}
