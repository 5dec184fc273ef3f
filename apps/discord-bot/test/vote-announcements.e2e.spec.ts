import type { APIMessage } from 'discord-api-types/v10';
import { EventEnvelope, Events, EventSubject, PayloadOf } from '@patt/contracts';
import { DiscordRoute, eventually } from '@patt/testing';
import { CampaignStory } from './support/factories';
import { BotHarness, botOutput, startBot, syncsSucceeded } from './support/harness';

jest.setTimeout(90_000);

type Published = { subject: EventSubject; payload: PayloadOf<EventSubject> };
const opened = (story: CampaignStory): Published => ({ subject: Events.CampaignOpened, payload: story.opened() });
const milestone = (payload: PayloadOf<typeof Events.CampaignMilestone>): Published => ({ subject: Events.CampaignMilestone, payload });
const closed = (payload: PayloadOf<typeof Events.CampaignClosed>): Published => ({ subject: Events.CampaignClosed, payload });

/** Headlines of a vote's posts, in the order they were posted. */
const headlines = (messages: APIMessage[], campaignId: string): string[] =>
  messages.filter((message) => message.embeds[0]?.url?.endsWith(`/votes/${campaignId}`)).map((message) => message.embeds[0]!.title ?? '');

describe('votes announced on Discord (the real bot and discord.js, the Discord stand-in)', () => {
  let bot: BotHarness;
  let announcements: string;

  const publish = (events: Published[]): Promise<EventEnvelope[]> =>
    events.reduce<Promise<EventEnvelope[]>>(
      async (sent, event) => [...(await sent), await bot.bus.publish(event.subject, event.payload as PayloadOf<typeof event.subject>)],
      Promise.resolve([]),
    );
  const posts = async (campaignId: string) =>
    (
      await bot.db.query<{ key: string; status: string; decision: string; post_status: string | null; message_id: string | null }>(
        `SELECT a.key, a.status, a.decision, p.status AS post_status, p.message_id
         FROM discord.vote_announcements a LEFT JOIN discord.channel_posts p ON p.id = a.post_id
         WHERE a.campaign_id = $1 ORDER BY a.sequence`,
        [campaignId],
      )
    ).rows;
  /** Waits until the vote's `count` events are recorded, released and, where they were to be posted, posted. */
  const settled = (campaignId: string, count: number, what: string, timeoutMs = 15_000) =>
    eventually(
      what,
      async () => {
        const rows = await posts(campaignId);
        return rows.length === count && rows.every((row) => row.status === 'released' && (row.decision !== 'post' || row.post_status === 'posted'));
      },
      timeoutMs,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${botOutput(bot)}`);
    });

  beforeAll(async () => {
    bot = await startBot({ guild: { seed: 47, memberCount: 40 } });
    announcements = bot.discord.state.listChannels().find((channel) => channel.name === 'announcements')!.id;
    await eventually('the first full sync', async () => (await syncsSucceeded(bot.db)) >= 1, 30_000);
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it('quiet: posts the opening and the results of a vote where everyone voted, and nothing between', async () => {
    const story = new CampaignStory({ chattiness: 'quiet', channelId: announcements, eligible: 3 });
    await publish([
      opened(story),
      milestone(story.milestone('first_ballot', 1, { 'Black Tabard': 2 })),
      milestone(story.milestone('turnout_25', 1, { 'Black Tabard': 2 })),
      milestone(story.milestone('turnout_50', 2, { 'Black Tabard': 3, 'Gold Tabard': 1 })),
      milestone(story.milestone('turnout_75', 3, { 'Black Tabard': 4, 'Gold Tabard': 2 })),
      milestone(story.milestone('all_voted', 3, { 'Black Tabard': 4, 'Gold Tabard': 2 })),
      closed(story.closed(3, { 'Black Tabard': 4, 'Gold Tabard': 2 }, 'all_voted')),
    ]);

    await settled(story.campaignId, 7, 'every event of the quiet vote settled');
    const messages = bot.discord.messages(announcements);
    expect(headlines(messages, story.campaignId)).toEqual(['New vote: The new guild tabard', 'The results are in']);
    const results = messages.find((message) => message.embeds[0]?.title === 'The results are in' && message.embeds[0]?.url?.includes(story.campaignId))!;
    expect(results.embeds[0]!.description).toContain('🥇 **Black Tabard** — 4 points');
    expect(results.embeds[0]!.description).toContain('**3** of **3** eligible members voted (100 %).');
    expect(results.embeds[0]!.description).toContain('Closed early: everyone has voted.');
    expect(headlines(bot.discord.auditMessages(), story.campaignId)).toEqual([]);
    expect((await posts(story.campaignId)).map((row) => row.decision)).toEqual(['post', 'quiet', 'quiet', 'quiet', 'quiet', 'quiet', 'post']);
  });

  it('normal: the opening, first ballot, 50 %, everyone voted, 24 h and 1 h left, then the results, in the audit channel, in order although they arrive out of it', async () => {
    const story = new CampaignStory({ chattiness: 'normal', eligible: 4 });
    const events = [
      opened(story),
      milestone(story.milestone('first_ballot', 1, { 'Black Tabard': 2 })),
      milestone(story.milestone('turnout_25', 1, { 'Black Tabard': 2 })),
      milestone(story.milestone('hours_left_24', 1, { 'Black Tabard': 2 })),
      milestone(story.milestone('turnout_50', 2, { 'Black Tabard': 2, 'Green Tabard': 2 })),
      milestone(story.milestone('lead_change', 3, { 'Green Tabard': 4, 'Black Tabard': 3 }, 'Black Tabard')),
      milestone(story.milestone('turnout_75', 3, { 'Green Tabard': 4, 'Black Tabard': 3 })),
      milestone(story.milestone('hours_left_1', 3, { 'Green Tabard': 4, 'Black Tabard': 3 })),
      milestone(story.milestone('all_voted', 4, { 'Green Tabard': 6, 'Black Tabard': 3 })),
      closed(story.closed(4, { 'Green Tabard': 6, 'Black Tabard': 3, 'Gold Tabard': 3 }, 'ended')),
    ];
    // The results and the last milestones first, the opening last: the bot's three consumers may hear them so.
    const [first, ...rest] = events;
    await publish([events[9]!, events[8]!, events[1]!]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(headlines(bot.discord.auditMessages(), story.campaignId)).toEqual([]);
    await publish([...rest.filter((_, i) => ![0, 7, 8].includes(i)), first!]);

    await settled(story.campaignId, 10, 'every event of the normal vote settled');
    expect(headlines(bot.discord.auditMessages(), story.campaignId)).toEqual([
      'New vote: The new guild tabard',
      'The first ballot is in',
      '24 hours left to vote',
      'Half the guild has voted',
      'One hour left to vote',
      'Everyone has voted',
      'The results are in',
    ]);
    const podium = bot.discord.auditMessages().find((message) => message.embeds[0]?.title === 'The results are in' && message.embeds[0]?.url?.includes(story.campaignId))!;
    expect(podium.embeds[0]!.description!.split('\n').slice(0, 3)).toEqual(['🥇 **Green Tabard** — 6 points', '🥈 **Black Tabard** — 3 points', '🥈 **Gold Tabard** — 3 points']);
    expect(podium.embeds[0]!.description).toContain('**4** of **4** eligible members voted (100 %). Everyone voted.');
  });

  it('hype: every milestone, the lead change from the first change of leader on', async () => {
    const story = new CampaignStory({ chattiness: 'hype', channelId: announcements, eligible: 8 });
    await publish([
      opened(story),
      milestone(story.milestone('first_ballot', 1, { 'Black Tabard': 2 })),
      milestone(story.milestone('turnout_25', 2, { 'Black Tabard': 3, 'Green Tabard': 1 })),
      milestone(story.milestone('lead_change', 3, { 'Green Tabard': 4, 'Black Tabard': 3 }, 'Black Tabard')),
      milestone(story.milestone('turnout_50', 4, { 'Green Tabard': 5, 'Black Tabard': 5, 'Gold Tabard': 2 })),
      milestone(story.milestone('hours_left_24', 4, { 'Green Tabard': 5, 'Black Tabard': 5, 'Gold Tabard': 2 })),
      milestone(story.milestone('lead_change', 5, { 'Black Tabard': 7, 'Green Tabard': 5 }, 'Green Tabard')),
      milestone(story.milestone('turnout_75', 6, { 'Black Tabard': 8, 'Green Tabard': 6 })),
      milestone(story.milestone('hours_left_1', 6, { 'Black Tabard': 8, 'Green Tabard': 6 })),
      milestone(story.milestone('all_voted', 8, { 'Black Tabard': 10, 'Green Tabard': 8 })),
      closed(story.closed(8, { 'Black Tabard': 10, 'Green Tabard': 8, 'Gold Tabard': 6 }, 'all_voted')),
    ]);

    await settled(story.campaignId, 11, 'every event of the hype vote settled');
    const messages = bot.discord.messages(announcements);
    expect(headlines(messages, story.campaignId)).toEqual([
      'New vote: The new guild tabard',
      'The first ballot is in',
      'A quarter of the guild has voted',
      'New leader: Green Tabard',
      'Half the guild has voted',
      '24 hours left to vote',
      'New leader: Black Tabard',
      'Three quarters of the guild have voted',
      'One hour left to vote',
      'Everyone has voted',
      'The results are in',
    ]);
    const firstChange = messages.find((message) => message.embeds[0]?.title === 'New leader: Green Tabard' && message.embeds[0]?.url?.includes(story.campaignId))!;
    expect(firstChange.embeds[0]!.description).toContain('**Green Tabard** has overtaken **Black Tabard**.');
  });

  it('posts each event once: redelivered, sent again under a new id, or across a restart of the bot', async () => {
    const story = new CampaignStory({ chattiness: 'normal', channelId: announcements, eligible: 4 });
    const before = [opened(story), milestone(story.milestone('first_ballot', 1, { 'Gold Tabard': 2 }))];
    const sent = await publish(before);
    await settled(story.campaignId, 2, 'the opening and the first ballot');

    // The same events again (a redelivery), and the same milestones under new event ids.
    for (const event of sent) await bot.bus.publish(event.subject, event.payload as PayloadOf<typeof event.subject>, { id: event.id });
    await publish(before);

    // Stopped while the vote goes on; the events wait in the stream.
    await bot.platform.services.get('discord-bot')!.stop();
    await publish([
      milestone(story.milestone('turnout_25', 1, { 'Gold Tabard': 2 })),
      milestone(story.milestone('turnout_50', 2, { 'Gold Tabard': 3, 'Black Tabard': 1 })),
      closed(story.closed(2, { 'Gold Tabard': 3, 'Black Tabard': 1 }, 'officer')),
    ]);
    await bot.platform.start('discord-bot');

    await settled(story.campaignId, 5, 'the rest of the vote after the restart', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(headlines(bot.discord.messages(announcements), story.campaignId)).toEqual([
      'New vote: The new guild tabard',
      'The first ballot is in',
      'Half the guild has voted',
      'The results are in',
    ]);
  });

  it('killed after Discord accepted a post but before marking it: the post is not repeated', async () => {
    const story = new CampaignStory({ chattiness: 'quiet', channelId: announcements });
    await publish([opened(story)]);
    await settled(story.campaignId, 1, 'the opening');

    const hold = bot.discord.holdAnswers(DiscordRoute.createMessage);
    const callsBefore = bot.discord.callsTo(DiscordRoute.createMessage).length;
    const lastSeq = Math.max(0, ...bot.discord.calls.map((call) => call.seq));
    await publish([closed(story.closed(4, { 'Black Tabard': 5, 'Gold Tabard': 3 }))]);
    const accepted = await bot.discord.waitForCall((call) => call.route === DiscordRoute.createMessage && call.seq > lastSeq, 20_000);
    expect(accepted.status).toBe(200);
    expect(headlines(bot.discord.messages(announcements), story.campaignId)).toEqual(['New vote: The new guild tabard', 'The results are in']);
    await bot.platform.services.get('discord-bot')!.kill();
    hold.release();
    const { rows: unmarked } = await bot.db.query<{ status: string }>(
      `SELECT p.status FROM discord.vote_announcements a JOIN discord.channel_posts p ON p.id = a.post_id WHERE a.campaign_id = $1 AND a.key = 'closed'`,
      [story.campaignId],
    );
    expect(unmarked).toEqual([{ status: 'pending' }]);

    await bot.platform.start('discord-bot');
    await settled(story.campaignId, 2, 'the results marked as posted after the restart', 30_000);
    const retries = bot.discord.callsTo(DiscordRoute.createMessage).slice(callsBefore);
    expect(retries).toHaveLength(2);
    const [firstTry, secondTry] = retries as [(typeof retries)[0], (typeof retries)[0]];
    expect((secondTry.body as { nonce: string }).nonce).toBe((firstTry.body as { nonce: string }).nonce);
    expect((secondTry.body as { enforce_nonce: boolean }).enforce_nonce).toBe(true);
    expect(headlines(bot.discord.messages(announcements), story.campaignId)).toEqual(['New vote: The new guild tabard', 'The results are in']);
    const messageId = (await posts(story.campaignId)).at(-1)?.message_id;
    expect(messageId).toBe(bot.discord.messages(announcements).slice(-1)[0]!.id);
  });

  it('posts in the audit channel instead, saying why, when the vote’s channel refuses the post', async () => {
    const gone = '123456789012345678';
    const story = new CampaignStory({ chattiness: 'quiet', channelId: gone });
    await publish([opened(story)]);
    await eventually('the opening in the audit channel', () => headlines(bot.discord.auditMessages(), story.campaignId).length === 1);
    const [redirected] = bot.discord.auditMessages().filter((message) => message.embeds[0]?.url?.includes(story.campaignId));
    expect(redirected!.content).toBe(`Could not post this in <#${gone}> (HTTP 404: Unknown Channel (Discord code 10003)); posting it here instead.`);
    expect(redirected!.embeds[0]!.title).toBe('New vote: The new guild tabard');
    const { rows } = await bot.db.query<{ status: string; last_error: string }>(`SELECT status, last_error FROM discord.channel_posts WHERE channel_id = $1`, [gone]);
    expect(rows).toEqual([{ status: 'failed', last_error: 'HTTP 404: Unknown Channel (Discord code 10003)' }]);
  });

  it('posts nothing about a vote with announcements off', async () => {
    const story = new CampaignStory({ enabled: false, chattiness: 'hype', channelId: announcements });
    await publish([opened(story), milestone(story.milestone('first_ballot', 1, { 'Black Tabard': 2 })), closed(story.closed(1, { 'Black Tabard': 2 }))]);
    await settled(story.campaignId, 3, 'the vote recorded');
    expect((await posts(story.campaignId)).map((row) => row.decision)).toEqual(['off', 'off', 'off']);
    expect(headlines([...bot.discord.messages(announcements), ...bot.discord.auditMessages()], story.campaignId)).toEqual([]);
  });

  it('keeps a campaign event that was never sent from holding the rest back for good', async () => {
    // Sequence 2 never comes (lost, say): the results wait for it, then go without it.
    const story = new CampaignStory({ chattiness: 'normal', channelId: announcements });
    const opening = opened(story);
    story.milestone('first_ballot', 1); // takes sequence 2, never published
    await publish([opening, closed(story.closed(1, { 'Black Tabard': 2 }))]);
    await eventually('the opening', () => headlines(bot.discord.messages(announcements), story.campaignId).length === 1);
    await eventually('the results recorded', async () => (await posts(story.campaignId)).length === 2);
    expect((await posts(story.campaignId)).map((row) => [row.key, row.status])).toEqual([
      ['opened', 'released'],
      ['closed', 'held'],
    ]);
    // As if the hold limit had passed.
    await bot.db.query(`UPDATE discord.vote_announcements SET recorded_at = recorded_at - interval '3 minutes' WHERE campaign_id = $1`, [story.campaignId]);
    await eventually('the results, without the missing milestone', () => headlines(bot.discord.messages(announcements), story.campaignId).length === 2, 45_000);
    expect(headlines(bot.discord.messages(announcements), story.campaignId)).toEqual(['New vote: The new guild tabard', 'The results are in']);
  });
});
