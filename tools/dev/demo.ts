// The demo of `npm start` without credentials: once the platform is up, the setup an officer would
// do at a first start (libs/testing/src/demo/demo-setup.ts: rank roles mapped, the addon export
// uploaded), and a guide to the first five minutes. The README's quick start walks the same steps.
import { demoBattlenetAccounts, demoGuild, type RankRoleName, setUpDemo } from '@patt/testing';

export interface DemoOptions {
  gatewayUrl: string;
  /** Where a person opens the app (the gateway's public address). */
  publicUrl: string;
  username: string;
  password: string;
  rankRoleIds: Record<RankRoleName, string>;
  say(line: string): void;
}

/** Sets the demo up in the background of `npm start`; says what happened, and what to look at. */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { say, publicUrl: url } = options;
  const demo = demoGuild();
  try {
    await setUpDemo({ gatewayUrl: options.gatewayUrl, username: options.username, password: options.password, rankRoleIds: options.rankRoleIds, demo, say });
  } catch (error) {
    say(`demo: the setup stopped: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const { story } = demo;
  const name = (key: string) => key.slice(key.indexOf('/') + 1);
  const close = story.suggestions.find((s) => s.why === 'a close name');
  // One player's characters of one name on two realms: confirming one leaves the other suggested to that member.
  const twin = story.conflicts.find((c) => new Set(c.characters.map(name)).size === 1);
  // The first player's Battle.net account: their main and alts, and one character outside the guild.
  const [battlenet] = demoBattlenetAccounts(demo);
  const player = story.players[0];
  for (const line of [
    '',
    "demo: the first five minutes (the README's quick start walks them)",
    `  1. ${url}/roster  ${demo.guild.members.length} characters: mains with their alts under them, ${story.unlinked.length} with "no member yet"`,
    `  2. ${url}/officer/suggestions  confirm ${close ? `${name(close.character)} for @${close.discordUsername}` : 'a suggestion'}: a new member, and role sync gives them their rank's role`,
    ...(twin
      ? [
          `     ${twin.characters.map((key) => `${name(key)} (${key.slice(0, key.indexOf('/'))})`).join(' and ')} both match @${twin.discordUsername}: confirm one, and the other stays suggested to that member (or "Confirm all ${twin.characters.length}")`,
        ]
      : []),
    `     ${url}/officer/conflicts  the ${story.conflicts.length} claims the matching left to an officer, with the characters and Discord users they name`,
    `  3. ${url}/officer/issues  @${story.exOfficer.discordUsername} left the guild but kept the Officer role; ${story.stale.length} stale characters; the characters of no one`,
    `     (@${story.roleMismatch.discordUsername}, a ${story.roleMismatch.rank} who held the ${story.roleMismatch.holds} role, is ${story.roleMismatch.rank} on Discord now: role sync took it back)`,
    `  4. ${url}/officer/discord  then a member's page: set their rank, and watch their Discord role follow`,
    ...(battlenet && player
      ? [
          `  5. ${url}/login  "Sign in with Discord" as @${player.discordUsername}, then ${url}/me  "Link Battle.net", log in as ${battlenet.battletag}:`,
          `     ${1 + player.alts.length} characters proved yours, one outside the guild waiting for it to join; ${url}/officer/battlenet  who has linked, and Remind`,
        ]
      : []),
    '',
  ]) {
    say(line);
  }
}
