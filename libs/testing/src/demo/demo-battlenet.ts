// The demo's Battle.net accounts: each player of the demo story logs in at the Blizzard stand-in
// with an account that owns their main and alts, so "Link Battle.net" on a profile shows the
// flow with no account anywhere. The first player also has a character outside the guild, which
// the platform remembers and links if it ever joins.
import type { BattlenetStandInAccount } from '../blizzard/battlenet-accounts';
import { generateGuild } from '../blizzard/guild-generator';
import type { StandInCharacter } from '../blizzard/stand-in.types';
import { type DemoGuild, DEMO_SEED, keyOf } from './demo-guild';

export const DEMO_BATTLENET_FIRST_ID = 70_001;

/** BattleTags are a name and four digits: "Moonfire.mia" becomes "Moonfiremia#1001". */
function battletagOf(username: string, index: number): string {
  const letters = username.replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'Player';
  return `${letters.charAt(0).toUpperCase()}${letters.slice(1)}#${1001 + index}`;
}

export function demoBattlenetAccounts(demo: DemoGuild): BattlenetStandInAccount[] {
  const byKey = new Map(demo.guild.members.map((c) => [keyOf(c), c]));
  const elsewhere = generateGuild({ size: 1, seed: DEMO_SEED + 1, name: 'Somewhere Else' }).members;
  return demo.story.players.map((player, index) => {
    const characters = [player.main, ...player.alts].map((key) => byKey.get(key)).filter((c): c is StandInCharacter => c !== undefined);
    const wowAccounts = [{ id: 1, characters }];
    if (index === 0 && elsewhere.length > 0) wowAccounts.push({ id: 2, characters: elsewhere });
    return { id: DEMO_BATTLENET_FIRST_ID + index, battletag: battletagOf(player.discordUsername, index), wowAccounts };
  });
}
