import type { APIEmbed } from 'discord.js';
import {
  CampaignAnnouncementTarget,
  CampaignClosedPayload,
  CampaignMilestone,
  CampaignMilestonePayload,
  CampaignOpenedPayload,
  CampaignResults,
  RankLevel,
  ResultEntry,
} from '@patt/contracts';
import { EMBED_LIMITS, linesWithin, truncate } from '../discord/embed-limits';
import type { OutgoingMessage } from '../discord/discord-guild';

/** What the messages need beside the event: where the web app is, and what the guild calls its ranks. */
export interface VoteMessageContext {
  publicUrl: string;
  rankName: (level: RankLevel) => string;
}

export const VOTE_COLOURS = { opened: 0x3498db, milestone: 0x9b59b6, results: 0xf1c40f } as const;

const ENTRIES_SHOWN = 25;
const PODIUM_LINES = 10;
const DESCRIPTION_TEXT = 1500;
const MEDALS: Record<number, string> = { 1: '🥇', 2: '🥈', 3: '🥉' };

/** `${PUBLIC_URL}/votes/{id}`, whatever slashes PUBLIC_URL ends with. */
export function voteLink(publicUrl: string, target: Pick<CampaignAnnouncementTarget, 'path'>): string {
  return `${publicUrl.replace(/\/+$/, '')}${target.path}`;
}

