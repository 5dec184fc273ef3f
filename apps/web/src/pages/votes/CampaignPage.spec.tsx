import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Campaign } from '../../api/types';
import { aBallot, aCampaign, aResults } from '../../test/factories';
import { deferred, FakeApi, fail, ok } from '../../test/fake-api';
import { renderApp } from '../../test/render';
import { CampaignPage } from './CampaignPage';

// Each test renders the whole app and clicks through it: seconds on a busy machine, not the 5 s default.
jest.setTimeout(20_000);

const entryIds = (campaign: Campaign) => (campaign.entries ?? []).map((entry) => entry.id);

/** The campaign page with a short poll, so a test sees the vote move. */
function renderVote(campaign: Campaign, api: FakeApi, as: 'member' | 'officer' | null = 'member', pollMs = 60_000) {
  return renderApp(`/votes/${campaign.id}`, api, { as, page: { routePath: '/votes/:id', element: <CampaignPage pollMs={pollMs} />, public: true } });
}

function ranked(): string[] {
  const ranking = screen.queryByTestId('ranking');
  return ranking ? within(ranking).getAllByTestId('ranked-entry').map((item) => item.textContent?.replace(/[↑↓✕]/g, '').trim() ?? '') : [];
}

describe('CampaignPage', () => {
  it('lets a member rank the entries with the keyboard alone: pick, move, take out, and focus follows each step', async () => {
    const user = userEvent.setup();
    const campaign = aCampaign({ picksPerVoter: 2 });
    const api = new FakeApi().on('GET', `/campaigns/${campaign.id}`, ok(campaign)).on('GET', '/ranks', ok({ items: [], total: 0 }));
    renderVote(campaign, api);

    const form = await screen.findByTestId('ballot-form');
    const button = (name: string) => within(form).getByRole('button', { name }) as HTMLButtonElement;
    const announced = () => screen.getByTestId('ballot-announcement').textContent;
    expect(within(form).getByTestId('ranking-empty').textContent).toMatch(/pick your favourite first/);
    expect(button('Cast ballot').disabled).toBe(true);

    // Tab to the first Pick button and on to Green's; Enter picks it: the 1st choice, and focus
    // moves on to the next entry still free (Gold).
    while (document.activeElement !== button('Pick Black Tabard')) await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(button('Pick Green Tabard'));
    await user.keyboard('{Enter}');
    expect(announced()).toBe('Green Tabard is your 1st choice.');
    await waitFor(() => expect(document.activeElement).toBe(button('Pick Gold Tabard')));

    // Shift+Tab back to Black, Space picks it: the ballot is full, focus goes to Cast, Gold's Pick is off.
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(button('Pick Black Tabard'));
    await user.keyboard(' ');
    expect(ranked()).toEqual(['1stGreen Tabard', '2ndBlack Tabard']);
    expect(announced()).toBe('Black Tabard is your 2nd choice. Your ballot is ready to cast.');
    await waitFor(() => expect(document.activeElement).toBe(button('Cast ballot')));
    expect(button('Pick Gold Tabard').disabled).toBe(true);

    // From the ranking: Black's Up arrow moves it first; at the top its Up is off, so focus is on its Down.
    button('Move Black Tabard up').focus();
    await user.keyboard('{Enter}');
    expect(ranked()).toEqual(['1stBlack Tabard', '2ndGreen Tabard']);
    expect(announced()).toBe('Black Tabard is now your 1st choice.');
    await waitFor(() => expect(document.activeElement).toBe(button('Move Black Tabard down')));
    expect(button('Move Black Tabard up').disabled).toBe(true);
    // Enter again on the same key moves it back down.
    await user.keyboard('{Enter}');
    expect(ranked()).toEqual(['1stGreen Tabard', '2ndBlack Tabard']);
    await waitFor(() => expect(document.activeElement).toBe(button('Move Black Tabard up')));

    // Take Green out: its Pick button comes back and takes focus; Tab reaches Gold's, Enter picks it.
    button('Take Green Tabard out').focus();
    await user.keyboard('{Enter}');
    expect(ranked()).toEqual(['1stBlack Tabard']);
    expect(announced()).toBe('Green Tabard taken out. 1 of 2 picked.');
    await waitFor(() => expect(document.activeElement).toBe(button('Pick Green Tabard')));
    await user.tab();
    expect(document.activeElement).toBe(button('Pick Gold Tabard'));
    await user.keyboard('{Enter}');
    expect(ranked()).toEqual(['1stBlack Tabard', '2ndGold Tabard']);
    await waitFor(() => expect(document.activeElement).toBe(button('Cast ballot')));
    expect(button('Cast ballot').disabled).toBe(false);
    expect(api.callsTo('POST', `/campaigns/${campaign.id}/ballots`)).toHaveLength(0);
  });

  it('casts the ballot in the order ranked, then shows it and the standings so far', async () => {
    const campaign = aCampaign({ picksPerVoter: 2 });
    const [black, , gold] = entryIds(campaign) as [string, string, string];
    const after = { ...campaign, viewer: { voted: true, mayVote: false }, stats: { eligible: 12, voted: 4, percentVoted: 33 } };
    const ballot = aBallot(campaign, [gold, black]);
    const api = new FakeApi()
      .on('GET', `/campaigns/${campaign.id}`, ok(campaign), ok(after))
      .on('POST', `/campaigns/${campaign.id}/ballots`, ok(ballot, 201))
      .on('GET', `/campaigns/${campaign.id}/ballots/mine`, ok(ballot))
      .on('GET', `/campaigns/${campaign.id}/results`, ok(aResults(after, { 'Gold Tabard': 5, 'Black Tabard': 4, 'Green Tabard': 3 })))
      .on('GET', '/ranks', ok({ items: [], total: 0 }));
    renderVote(campaign, api);

    const form = await screen.findByTestId('ballot-form');
    fireEvent.click(within(form).getByRole('button', { name: 'Pick Gold Tabard' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Pick Black Tabard' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Cast ballot' }));

    const mine = await screen.findByTestId('my-ballot');
    expect(api.callsTo('POST', `/campaigns/${campaign.id}/ballots`)[0].body).toEqual({
      picks: [
        { entryId: gold, rank: 1 },
        { entryId: black, rank: 2 },
      ],
    });
    expect(within(mine).getAllByTestId('my-pick').map((pick) => pick.textContent)).toEqual(['1st: Gold Tabard', '2nd: Black Tabard']);
    await waitFor(() => expect(document.activeElement).toBe(within(mine).getByRole('heading', { name: 'Your ballot' })));
    expect(screen.getByTestId('vote-announcement').textContent).toBe('Your ballot is cast.');
    expect(screen.queryByTestId('ballot-form')).toBeNull();

    const standings = await screen.findByTestId('standings');
    expect(within(standings).getByText('4 of 12 voted (33 %).')).toBeTruthy();
    const rows = within(standings).getAllByTestId('result-row').map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    // The numbers are text beside the bars: place, points, first choices.
    expect(rows).toEqual([
      ['1st', '5', '2'],
      ['2nd', '4', '2'],
      ['3rd', '3', '1'],
    ]);
    expect(within(standings).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['Gold Tabard', 'Black Tabard', 'Green Tabard']);
    expect(screen.queryByTestId('podium')).toBeNull();
  });

  it('shows the API’s sentence when the ballot is refused, and keeps the ranking', async () => {
    const campaign = aCampaign({ picksPerVoter: 1 });
    const api = new FakeApi()
      .on('GET', `/campaigns/${campaign.id}`, ok(campaign))
      .on('POST', `/campaigns/${campaign.id}/ballots`, fail(409, 'ALREADY_VOTED', 'You have voted in this campaign already; a ballot is final.'))
      .on('GET', '/ranks', ok({ items: [], total: 0 }));
    renderVote(campaign, api);

    const form = await screen.findByTestId('ballot-form');
    expect(within(form).getByText(/Pick your favourite: the entry with the most votes wins/)).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Pick Black Tabard' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Cast ballot' }));
    const error = await within(form).findByTestId('form-error');
    expect(error.textContent).toBe('You have voted in this campaign already; a ballot is final.');
    expect(error.getAttribute('data-code')).toBe('ALREADY_VOTED');
    expect(ranked()).toEqual(['1stBlack Tabard']);
  });

  it('shows loading, then the API’s sentence for a vote one may not see, without a retry', async () => {
    const campaign = aCampaign();
    const reply = deferred();
    const api = new FakeApi().on('GET', `/campaigns/${campaign.id}`, reply.handler);
    renderVote(campaign, api, null);
    expect(await screen.findByText('Loading the vote…')).toBeTruthy();
    reply.resolve(fail(404, 'NOT_FOUND', 'There is no campaign with this id.'));
    const error = await screen.findByTestId('error');
    expect(error.textContent).toBe('There is no campaign with this id.');
    expect(within(error).queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('asks a visitor to sign in to vote, shows the entries and asks for no standings', async () => {
    const campaign = aCampaign({ viewer: null });
    const api = new FakeApi().on('GET', `/campaigns/${campaign.id}`, ok(campaign));
    renderVote(campaign, api, null);

    const signIn = await screen.findByTestId('sign-in-to-vote');
    expect(within(signIn).getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(`/login?next=${encodeURIComponent(`/votes/${campaign.id}`)}`);
    expect(within(screen.getByTestId('entry-list')).getAllByRole('listitem')).toHaveLength(3);
    expect(screen.queryByTestId('ballot-form')).toBeNull();
    expect(api.callsTo('GET', `/campaigns/${campaign.id}/results`)).toHaveLength(0);
    expect(api.callsTo('GET', `/campaigns/${campaign.id}`)[0].headers['authorization']).toBeUndefined();
  });

  it('tells a member below the vote’s rank that they can follow it, in the guild’s rank names', async () => {
    const campaign = aCampaign({ minRankToVote: 3, viewer: { voted: false, mayVote: false } });
    const api = new FakeApi()
      .on('GET', `/campaigns/${campaign.id}`, ok(campaign))
      .on('GET', '/ranks', ok({ items: [{ level: 3, name: 'Raider', discordRoleId: null, gameRankIndexes: [2] }], total: 1 }));
    renderVote(campaign, api, 'member');
    await waitFor(() => expect(screen.getByTestId('cannot-vote').textContent).toBe('Only Raider and above vote in this one; you can follow it here.'));
    expect(screen.queryByTestId('ballot-form')).toBeNull();
  });

  it('shows everyone the podium, the points and the rounds of a closed instant runoff', async () => {
    const campaign = aCampaign({ status: 'closed', method: 'instant_runoff', closeReason: 'ended', closedAt: '2026-12-04T20:00:00.000Z', viewer: null, stats: { eligible: 10, voted: 9, percentVoted: 90 } });
    const [black, green, gold] = entryIds(campaign) as [string, string, string];
    const results = aResults(campaign, { 'Black Tabard': 14, 'Green Tabard': 12, 'Gold Tabard': 6 }, {
      rounds: [
        { counts: { [black]: 4, [green]: 3, [gold]: 2 }, eliminated: [gold], exhausted: 0 },
        { counts: { [black]: 5, [green]: 3 }, eliminated: [], exhausted: 1 },
      ],
      winnerIds: [black],
    });
    const api = new FakeApi().on('GET', `/campaigns/${campaign.id}`, ok(campaign)).on('GET', `/campaigns/${campaign.id}/results`, ok(results));
    renderVote(campaign, api, null);

    const shown = await screen.findByTestId('results');
    expect(within(shown).getByTestId('winner').textContent).toBe('The winner: Black Tabard');
    expect(within(shown).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['1st Black Tabard', '2nd Green Tabard', '3rd Gold Tabard']);
    expect(screen.getByText(/Its time ran out\./)).toBeTruthy();
    const rounds = within(shown).getByTestId('rounds');
    const rows = within(rounds).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['4', '5 wins'],
      ['3', '3'],
      ['2 out', '–'],
      ['0', '1'],
    ]);
    expect(within(rounds).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['Black Tabard', 'Green Tabard', 'Gold Tabard', 'No longer counting']);
  });

  it('says so when a closed vote had no ballots, rather than crowning every entry', async () => {
    const campaign = aCampaign({ status: 'closed', closeReason: 'ended', viewer: null, stats: { eligible: 10, voted: 0, percentVoted: 0 } });
    const api = new FakeApi().on('GET', `/campaigns/${campaign.id}`, ok(campaign)).on('GET', `/campaigns/${campaign.id}/results`, ok(aResults(campaign, {})));
    renderVote(campaign, api, null);
    expect((await screen.findByTestId('no-ballots')).textContent).toMatch(/^No ballots were cast\./);
    expect(screen.queryByTestId('podium')).toBeNull();
  });

  it('follows an open vote: the standings move, and the podium shows once an officer closes it', async () => {
    const campaign = aCampaign({ viewer: { voted: true, mayVote: false } });
    const [black, green] = entryIds(campaign) as [string, string, string];
    const closed = { ...campaign, status: 'closed' as const, closeReason: 'officer' as const, closedAt: new Date().toISOString() };
    // The first poll's standings wait until the test has seen the first ones.
    const moved = deferred();
    const api = new FakeApi()
      .on('GET', `/campaigns/${campaign.id}`, ok(campaign), ok(campaign), ok(closed))
      .on('GET', `/campaigns/${campaign.id}/ballots/mine`, ok(aBallot(campaign, [black, green])))
      .on('GET', `/campaigns/${campaign.id}/results`, ok(aResults(campaign, { 'Black Tabard': 2, 'Green Tabard': 1 })), moved.handler, ok(aResults(closed, { 'Green Tabard': 8, 'Black Tabard': 3 })))
      .on('GET', '/ranks', ok({ items: [], total: 0 }));
    renderVote(campaign, api, 'member', 50);

    expect((await screen.findByTestId('standings')).querySelector('tbody th')?.textContent).toBe('Black Tabard');
    moved.resolve(ok(aResults(campaign, { 'Green Tabard': 6, 'Black Tabard': 3 })));
    await waitFor(() => expect(screen.getByTestId('standings').querySelector('tbody th')?.textContent).toBe('Green Tabard'));
    const podium = await screen.findByTestId('podium', {}, { timeout: 3000 });
    expect(within(podium).getAllByRole('listitem')[0].textContent).toBe('1st Green Tabard');
    expect(screen.getByTestId('vote-status').textContent).toBe('Closed');
    expect(screen.getByTestId('vote-announcement').textContent).toBe('Voting has closed: the results are final.');
    const polls = api.callsTo('GET', `/campaigns/${campaign.id}`).length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.callsTo('GET', `/campaigns/${campaign.id}`)).toHaveLength(polls);
  });

  it('lets an officer watch the turnout and close the vote in two steps', async () => {
    const campaign = aCampaign({ viewer: { voted: false, mayVote: true }, stats: { eligible: 12, voted: 9, percentVoted: 75 } });
    const closed = { ...campaign, status: 'closed' as const, closeReason: 'officer' as const, closedAt: new Date().toISOString() };
    const api = new FakeApi()
      .on('GET', `/campaigns/${campaign.id}`, ok(campaign))
      .on('POST', `/campaigns/${campaign.id}/close`, ok(closed))
      .on('GET', `/campaigns/${campaign.id}/results`, ok(aResults(closed, { 'Gold Tabard': 9, 'Black Tabard': 7 })))
      .on('GET', '/ranks', ok({ items: [], total: 0 }));
    renderVote(campaign, api, 'officer');

    const panel = await screen.findByTestId('officer-panel');
    const bar = within(panel).getByRole('progressbar', { name: 'Turnout' });
    expect(bar.getAttribute('aria-valuenow')).toBe('9');
    expect(bar.getAttribute('aria-valuemax')).toBe('12');
    expect(within(panel).getByTestId('turnout-text').textContent).toMatch(/^9 of 12 voted \(75 %\) so far/);

    fireEvent.click(within(panel).getByRole('button', { name: 'Close voting now' }));
    expect(api.callsTo('POST', `/campaigns/${campaign.id}/close`)).toHaveLength(0);
    fireEvent.click(within(panel).getByRole('button', { name: 'Close voting now: the results become final' }));
    expect((await screen.findByTestId('winner')).textContent).toBe('The winner: Gold Tabard');
    expect(api.callsTo('POST', `/campaigns/${campaign.id}/close`)[0].body).toEqual({});
    expect(screen.getByTestId('vote-announcement').textContent).toBe('Voting closed: the results are final.');
    expect(screen.queryByTestId('ballot-form')).toBeNull();
  });

  it('shows the API’s sentence when the close is refused', async () => {
    const campaign = aCampaign();
    const api = new FakeApi()
      .on('GET', `/campaigns/${campaign.id}`, ok(campaign))
      .on('POST', `/campaigns/${campaign.id}/close`, fail(409, 'CAMPAIGN_NOT_LIVE', 'This campaign is not live: it closed already.'))
      .on('GET', '/ranks', ok({ items: [], total: 0 }));
    renderVote(campaign, api, 'officer');
    const panel = await screen.findByTestId('officer-panel');
    fireEvent.click(within(panel).getByRole('button', { name: 'Close voting now' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Close voting now: the results become final' }));
    expect((await within(panel).findByTestId('error')).textContent).toBe('This campaign is not live: it closed already.');
  });
});
