// A guild vote in a real browser against the real platform: a member ranks the entries with the
// Pick and move buttons and casts the ballot, then sees it and the standings so far; the Guild
// Leader closes the vote in two steps; the member's open page shows the podium without a reload,
// and so does the page of a visitor who never signed in (the vote is public).
import type { Campaign, Entry, Member } from '@patt/contracts';
import { eventually } from '@patt/testing';
import { launchChromium, Person, TestBrowser } from './support/browser';
import { signInWithForm } from './support/pages';
import { screenshot } from './support/screenshots';
import { GUILD_LEADER, startWebPlatform, WebPlatform } from './support/web-platform';

jest.setTimeout(180_000);

const RAISTLIN = { character: 'Raistlin', discord: 'raistlin', displayName: 'Raistlin Majere', password: 'the staff of magius' } as const;
const ENTRIES = ['Golden gryphon', 'Crimson wyrm', 'Silver moon'] as const;

describe('a guild vote, from the ballot to the podium', () => {
  let web: WebPlatform;
  let chromium: TestBrowser;
  let campaign: Campaign & { entries: Entry[] };
  let member: Person;
  let officer: Person;
  let visitor: Person;

  beforeAll(async () => {
    web = await startWebPlatform({
      seed: 13,
      guildSize: 12,
      // A mage at in-game rank 3: the default rank table makes that a Member (level 2).
      characters: [{ name: RAISTLIN.character, rank: 3, classId: 8, specId: 63, level: 80 }],
      discordSize: 12,
      discordMembers: [{ username: RAISTLIN.discord, globalName: RAISTLIN.displayName, rank: 'Member' }],
    });
    const leader = (await web.signIn(GUILD_LEADER.username, GUILD_LEADER.password)).accessToken;
    await web.syncRoster(leader);
    // Character and Discord user share a name: identity makes them one member, who registers.
    const raistlin: Member = await web.memberOfDiscordUser(leader, RAISTLIN.discord);
    // Auth hears of the member from identity's event a moment after identity answers for them.
    const invite = await eventually('auth to know the member and invite them', async () => {
      const answer = await web.call<{ code: string }>(`/members/${raistlin.id}/invites`, { method: 'POST', token: leader, body: {} });
      if (answer.status === 404) return undefined;
      if (!answer.body.ok) throw new Error(`POST /members/${raistlin.id}/invites: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.data;
    });
    await web.api('/auth/register', { method: 'POST', body: { inviteCode: invite.code, username: RAISTLIN.discord, password: RAISTLIN.password } });

    const draft = await web.api<Campaign>('/campaigns', {
      method: 'POST',
      token: leader,
      body: {
        title: 'The new guild tabard',
        description: 'Which design goes on the tabard for the next expansion?',
        method: 'points',
        picksPerVoter: 2,
        minRankToVote: 2,
        minRankToView: null,
        startsAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
        durationHours: 72,
        // One member votes here: the vote stays open until the officer closes it.
        earlyCloseWhenAllVoted: false,
        announcements: { enabled: false },
      },
    });
    for (const name of ENTRIES) await web.api(`/campaigns/${draft.id}/entries`, { method: 'POST', token: leader, body: { name } });
    await web.api(`/campaigns/${draft.id}/open`, { method: 'POST', token: leader, body: {} });
    campaign = await web.api<Campaign & { entries: Entry[] }>(`/campaigns/${draft.id}`, { token: leader });
    // The campaigns service learns of the member's rank and account from identity's and auth's events.
    const raistlinToken = (await web.signIn(RAISTLIN.discord, RAISTLIN.password)).accessToken;
    await eventually('the campaigns service to let the member vote', async () => {
      const seen = await web.api<Campaign>(`/campaigns/${campaign.id}`, { token: raistlinToken });
      return seen.viewer?.mayVote === true;
    });
    chromium = await launchChromium(web.url);
  });

  afterAll(async () => {
    await chromium?.close();
    await web?.stop();
  });

  afterEach(() => {
    // Whatever the scenario, no page may have failed (a script error, a CSP refusal).
    for (const person of [member, officer, visitor]) expect(person?.problems ?? []).toEqual([]);
  });

  it('a member ranks two entries with the buttons, casts the ballot, and sees it and the standings', async () => {
    member = await chromium.person();
    const { page } = member;
    await signInWithForm(page, RAISTLIN.discord, RAISTLIN.password);
    await page.goto(`/votes/${campaign.id}`);
    const form = page.getByTestId('ballot-form');
    await form.waitFor();
    expect(await page.getByTestId('vote-status').textContent()).toBe('Voting open');

    // Picked in the wrong order first, then put right with the move button.
    await form.getByRole('button', { name: 'Pick Crimson wyrm' }).click();
    await form.getByRole('button', { name: 'Pick Golden gryphon' }).click();
    await form.getByRole('button', { name: 'Move Golden gryphon up' }).click();
    expect(await form.getByTestId('ranked-entry').allTextContents()).toEqual([
      expect.stringContaining('Golden gryphon'),
      expect.stringContaining('Crimson wyrm'),
    ]);
    // A full ballot offers no more picks.
    expect(await form.getByRole('button', { name: 'Pick Silver moon' }).isDisabled()).toBe(true);
    await screenshot(page, 'vote-ballot');
    await page.getByTestId('cast-ballot').click();

    const mine = page.getByTestId('my-ballot');
    await mine.waitFor();
    expect(await mine.getByTestId('my-pick').allTextContents()).toEqual(['1st: Golden gryphon', '2nd: Crimson wyrm']);
    const standings = page.getByTestId('standings');
    await standings.waitFor();
    const rows = await standings.getByTestId('result-row').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Golden gryphon');
    expect(rows[1]).toContain('Crimson wyrm');
    expect(rows[2]).toContain('Silver moon');
    expect(await page.getByTestId('podium').count()).toBe(0);
    await screenshot(page, 'vote-standings');

    // The ballot is on record as the member ranked it.
    const token = (await web.signIn(RAISTLIN.discord, RAISTLIN.password)).accessToken;
    const ballot = await web.api<{ picks: Array<{ entryId: string; rank: number }> }>(`/campaigns/${campaign.id}/ballots/mine`, { token });
    const idOf = (name: string) => campaign.entries.find((entry) => entry.name === name)?.id;
    expect([...ballot.picks].sort((a, b) => a.rank - b.rank)).toEqual([
      { entryId: idOf('Golden gryphon'), rank: 1 },
      { entryId: idOf('Crimson wyrm'), rank: 2 },
    ]);
  });

  it('the Guild Leader sees the turnout and closes the vote in two steps; the podium follows', async () => {
    officer = await chromium.person();
    const { page } = officer;
    await signInWithForm(page, GUILD_LEADER.username, GUILD_LEADER.password);
    await page.goto(`/votes/${campaign.id}`);
    const panel = page.getByTestId('officer-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('turnout-text').textContent()).toMatch(/^1 of \d+ voted/);

    await panel.getByRole('button', { name: 'Close voting now', exact: true }).click();
    await panel.getByRole('button', { name: 'Close voting now: the results become final' }).click();
    await page.getByTestId('podium').waitFor();
    expect(await page.getByTestId('vote-status').textContent()).toBe('Closed');
    expect(await page.getByTestId('winner').textContent()).toBe('The winner: Golden gryphon');
  });

  it('everyone sees the podium: the member’s open page without a reload, and a visitor never signed in', async () => {
    // The member's page looks at an open vote again every 10 s.
    const memberPage = member.page;
    await memberPage.getByTestId('podium').waitFor({ timeout: 30_000 });
    expect(await memberPage.getByTestId('vote-status').textContent()).toBe('Closed');

    visitor = await chromium.person();
    const { page } = visitor;
    await page.goto(`/votes/${campaign.id}`);
    await page.getByTestId('podium').waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);

    for (const shown of [memberPage, page]) {
      const podium = shown.getByTestId('podium');
      expect(await podium.locator('[data-place="1"]').textContent()).toContain('Golden gryphon');
      expect(await podium.locator('[data-place="2"]').textContent()).toContain('Crimson wyrm');
      // Every entry is in the results, votes or none: the third without a vote is third.
      expect(await podium.locator('[data-place="3"]').textContent()).toContain('Silver moon');
      expect(await shown.getByTestId('winner').textContent()).toBe('The winner: Golden gryphon');
    }
    await screenshot(page, 'vote-results');
  });
});
