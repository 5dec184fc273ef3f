import { CAMPAIGN_MILESTONES, CampaignMilestone, Chattiness, RankLevel } from '@patt/contracts';
import { CampaignStory } from '../../test/support/factories';
import { EMBED_LIMITS, embedSize } from '../discord/embed-limits';
import type { OutgoingMessage } from '../discord/discord-guild';
import { decide } from './vote-announcements.service';
import { milestoneMessage, openedMessage, resultsMessage, VOTE_COLOURS, voteLink } from './vote-messages';

const context = { publicUrl: 'https://patt.example/', rankName: (level: RankLevel) => ({ 2: 'Member', 3: 'Raider' })[level as 2 | 3] ?? `rank ${level}` };

function withinLimits(message: OutgoingMessage): void {
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(EMBED_LIMITS.embedsPerMessage);
  expect(embeds.reduce((sum, embed) => sum + embedSize(embed), 0)).toBeLessThanOrEqual(EMBED_LIMITS.charactersPerMessage);
  for (const embed of embeds) {
    expect([...(embed.title ?? '')].length).toBeLessThanOrEqual(EMBED_LIMITS.title);
    expect([...(embed.description ?? '')].length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    for (const field of embed.fields ?? []) expect([...field.value].length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
  }
  expect(message.allowed_mentions).toEqual({ parse: [] });
}

describe('vote announcements', () => {
  it('links the campaign page under PUBLIC_URL, whatever slashes it ends with', () => {
    const story = new CampaignStory();
    expect(voteLink('https://patt.example', story.opened())).toBe(`https://patt.example/votes/${story.campaignId}`);
    expect(voteLink('https://patt.example//', story.opened())).toBe(`https://patt.example/votes/${story.campaignId}`);
  });

  it('opens with the entries, how to vote, who may, until when, and the link', () => {
    const story = new CampaignStory({ openedAt: new Date('2026-12-01T20:00:00Z'), hours: 48 });
    const message = openedMessage(story.opened(), context);
    const [embed] = message.embeds!;
    const link = `https://patt.example/votes/${story.campaignId}`;
    expect(embed).toMatchObject({ title: 'New vote: The new guild tabard', url: link, color: VOTE_COLOURS.opened, timestamp: '2026-12-01T20:00:00.000Z' });
    expect(embed!.description).toContain('Pick the colours we wear into the next tier.');
    expect(embed!.description).toContain('Rank your top 2: your 1st choice earns 2 points, down to 1 for your 2nd.');
    expect(embed!.description).toContain('Who may vote: **Member** and above.');
    // Discord shows these in each reader's own time zone.
    const end = Date.parse('2026-12-03T20:00:00Z') / 1000;
    expect(embed!.description).toContain(`Voting ends <t:${end}:f> (<t:${end}:R>).`);
    expect(embed!.description).toContain(`**[Cast your ballot](${link})**`);
    expect(embed!.fields).toEqual([{ name: 'Entries (3)', value: '1. Black Tabard\n2. Green Tabard\n3. Gold Tabard' }]);
    withinLimits(message);
  });

  it('keeps an opening with 100 long entries within Discord’s limits, counting the entries it leaves out', () => {
    const names = Array.from({ length: 100 }, (_, i) => `${'Ærtwork '.repeat(12)}${i + 1}`);
    const story = new CampaignStory({ entries: names, title: 'T'.repeat(120), method: 'instant_runoff' });
    const message = openedMessage({ ...story.opened(), description: 'D'.repeat(4000) }, context);
    withinLimits(message);
    const [field] = message.embeds![0]!.fields!;
    expect(field!.name).toBe('Entries (100)');
    expect(field!.value).toMatch(/…and \d+ more$/);
    expect(message.embeds![0]!.description).toContain('Instant runoff');
  });

  it.each([
    ['first_ballot', 'The first ballot is in'],
    ['turnout_25', 'A quarter of the guild has voted'],
    ['turnout_50', 'Half the guild has voted'],
    ['turnout_75', 'Three quarters of the guild have voted'],
    ['all_voted', 'Everyone has voted'],
    ['hours_left_24', '24 hours left to vote'],
    ['hours_left_1', 'One hour left to vote'],
  ] as const)('announces %s as “%s” with the turnout', (milestone, headline) => {
    const story = new CampaignStory({ eligible: 8 });
    story.opened();
    const voted = { first_ballot: 1, turnout_25: 2, turnout_50: 4, turnout_75: 6, all_voted: 8, hours_left_24: 3, hours_left_1: 5 }[milestone];
    const message = milestoneMessage(story.milestone(milestone, voted), context);
    const [embed] = message.embeds!;
    expect(embed).toMatchObject({ title: headline, author: { name: 'The new guild tabard' }, color: VOTE_COLOURS.milestone });
    expect(embed!.description).toContain(`**${voted}** of **8** eligible members have voted (${Math.floor((voted * 100) / 8)} %).`);
    if (milestone.startsWith('hours_left')) expect(embed!.description).toContain('Voting ends <t:');
    if (milestone !== 'all_voted') expect(embed!.description).toContain('Not voted yet? **[Cast your ballot](https://patt.example/votes/');
    withinLimits(message);
  });

  it('names the new leader and the one overtaken, and nothing of the standings', () => {
    const story = new CampaignStory();
    story.opened();
    const message = milestoneMessage(story.milestone('lead_change', 3, { 'Green Tabard': 5, 'Black Tabard': 4 }, 'Black Tabard'), context);
    const [embed] = message.embeds!;
    expect(embed!.title).toBe('New leader: Green Tabard');
    expect(embed!.description).toContain('**Green Tabard** has overtaken **Black Tabard**.');
    expect(embed!.description).not.toMatch(/points/);
  });

  it('posts the podium by points, ties sharing a place, with the turnout and why it closed', () => {
    const story = new CampaignStory({ entries: ['A', 'B', 'C', 'D'], eligible: 5 });
    story.opened();
    const message = resultsMessage(story.closed(5, { A: 7, B: 7, C: 1, D: 0 }, 'all_voted'), context);
    const [embed] = message.embeds!;
    expect(embed).toMatchObject({ title: 'The results are in', color: VOTE_COLOURS.results });
    expect(embed!.description!.split('\n')).toEqual([
      '🥇 **A** — 7 points',
      '🥇 **B** — 7 points',
      '🥉 **C** — 1 point',
      '',
      '**5** of **5** eligible members voted (100 %).',
      'Closed early: everyone has voted.',
      `**[Full results](https://patt.example/votes/${story.campaignId})**`,
    ]);
    withinLimits(message);
  });

  it('says so when everyone voted although the vote ran to its end', () => {
    const story = new CampaignStory({ eligible: 2 });
    story.opened();
    const [embed] = resultsMessage(story.closed(2, { 'Gold Tabard': 3, 'Black Tabard': 1 }, 'ended'), context).embeds!;
    expect(embed!.description).toContain('**2** of **2** eligible members voted (100 %). Everyone voted.');
    expect(embed!.description).toContain('Voting time is over.');
  });

  it('says no ballots were cast rather than crowning everyone', () => {
    const story = new CampaignStory();
    story.opened();
    const [embed] = resultsMessage(story.closed(0, {}, 'ended'), context).embeds!;
    expect(embed!.description!.split('\n')[0]).toBe('No ballots were cast.');
    expect(embed!.description).toContain('**0** of **4** eligible members voted (0 %).');
  });

  it('tells the instant runoff winner’s round and count, and when the others went out', () => {
    const story = new CampaignStory({ entries: ['A', 'B', 'C'], method: 'instant_runoff', eligible: 10 });
    story.opened();
    const [a, b, c] = story.entries.map((entry) => entry.id) as [string, string, string];
    const payload = story.closed(9, { A: 14, B: 12, C: 6 }, 'officer', {
      rounds: [
        { counts: { [a]: 4, [b]: 3, [c]: 2 }, eliminated: [c], exhausted: 0 },
        { counts: { [a]: 5, [b]: 4 }, eliminated: [], exhausted: 0 },
      ],
      winnerIds: [a],
    });
    const [embed] = resultsMessage(payload, context).embeds!;
    expect(embed!.title).toBe('The results are in (instant runoff)');
    expect(embed!.description!.split('\n').slice(0, 3)).toEqual(['🥇 **A** — 5 of 9 ballots in round 2', '🥈 **B**', '🥉 **C** — out in round 1']);
  });

  it('keeps a podium of 100 tied entries within the limits', () => {
    const story = new CampaignStory({ entries: Array.from({ length: 100 }, (_, i) => `${'Ω'.repeat(95)}${i}`) });
    story.opened();
    const points = Object.fromEntries(story.entries.map((entry) => [entry.name, 3]));
    const message = resultsMessage(story.closed(4, points), context);
    withinLimits(message);
    expect(message.embeds![0]!.description).toMatch(/…and 90 more/);
  });
});

describe('what each chattiness posts', () => {
  const posted = (chattiness: Chattiness): CampaignMilestone[] =>
    CAMPAIGN_MILESTONES.filter((milestone) => {
      const story = new CampaignStory({ chattiness });
      return decide({ kind: 'milestone', eventId: 'e', payload: story.milestone(milestone, 1) }, true) === 'post';
    });

  it('posts the opening and the results at every level, and only the milestones the level takes', () => {
    expect(posted('quiet')).toEqual([]);
    expect(posted('normal')).toEqual(['first_ballot', 'turnout_50', 'all_voted', 'hours_left_24', 'hours_left_1']);
    expect(posted('hype')).toEqual(['first_ballot', 'turnout_25', 'turnout_50', 'turnout_75', 'all_voted', 'hours_left_24', 'hours_left_1', 'lead_change']);
    for (const chattiness of ['quiet', 'normal', 'hype'] as const) {
      const story = new CampaignStory({ chattiness });
      expect(decide({ kind: 'opened', eventId: 'e', payload: story.opened() }, true)).toBe('post');
      expect(decide({ kind: 'closed', eventId: 'e', payload: story.closed(4, {}) }, true)).toBe('post');
    }
  });

  it('posts nothing with announcements off, and records that there is nowhere to post', () => {
    const off = new CampaignStory({ enabled: false, chattiness: 'hype' });
    expect(decide({ kind: 'opened', eventId: 'e', payload: off.opened() }, true)).toBe('off');
    expect(decide({ kind: 'milestone', eventId: 'e', payload: off.milestone('first_ballot', 1) }, true)).toBe('off');
    const nowhere = new CampaignStory();
    expect(decide({ kind: 'opened', eventId: 'e', payload: nowhere.opened() }, false)).toBe('no_channel');
    expect(decide({ kind: 'milestone', eventId: 'e', payload: nowhere.milestone('turnout_25', 1) }, false)).toBe('quiet');
  });
});
