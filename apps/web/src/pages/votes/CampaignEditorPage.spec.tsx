import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Campaign, Entry } from '../../api/types';
import { aCampaign, anEntry } from '../../test/factories';
import { deferred, FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

// Each test renders the whole app and clicks through it: seconds on a busy machine, not the 5 s default.
jest.setTimeout(20_000);

const RANKS = page([
  { level: 1, name: 'Initiate', discordRoleId: null, gameRankIndexes: [4] },
  { level: 2, name: 'Member', discordRoleId: null, gameRankIndexes: [3] },
  { level: 3, name: 'Raider', discordRoleId: null, gameRankIndexes: [2] },
  { level: 4, name: 'Officer', discordRoleId: null, gameRankIndexes: [1] },
  { level: 5, name: 'Guild Leader', discordRoleId: null, gameRankIndexes: [0] },
]);

function aDraft(entries: Entry[] = []): Campaign {
  return aCampaign({ status: 'draft', openedAt: null, viewer: { voted: false, mayVote: false }, entries, stats: { eligible: 12, voted: 0, percentVoted: 0 } });
}

const change = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('the vote editor', () => {
  it('saves a new draft with its settings, then leads on to its entries', async () => {
    const draft = aDraft();
    const api = new FakeApi()
      .on('GET', '/ranks', RANKS)
      .on('POST', '/campaigns', ok(draft, 201))
      .on('GET', `/campaigns/${draft.id}`, ok(draft));
    const { location } = renderApp('/votes/new', api, { as: 'officer' });

    const form = await screen.findByTestId('vote-settings');
    await within(form).findAllByRole('option', { name: 'Raider and above' });
    change('Title', '  The new guild tabard ');
    change('Description', 'Pick the colours we wear.');
    change('How ballots count', 'instant_runoff');
    change('Picks per voter', '2');
    change('Who may vote', '3');
    change('Who may see it', '');
    change('Opens at', '2026-12-01T20:00');
    change('Runs for (hours)', '48');
    fireEvent.click(within(form).getByLabelText(/Close early when everyone/));
    change('How much the bot says', 'hype');
    change('Discord channel id', '123456789012345678');
    fireEvent.click(within(form).getByRole('button', { name: 'Save the draft' }));

    expect((await screen.findByTestId('editor-announcement')).textContent).toBe('Draft saved. Now add its entries.');
    expect(location.href).toBe(`/votes/${draft.id}/edit`);
    expect(api.callsTo('POST', '/campaigns')[0].body).toEqual({
      title: 'The new guild tabard',
      description: 'Pick the colours we wear.',
      method: 'instant_runoff',
      picksPerVoter: 2,
      minRankToVote: 3,
      minRankToView: null,
      startsAt: new Date('2026-12-01T20:00').toISOString(),
      durationHours: 48,
      earlyCloseWhenAllVoted: false,
      discordChannelId: '123456789012345678',
      announcements: { enabled: true, chattiness: 'hype' },
    });
    expect(await screen.findByTestId('no-entries')).toBeTruthy();
  });

  it('shows the API’s sentences under the fields it names', async () => {
    const details = [{ field: 'startsAt', problems: ['startsAt must not be in the past'] }];
    const api = new FakeApi()
      .on('GET', '/ranks', RANKS)
      .on('POST', '/campaigns', fail(400, 'VALIDATION_FAILED', 'startsAt must not be in the past.', details));
    renderApp('/votes/new', api, { as: 'officer' });

    const form = await screen.findByTestId('vote-settings');
    change('Title', 'Tabard');
    change('Opens at', '2020-01-01T20:00');
    fireEvent.click(within(form).getByRole('button', { name: 'Save the draft' }));
    expect((await within(form).findByTestId('form-error')).textContent).toBe('startsAt must not be in the past.');
    const opens = screen.getByLabelText('Opens at');
    expect(opens.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById((opens.getAttribute('aria-describedby') ?? '').split(' ').pop() ?? '')?.textContent).toBe('startsAt must not be in the past.');
    expect(api.callsTo('POST', '/campaigns')[0].body).toMatchObject({ startsAt: new Date('2020-01-01T20:00').toISOString() });
  });

  it('shows a member the API’s refusal instead of a draft', async () => {
    const api = new FakeApi().on('GET', '/ranks', RANKS).on('POST', '/campaigns', fail(403, 'FORBIDDEN', 'This needs the rank Officer or higher.'));
    renderApp('/votes/new', api, { as: 'member' });
    const form = await screen.findByTestId('vote-settings');
    change('Title', 'Tabard');
    fireEvent.click(within(form).getByRole('button', { name: 'Save the draft' }));
    expect((await within(form).findByTestId('form-error')).textContent).toBe('This needs the rank Officer or higher.');
  });

  it('changes only what was changed, adds entries one after another, reorders and removes them', async () => {
    const black = anEntry({ name: 'Black Tabard', sortOrder: 0 });
    const green = anEntry({ name: 'Green Tabard', sortOrder: 1 });
    const draft = aDraft([black, green]);
    const gold = anEntry({ name: 'Gold Tabard', sortOrder: 2, imageUrl: 'https://img.example/gold.png' });
    const api = new FakeApi()
      .on('GET', '/ranks', RANKS)
      .on('GET', `/campaigns/${draft.id}`, ok(draft))
      .on('PATCH', `/campaigns/${draft.id}`, ok({ ...draft, title: 'The tabard, round two' }))
      .on('POST', `/campaigns/${draft.id}/entries`, ok(gold, 201))
      .on('PATCH', `/campaigns/${draft.id}/entries/${green.id}`, ok({ ...green, sortOrder: 0 }))
      .on('PATCH', `/campaigns/${draft.id}/entries/${black.id}`, ok({ ...black, sortOrder: 1 }))
      .on('DELETE', `/campaigns/${draft.id}/entries/${black.id}`, ok(null));
    renderApp(`/votes/${draft.id}/edit`, api, { as: 'officer' });

    const settings = await screen.findByTestId('vote-settings');
    change('Title', 'The tabard, round two');
    fireEvent.click(within(settings).getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByText('Settings saved.')).getAttribute('data-testid')).toBe('editor-announcement');
    expect(api.callsTo('PATCH', `/campaigns/${draft.id}`)[0].body).toEqual({ title: 'The tabard, round two' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Edit: The tabard, round two' })).toBeTruthy();

    const editor = screen.getByTestId('entries-editor');
    const addForm = within(editor).getByTestId('new-entry-form');
    fireEvent.change(within(addForm).getByLabelText('Name'), { target: { value: 'Gold Tabard' } });
    fireEvent.change(within(addForm).getByLabelText('Picture address'), { target: { value: 'https://img.example/gold.png' } });
    fireEvent.click(within(addForm).getByRole('button', { name: 'Add the entry' }));
    await waitFor(() => expect(within(editor).getAllByTestId('entry-card')).toHaveLength(3));
    expect(api.callsTo('POST', `/campaigns/${draft.id}/entries`)[0].body).toEqual({ name: 'Gold Tabard', description: null, imageUrl: 'https://img.example/gold.png' });
    expect((within(addForm).getByLabelText('Name') as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe(within(addForm).getByLabelText('Name'));
    expect(screen.getByTestId('editor-announcement').textContent).toBe('Gold Tabard added: 3 entries.');

    fireEvent.click(within(editor).getByRole('button', { name: 'Move Green Tabard up' }));
    await waitFor(() => expect(within(editor).getAllByTestId('entry-card').map((card) => card.querySelector('.entry-name')?.textContent)).toEqual(['Green Tabard', 'Black Tabard', 'Gold Tabard']));
    expect(api.callsTo('PATCH', `/campaigns/${draft.id}/entries/${green.id}`)[0].body).toEqual({ sortOrder: 0 });
    expect(api.callsTo('PATCH', `/campaigns/${draft.id}/entries/${black.id}`)[0].body).toEqual({ sortOrder: 1 });
    await waitFor(() => expect(document.activeElement).toBe(within(editor).getByRole('button', { name: 'Move Green Tabard down' })));

    fireEvent.click(within(editor).getByRole('button', { name: 'Remove Black Tabard' }));
    await waitFor(() => expect(within(editor).getAllByTestId('entry-card')).toHaveLength(2));
    expect(screen.getByTestId('editor-announcement').textContent).toBe('Black Tabard taken out.');
  });

  it('edits an entry in place', async () => {
    const black = anEntry({ name: 'Black Tabard', sortOrder: 0 });
    const draft = aDraft([black]);
    const api = new FakeApi()
      .on('GET', '/ranks', RANKS)
      .on('GET', `/campaigns/${draft.id}`, ok(draft))
      .on('PATCH', `/campaigns/${draft.id}/entries/${black.id}`, ok({ ...black, name: 'Night Tabard', description: 'Black with silver' }));
    renderApp(`/votes/${draft.id}/edit`, api, { as: 'officer' });

    const editor = await screen.findByTestId('entries-editor');
    fireEvent.click(within(editor).getByRole('button', { name: 'Edit Black Tabard' }));
    const form = within(editor).getByTestId(`entry-${black.id}-form`);
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Night Tabard' } });
    fireEvent.change(within(form).getByLabelText('Description'), { target: { value: 'Black with silver' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save the entry' }));
    await waitFor(() => expect(editor.querySelector('.entry-name')?.textContent).toBe('Night Tabard'));
    expect(api.callsTo('PATCH', `/campaigns/${draft.id}/entries/${black.id}`)[0].body).toEqual({ name: 'Night Tabard', description: 'Black with silver', imageUrl: null });
  });

  it('opens the vote in two steps and goes to its page; a refusal is said where it happened', async () => {
    const draft = aDraft([anEntry({ name: 'Black Tabard' })]);
    const live = { ...draft, status: 'live' as const };
    const api = new FakeApi()
      .on('GET', '/ranks', RANKS)
      .on('GET', `/campaigns/${draft.id}`, ok(draft), ok(live))
      .on('POST', `/campaigns/${draft.id}/open`, fail(400, 'TOO_FEW_ENTRIES', 'Opening needs at least 2 entries: this campaign has 1.'), ok(live));
    const { location } = renderApp(`/votes/${draft.id}/edit`, api, { as: 'officer' });

    fireEvent.click(await screen.findByRole('button', { name: 'Open voting now' }));
    expect(api.callsTo('POST', `/campaigns/${draft.id}/open`)).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Open voting now, for good' }));
    const error = await screen.findByTestId('error');
    expect(error.textContent).toBe('Opening needs at least 2 entries: this campaign has 1.');
    expect(error.getAttribute('data-code')).toBe('TOO_FEW_ENTRIES');

    fireEvent.click(screen.getByRole('button', { name: 'Open voting now' }));
    fireEvent.click(screen.getByRole('button', { name: 'Open voting now, for good' }));
    await waitFor(() => expect(location.href).toBe(`/votes/${draft.id}`));
    expect(await screen.findByTestId('vote-status')).toBeTruthy();
  });

  it('deletes a draft in two steps', async () => {
    const draft = aDraft();
    const api = new FakeApi()
      .on('GET', '/ranks', RANKS)
      .on('GET', `/campaigns/${draft.id}`, ok(draft))
      .on('DELETE', `/campaigns/${draft.id}`, ok(null))
      .on('GET', '/campaigns', page([]));
    const { location } = renderApp(`/votes/${draft.id}/edit`, api, { as: 'officer' });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete this draft' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete this draft for good' }));
    await waitFor(() => expect(location.href).toBe('/votes'));
    expect(api.callsTo('DELETE', `/campaigns/${draft.id}`)).toHaveLength(1);
  });

  it('shows loading, and says that only drafts change once a vote is open', async () => {
    const live = aCampaign();
    const reply = deferred();
    const api = new FakeApi().on('GET', '/ranks', RANKS).on('GET', `/campaigns/${live.id}`, reply.handler);
    renderApp(`/votes/${live.id}/edit`, api, { as: 'officer' });
    expect(await screen.findByText('Loading the vote…')).toBeTruthy();
    reply.resolve(ok(live));
    expect((await screen.findByTestId('not-a-draft')).textContent).toMatch(/^This vote is open: only drafts can be changed\./);
    expect(screen.queryByTestId('vote-settings')).toBeNull();
  });
});
