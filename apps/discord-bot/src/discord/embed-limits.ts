import type { APIEmbed } from 'discord.js';

/** Discord's documented limits of a message's embeds. */
export const EMBED_LIMITS = {
  embedsPerMessage: 10,
  /** Titles, descriptions, field names and values, footers and author names of all embeds together. */
  charactersPerMessage: 6000,
  title: 256,
  description: 4096,
  fieldValue: 1024,
} as const;

/** Discord counts characters (code points), not UTF-16 units. */
export function characters(text: string): number {
  return [...text].length;
}

/** The text cut to `max` characters, with an ellipsis when it was longer. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** What an embed counts towards the 6000 characters of a message. */
export function embedSize(embed: APIEmbed): number {
  let size = characters(embed.title ?? '') + characters(embed.description ?? '');
  size += characters(embed.footer?.text ?? '') + characters(embed.author?.name ?? '');
  for (const field of embed.fields ?? []) size += characters(field.name) + characters(field.value);
  return size;
}

/**
 * Lines as a description: as many as `maxLines` and the description limit allow, then
 * "…and N more" for the rest.
 */
export function linesWithin(lines: readonly string[], maxLines: number, maxCharacters: number = EMBED_LIMITS.description): string {
  const shown: string[] = [];
  let used = 0;
  // Room for the "…and N more" line, whatever N is.
  const budget = maxCharacters - 32;
  for (const line of lines.slice(0, maxLines)) {
    const size = characters(line) + 1;
    if (used + size > budget) break;
    shown.push(line);
    used += size;
  }
  const rest = lines.length - shown.length;
  if (rest > 0) shown.push(`…and ${rest} more`);
  return shown.join('\n');
}

/**
 * Embeds in order, split into as few messages as Discord's limits allow: at most 10 embeds and
 * 6000 characters a message. Each embed must fit a message by itself.
 */
export function packEmbeds(embeds: readonly APIEmbed[]): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const own = embedSize(embed);
    if (own > EMBED_LIMITS.charactersPerMessage) throw new Error(`an embed of ${own} characters cannot be posted`);
    if (current.length > 0 && (current.length >= EMBED_LIMITS.embedsPerMessage || size + own > EMBED_LIMITS.charactersPerMessage)) {
      messages.push(current);
      current = [];
      size = 0;
    }
    current.push(embed);
    size += own;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}