/** Discord's own time markup: each reader sees it in their time zone ("f": date and time, "R": "in 3 days"). */
function when(iso: string, style: 'f' | 'R'): string {
  return `<t:${Math.floor(Date.parse(iso) / 1000)}:${style}>`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

function howItCounts(payload: Pick<CampaignOpenedPayload, 'method' | 'picksPerVoter'>): string {
  if (payload.method === 'instant_runoff') {
    return `Rank your top ${payload.picksPerVoter}. Instant runoff: the entry with the fewest first choices goes out, round by round, until one holds a majority.`;
  }
  if (payload.picksPerVoter === 1) return 'Pick your favourite: the most votes wins.';
  return `Rank your top ${payload.picksPerVoter}: your ${ordinal(1)} choice earns ${payload.picksPerVoter} points, down to 1 for your ${ordinal(payload.picksPerVoter)}.`;
}

function author(target: CampaignAnnouncementTarget, link: string): APIEmbed['author'] {
  return { name: truncate(target.title, EMBED_LIMITS.title), url: link };
}

function turnoutLine(voted: number, eligible: number, past = false): string {
  const verb = past ? 'voted' : 'have voted';
  if (eligible <= 0) return `**${voted}** ${voted === 1 ? 'ballot' : 'ballots'} cast.`;
  const percent = Math.min(100, Math.floor((voted * 100) / eligible));
  return `**${voted}** of **${eligible}** eligible members ${verb} (${percent} %).`;
}

/** The opening: what the vote is about, its entries, who may vote, until when, and the link. */
export function openedMessage(payload: CampaignOpenedPayload, context: VoteMessageContext): OutgoingMessage {
  const link = voteLink(context.publicUrl, payload);
  const lines = [
    payload.description ? truncate(payload.description, DESCRIPTION_TEXT) : null,
    howItCounts(payload),
    `Who may vote: **${context.rankName(payload.minRankToVote)}** and above.`,
    `Voting ends ${when(payload.endsAt, 'f')} (${when(payload.endsAt, 'R')}).`,
    `**[Cast your ballot](${link})**`,
  ].filter((line): line is string => line !== null);
  const entries = payload.entries.map((entry, index) => `${index + 1}. ${truncate(entry.name, 100)}`);
  return {
    embeds: [
      {
        title: truncate(`New vote: ${payload.title}`, EMBED_LIMITS.title),
        url: link,
        description: lines.join('\n\n'),
        color: VOTE_COLOURS.opened,
        fields: [{ name: `Entries (${payload.entries.length})`, value: linesWithin(entries, ENTRIES_SHOWN, EMBED_LIMITS.fieldValue) || '–' }],
        timestamp: payload.openedAt,
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

const HEADLINES: Record<Exclude<CampaignMilestone, 'lead_change'>, string> = {
  first_ballot: 'The first ballot is in',
  turnout_25: 'A quarter of the guild has voted',
  turnout_50: 'Half the guild has voted',
  turnout_75: 'Three quarters of the guild have voted',
  all_voted: 'Everyone has voted',
  hours_left_24: '24 hours left to vote',
  hours_left_1: 'One hour left to vote',
};

/**
 * A milestone: a headline, the turnout, and what it means for those who have not voted yet. While
 * the vote is live only its voters may see the standings, so a lead change names the leaders and
 * nothing more.
 */
export function milestoneMessage(payload: CampaignMilestonePayload, context: VoteMessageContext): OutgoingMessage {
  const link = voteLink(context.publicUrl, payload);
  const turnout = turnoutLine(payload.counts.voted, payload.counts.eligible);
  const callToAction = `Not voted yet? **[Cast your ballot](${link})**`;
  let title: string;
  let lines: string[];
  switch (payload.milestone) {
    case 'lead_change':
      title = `New leader: ${payload.leader?.name ?? 'a tie at the top'}`;
      lines = [
        payload.leader && payload.previousLeader
          ? `**${truncate(payload.leader.name, 200)}** has overtaken **${truncate(payload.previousLeader.name, 200)}**.`
          : 'The lead has changed hands.',
        turnout,
        callToAction,
      ];
      break;
    case 'all_voted':
      title = HEADLINES.all_voted;
      lines = [turnout];
      break;
    case 'hours_left_24':
    case 'hours_left_1':
      title = HEADLINES[payload.milestone];
      lines = [`Voting ends ${when(payload.endsAt, 'f')} (${when(payload.endsAt, 'R')}).`, turnout, callToAction];
      break;
    default:
      title = HEADLINES[payload.milestone];
      lines = [turnout, callToAction];
  }
  return {
    embeds: [
      {
        author: author(payload, link),
        title: truncate(title, EMBED_LIMITS.title),
        url: link,
        description: lines.join('\n'),
        color: VOTE_COLOURS.milestone,
        timestamp: payload.reachedAt,
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

/** The round each entry went out in (1-based), from instant runoff's rounds. */
function roundsOut(results: CampaignResults): Map<string, number> {
  const out = new Map<string, number>();
  (results.rounds ?? []).forEach((round, index) => round.eliminated.forEach((entryId) => out.set(entryId, index + 1)));
  return out;
}

function podiumLine(entry: ResultEntry, results: CampaignResults, out: Map<string, number>): string {
  const medal = MEDALS[entry.place] ?? `${ordinal(entry.place)}`;
  const name = `**${truncate(entry.name, 100)}**`;
  if (results.method === 'points') return `${medal} ${name} — ${entry.points} ${entry.points === 1 ? 'point' : 'points'}`;
  const rounds = results.rounds ?? [];
  const last = rounds[rounds.length - 1];
  if (results.winnerIds.includes(entry.entryId) && last) {
    const counting = Object.values(last.counts).reduce((sum, n) => sum + n, 0);
    return `${medal} ${name} — ${last.counts[entry.entryId] ?? 0} of ${counting} ballots in round ${rounds.length}`;
  }
  const round = out.get(entry.entryId);
  return `${medal} ${name}${round ? ` — out in round ${round}` : ''}`;
}

const CLOSE_REASONS: Record<CampaignClosedPayload['reason'], string> = {
  officer: 'An officer closed the vote.',
  ended: 'Voting time is over.',
  all_voted: 'Closed early: everyone has voted.',
};

/** The results: the podium (places 1 to 3, ties sharing a place), the turnout, and the link to the full results. */
export function resultsMessage(payload: CampaignClosedPayload, context: VoteMessageContext): OutgoingMessage {
  const link = voteLink(context.publicUrl, payload);
  const { results } = payload;
  const out = roundsOut(results);
  const podium = results.voted === 0 ? [] : results.entries.filter((entry) => entry.place <= 3).map((entry) => podiumLine(entry, results, out));
  const turnout = turnoutLine(results.voted, results.eligible, true);
  const lines = [
    podium.length > 0 ? linesWithin(podium, PODIUM_LINES, 2500) : 'No ballots were cast.',
    '',
    payload.allVoted && payload.reason !== 'all_voted' ? `${turnout} Everyone voted.` : turnout,
    CLOSE_REASONS[payload.reason],
    `**[Full results](${link})**`,
  ];
  return {
    embeds: [
      {
        author: author(payload, link),
        title: results.method === 'instant_runoff' ? 'The results are in (instant runoff)' : 'The results are in',
        url: link,
        description: lines.join('\n'),
        color: VOTE_COLOURS.results,
        timestamp: payload.closedAt,
      },
    ],
    allowed_mentions: { parse: [] },
  };
}
