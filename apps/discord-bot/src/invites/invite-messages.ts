import type { OutgoingMessage } from '../discord/discord-guild';
import type { DmRefusal } from '../discord/discord-errors';

export interface InviteDm {
  code: string;
  expiresAt: Date;
  publicUrl: string;
}

/** Where a member registers with their code. */
export function registrationLink(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/register?code=${encodeURIComponent(code)}`;
}

/** The DM with a member's invite: the code and the link that carries it. */
export function inviteDm({ code, expiresAt, publicUrl }: InviteDm): OutgoingMessage {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return {
    content: [
      'You are invited to make your PATT guild account.',
      `Your invite code: \`${code}\``,
      `Register here: ${registrationLink(publicUrl, code)}`,
      `The code works once and expires <t:${expires}:R> (<t:${expires}:f>). Use your Discord username as your username.`,
    ].join('\n'),
    allowed_mentions: { parse: [] },
  };
}

/** Why an invite DM did not arrive: the member's side refused it, Discord kept failing, or its code was lost. */
export type NotDelivered = DmRefusal | 'failing' | 'lost';

const REFUSALS: Record<NotDelivered, string> = {
  dms_closed: 'they do not accept direct messages from server members',
  not_on_server: 'they are no longer on the server',
  unknown_user: 'Discord does not know their account any more',
  failing: 'Discord kept failing to deliver it',
  lost: 'the bot restarted while sending it, and invite codes are kept nowhere but in the DM',
};

export interface UndeliveredInvite {
  discordUserId: string;
  username: string | null;
  expiresAt: Date;
  why: NotDelivered;
}

/**
 * The notice for officers when an invite DM does not arrive. It names the member and why, never
 * the code: the channel is shared, and the officer who made the invite has the code already.
 */
export function inviteNotDeliveredNotice({ discordUserId, username, expiresAt, why }: UndeliveredInvite): OutgoingMessage {
  const who = username ? `<@${discordUserId}> (${username})` : `<@${discordUserId}>`;
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return {
    embeds: [
      {
        title: 'Invite not delivered',
        color: 0xe67e22,
        description: [
          `The invite for ${who} could not be sent by DM: ${REFUSALS[why]}.`,
          'The officer who created it was shown the code; please hand it over another way, or create a new invite once they can receive DMs.',
          `The code expires <t:${expires}:R>.`,
        ].join('\n'),
        timestamp: new Date().toISOString(),
      },
    ],
    allowed_mentions: { parse: [] },
  };
}
