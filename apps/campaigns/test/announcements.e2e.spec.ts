import type { APIMessage } from 'discord-api-types/v10';
import { Campaign } from '@patt/contracts';
import { DiscordStandIn, eventually, generateDiscordGuild, startPlatform, TestPlatform } from '@patt/testing';
import { call, data, draft, Voter, voters } from './support';

jest.setTimeout(180_000);

/** Headlines of a vote's posts, in the order they were posted. */
const headlines = (messages: APIMessage[], campaignId: string): string[] =>
  messages.filter((message) => message.embeds[0]?.url?.endsWith(`/votes/${campaignId}`)).map((message) => message.embeds[0]!.title ?? '');

/**
 * The campaigns service's events as the real Discord bot hears them: both services as processes,
 * the bot logged into the Discord stand-in. A vote driven through the gateway is announced as its
 * chattiness says, the bot reading exactly what the service emits.
 */
describe('votes from the campaigns service announced by the Discord bot', () => {
  let discord: DiscordStandIn;
  let platform: TestPlatform;
  let officer: string;
  let channel: string;

  beforeAll(async () => {
    discord = await DiscordStandIn.start({ heartbeatIntervalMs: 1_000, guild: generateDiscordGuild({ seed: 13, memberCount: 10 }) });
    platform = await startPlatform({
      apps: ['campaigns', 'discord-bot'],
      env: {
        'discord-bot': {
          DISCORD_TOKEN: discord.token,
          DISCORD_GUILD_ID: discord.guildId,
          DISCORD_API_URL: discord.apiUrl,
          DISCORD_AUDIT_CHANNEL_ID: discord.auditChannelId,
          PUBLIC_URL: 'https://patt.example',
        },
      },
    });
    officer = platform.token({ rank: 4, username: 'officer' });
    channel = discord.state.listChannels().find((c) => c.name === 'announcements')!.id;
  });

  afterAll(async () => {
    await platform?.stop();
    await discord?.close();
  });

  const cast = (campaignId: string, voter: Voter, entryIds: string[]) =>
    call(platform, 'POST', `/campaigns/${campaignId}/ballots`, { token: voter.token, body: { picks: entryIds.map((entryId, i) => ({ entryId, rank: i + 1 })) } });

  it('quiet: the opening, and the results of a vote everyone voted in, nothing between', async () => {
    const crowd = await voters(platform, 2, 3);
    const { campaign, entries } = await draft(platform, officer, { minRankToVote: 3, picksPerVoter: 1, discordChannelId: channel, announcements: { chattiness: 'quiet' } });
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));
    for (const voter of crowd) expect((await cast(campaign.id, voter, [entries[0]!.id])).status).toBe(201);
    expect(data(await call<Campaign>(platform, 'GET', `/campaigns/${campaign.id}`)).closeReason).toBe('all_voted');

    await eventually('the results posted', () => headlines(discord.messages(channel), campaign.id).includes('The results are in'), 30_000);
    expect(headlines(discord.messages(channel), campaign.id)).toEqual(['New vote: The new tabard', 'The results are in']);
    const results = discord.messages(channel).find((m) => m.embeds[0]?.title === 'The results are in' && m.embeds[0]?.url?.endsWith(campaign.id))!;
    expect(results.embeds[0]!.url).toBe(`https://patt.example/votes/${campaign.id}`);
    expect(results.embeds[0]!.description).toContain('🥇 **Red** — 2 points');
    expect(results.embeds[0]!.description).toContain('Closed early: everyone has voted.');
  });

  it('hype: every milestone as the ballots reach them, the lead change on the first change of leader', async () => {
    const crowd = await voters(platform, 4, 4);
    const { campaign, entries } = await draft(platform, officer, {
      minRankToVote: 4,
      picksPerVoter: 1,
      earlyCloseWhenAllVoted: false,
      discordChannelId: channel,
      announcements: { chattiness: 'hype' },
    });
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/open`, { token: officer, body: {} }));
    // Red leads, Green ties, Green leads: the first change of leader.
    for (const [voter, entry] of [
      [crowd[0]!, entries[0]!],
      [crowd[1]!, entries[1]!],
      [crowd[2]!, entries[1]!],
    ] as const) {
      expect((await cast(campaign.id, voter, [entry.id])).status).toBe(201);
    }
    data(await call(platform, 'POST', `/campaigns/${campaign.id}/close`, { token: officer, body: {} }));

    await eventually('the results posted', () => headlines(discord.messages(channel), campaign.id).includes('The results are in'), 30_000);
    expect(headlines(discord.messages(channel), campaign.id)).toEqual([
      'New vote: The new tabard',
      'The first ballot is in',
      'A quarter of the guild has voted',
      'Half the guild has voted',
      // The third ballot reached both: its turnout first, then the lead.
      'Three quarters of the guild have voted',
      'New leader: Green',
      'The results are in',
    ]);
  });
});
