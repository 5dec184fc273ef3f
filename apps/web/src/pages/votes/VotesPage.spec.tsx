import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { aCampaign } from '../../test/factories';
import { deferred, FakeApi, fail, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

// Each test renders the whole app and clicks through it: seconds on a busy machine, not the 5 s default.
jest.setTimeout(20_000);

describe('VotesPage', () => {
  it('shows a visitor who is not signed in the public votes, and how to take part', async () => {
    const open = aCampaign({ title: 'Raid night', viewer: null });
    const closed = aCampaign({ title: 'Member of the month', status: 'closed', closedAt: '2026-11-01T20:00:00.000Z', viewer: null, stats: { eligible: 20, voted: 17, percentVoted: 85 } });
    const api = new FakeApi().on('GET', '/campaigns', page([open, closed]));
    const { location } = renderApp('/votes', api);

    const cards = await screen.findAllByTestId('vote');
    expect(cards.map((card) => within(card).getByRole('heading').textContent)).toEqual(['Raid night', 'Member of the month']);
    expect(cards.map((card) => card.getAttribute('data-status'))).toEqual(['live', 'closed']);
    expect(within(cards[0]).getByRole('link', { name: 'Raid night' }).getAttribute('href')).toBe(`/votes/${open.id}`);
    expect(cards[1].textContent).toContain('17 of 20 voted (85 %)');
    expect(screen.queryByRole('link', { name: 'New vote' })).toBeNull();
    expect(screen.queryByRole('option', { name: 'Drafts' })).toBeNull();
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login?next=%2Fvotes');
    // The session restore came first; the list was asked without a token.
    const call = api.callsTo('GET', '/campaigns')[0];
    expect(call.headers['authorization']).toBeUndefined();
    expect(call.query.get('limit')).toBe('20');
    expect(location.href).toBe('/votes');
  });

  it('waits for a signed-in officer’s session, then lists with their token: drafts, and New vote', async () => {
    const draft = aCampaign({ title: 'Next tier’s tabard', status: 'draft', viewer: { voted: false, mayVote: false } });
    const mine = aCampaign({ title: 'Raid night', viewer: { voted: true, mayVote: false } });
    const api = new FakeApi().on('GET', '/campaigns', page([draft, mine]));
    renderApp('/votes', api, { as: 'officer' });

    const cards = await screen.findAllByTestId('vote');
    expect(api.callsTo('POST', '/auth/refresh')).toHaveLength(1);
    expect(api.callsTo('GET', '/campaigns')).toHaveLength(1);
    expect(api.callsTo('GET', '/campaigns')[0].headers['authorization']).toBe('Bearer access-officer');
    expect(within(cards[0]).getByText('Draft')).toBeTruthy();
    expect(cards[0].textContent).not.toMatch(/voted/);
    expect(within(cards[1]).getByText('You voted')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New vote' }).getAttribute('href')).toBe('/votes/new');
    expect(screen.getByRole('option', { name: 'Drafts' })).toBeTruthy();
  });

  it('marks the votes awaiting the member’s ballot', async () => {
    const api = new FakeApi().on('GET', '/campaigns', page([aCampaign({ viewer: { voted: false, mayVote: true } })]));
    renderApp('/votes', api, { as: 'member' });
    expect(await screen.findByText('Your vote is awaited')).toBeTruthy();
  });

  it('filters by status in the address, and says when none match', async () => {
    const api = new FakeApi().on('GET', '/campaigns', page([aCampaign()]), page([]));
    const { location } = renderApp('/votes', api, { as: 'member' });
    await screen.findAllByTestId('vote');

    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'closed' } });
    expect((await screen.findByTestId('empty')).textContent).toBe('No votes are closed.');
    expect(location.href).toBe('/votes?status=closed');
    expect(api.callsTo('GET', '/campaigns')[1].query.get('status')).toBe('closed');
  });

  it('shows loading, the empty list, and an outage with Try again', async () => {
    const first = deferred();
    const api = new FakeApi().on('GET', '/campaigns', first.handler, page([]));
    renderApp('/votes', api);
    expect(await screen.findByText('Loading the votes…')).toBeTruthy();
    first.resolve(fail(503, 'SERVICE_UNAVAILABLE', 'The votes are out of reach for a moment; try again shortly.'));
    const error = await screen.findByTestId('error');
    expect(error.textContent).toContain('The votes are out of reach for a moment; try again shortly.');
    fireEvent.click(within(error).getByRole('button', { name: 'Try again' }));
    expect((await screen.findByTestId('empty')).textContent).toBe('No votes yet.');
  });

  it('is in the navigation, signed in or not', async () => {
    renderApp('/votes', new FakeApi().on('GET', '/campaigns', page([])));
    const nav = await screen.findByTestId('main-nav');
    await waitFor(() => expect(within(nav).getByRole('link', { name: 'Votes' }).getAttribute('href')).toBe('/votes'));
    expect(within(nav).getByRole('link', { name: 'Votes' }).getAttribute('aria-current')).toBe('page');
  });
});
