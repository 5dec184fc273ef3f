import type { OutgoingMessage } from '../discord/discord-guild';

/** The member's profile, where "Link Battle.net" is. */
export function profileLink(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/me`;
}

/** The DM asking a member to link Battle.net: what it does for them, where to click, and that it reads nothing else. */
export function battlenetReminderDm({ displayName, publicUrl }: { displayName: string; publicUrl: string }): OutgoingMessage {
  return {
    content: [
      `Hi ${displayName}! The guild officers ask you to link your Battle.net account on the PATT guild site.`,
      'It proves which of the guild’s characters are yours, so nobody has to guess from names and notes.',
      `Open your profile and click "Link Battle.net": ${profileLink(publicUrl)}`,
      'The site reads only your WoW characters (scope wow.profile), and keeps no Blizzard password or token.',
    ].join('\n'),
    allowed_mentions: { parse: [] },
  };
}
