import type { APIEmbed } from 'discord.js';
import { RosterEventType } from '@patt/contracts';
import type { OutgoingMessage } from '../discord/discord-guild';
import { EMBED_LIMITS, truncate } from '../discord/embed-limits';

/** The changes of a roster sync a summary is about. */
export type SummarisedChange = { type: Extract<RosterEventType, 'joined' | 'rejoined' | 'left' | 'rank_changed'>; name: string; realmSlug: string };

export const SUMMARISED_CHANGE_TYPES: ReadonlySet<RosterEventType> = new Set(['joined', 'rejoined', 'left', 'rank_changed']);
const NAMES_PER_LIST = 20;

export interface RosterSyncSummary {
  runId: string;
  syncedAt: Date;
  characters: number;
  changes: readonly SummarisedChange[];
}

function names(changes: readonly SummarisedChange[]): string {
  const shown = changes.slice(0, NAMES_PER_LIST).map((change) => `${change.name} (${change.realmSlug})`);
  const rest = changes.length - shown.length;
  return truncate(`${shown.join(', ')}${rest > 0 ? `, …and ${rest} more` : ''}`, EMBED_LIMITS.fieldValue);
}

/** The audit channel's note of a roster sync in which characters joined or left; null when none did. */
export function rosterSummaryMessage(summary: RosterSyncSummary): OutgoingMessage | null {
  const of = (type: SummarisedChange['type']) => summary.changes.filter((change) => change.type === type);
  const joined = of('joined');
  const rejoined = of('rejoined');
  const left = of('left');
  const rankChanges = of('rank_changed');
  if (joined.length + rejoined.length + left.length === 0) return null;
  const counts = [`**${joined.length}** joined`, rejoined.length ? `**${rejoined.length}** came back` : '', `**${left.length}** left`]
    .filter(Boolean)
    .join(', ');
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (joined.length) fields.push({ name: `Joined (${joined.length})`, value: names(joined) });
  if (rejoined.length) fields.push({ name: `Came back (${rejoined.length})`, value: names(rejoined) });
  if (left.length) fields.push({ name: `Left (${left.length})`, value: names(left) });
  return {
    embeds: [
      {
        title: 'Roster sync',
        description: `${counts}; ${summary.characters} characters in the guild now.${rankChanges.length ? ` ${rankChanges.length} rank changes.` : ''}`,
        color: left.length > joined.length + rejoined.length ? 0xe67e22 : 0x2ecc71,
        fields,
        footer: { text: `Sync run ${summary.runId}` },
        timestamp: summary.syncedAt.toISOString(),
      },
    ],
    allowed_mentions: { parse: [] },
  };
}
