import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { aCharacter, aSuggestion } from '../../test/factories';
import { deferred, FakeApi, fail, forbidden, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

const discordUser = { userId: '555', username: 'trogdiscord', displayName: 'Big Trog', roleIds: [], highestGuildRole: null, present: true, personId: null };

function officerApi() {
  return new FakeApi()
    .on('GET', '/discord/members', page([discordUser]))
    .on('GET', '/characters/c1', ok(aCharacter({ id: 'c1', name: 'Trog', guildNote: 'dc: trogdiscord' })));
}

describe('SuggestionsPage', () => {
  it('lists suggestions with evidence and score, and confirms one', async () => {
    const api = officerApi()
      .on('GET', '/identity/suggestions', page([aSuggestion({ id: 's1', characterId: 'c1', discordUserId: '555', score: 0.9, reason: 'The guild note names trogdiscord.' })]))
      .on('POST', '/identity/suggestions/s1/confirm', ok({ id: 'l1', personId: 'p1', characterId: 'c1', discordUserId: '555', method: 'suggestion_confirmed' }));
    renderApp('/officer/suggestions', api, { as: 'officer' });

    const card = await screen.findByTestId('suggestion');
    expect(await within(card).findByRole('heading', { name: "Trog – Sen'jin ↔ trogdiscord" })).toBeTruthy();
    expect(within(card).getByTestId('suggestion-score').textContent).toBe('90 %');
    expect(within(card).getByTestId('suggestion-reason').textContent).toBe('The guild note names trogdiscord.');

    fireEvent.click(within(card).getByRole('button', { name: /^Confirm/ }));
    await waitFor(() => expect(screen.getByTestId('suggestion-outcome').textContent).toBe("Linked Trog – Sen'jin to trogdiscord."));
    expect(await screen.findByTestId('empty')).toBeTruthy();
    expect(api.callsTo('POST', '/identity/suggestions/s1/confirm')[0].body).toEqual({});
  });

  it('confirms one of two same-name characters and leaves the other suggested, or confirms all of them', async () => {
    const area = { ...aSuggestion({ id: 's1', characterId: 'c1', discordUserId: '555' }), characterName: 'Trog', discordUsername: 'trog' };
    const senjin = { ...aSuggestion({ id: 's2', characterId: 'c2', discordUserId: '555' }), characterName: 'trog', discordUsername: 'trog' };
    const other = { ...aSuggestion({ id: 's3', characterId: 'c3', discordUserId: '556' }), characterName: 'Trog', discordUsername: 'trog2' };
    const api = officerApi()
      .on('GET', '/identity/suggestions', page([area, senjin, other]))
      .on('GET', '/characters/c2', fail(404, 'NOT_FOUND', 'No character has this id.'))
      .on('GET', '/characters/c3', fail(404, 'NOT_FOUND', 'No character has this id.'))
      .on('POST', '/identity/suggestions/s1/confirm', ok({ id: 'l1', personId: 'p1', characterId: 'c1', discordUserId: '555', method: 'suggestion_confirmed' }));
    renderApp('/officer/suggestions', api, { as: 'officer' });

    const [first, second, third] = await screen.findAllByTestId('suggestion');
    // Only the same Discord user's same-name characters are offered together.
    expect(within(first).getByRole('button', { name: /^Confirm all 2/ })).toBeTruthy();
    expect(within(second).getByRole('button', { name: /^Confirm all 2/ })).toBeTruthy();
    expect(within(third).queryByRole('button', { name: /^Confirm all/ })).toBeNull();

    fireEvent.click(within(first).getByRole('button', { name: /^Confirm: / }));
    await waitFor(() => expect(screen.getByTestId('suggestion-outcome').textContent).toContain('The other character of that name stays suggested to that member.'));
    expect(api.callsTo('POST', '/identity/suggestions/s1/confirm')[0].body).toEqual({});
    const left = screen.getAllByTestId('suggestion');
    expect(left.map((card) => card.getAttribute('data-suggestion-id'))).toEqual(['s2', 's3']);
    expect(within(left[0]).queryByRole('button', { name: /^Confirm all/ })).toBeNull();
  });

  it('confirms every same-name character of a Discord user at once with all', async () => {
    const area = { ...aSuggestion({ id: 's1', characterId: 'c1', discordUserId: '555' }), characterName: 'Zatañña', discordUsername: 'zat' };
    const senjin = { ...aSuggestion({ id: 's2', characterId: 'c2', discordUserId: '555' }), characterName: 'Zatanna', discordUsername: 'zat' };
    const api = officerApi()
      .on('GET', '/identity/suggestions', page([area, senjin]))
      .on('GET', '/characters/c2', fail(404, 'NOT_FOUND', 'No character has this id.'))
      .on('POST', '/identity/suggestions/s2/confirm', ok({ id: 'l2', personId: 'p1', characterId: 'c2', discordUserId: '555', method: 'suggestion_confirmed' }));
    renderApp('/officer/suggestions', api, { as: 'officer' });

    const [, second] = await screen.findAllByTestId('suggestion');
    fireEvent.click(within(second).getByRole('button', { name: /^Confirm all 2/ }));
    expect((await screen.findByTestId('empty')).textContent).toBe('No suggestions are waiting.');
    expect(screen.getByTestId('suggestion-outcome').textContent).toBe('Linked all 2 characters named Zatanna to trogdiscord.');
    expect(api.callsTo('POST', '/identity/suggestions/s2/confirm')[0].body).toEqual({ all: true });
  });

  it("rejects one, and shows the API's sentence next to the suggestion when that fails", async () => {
    const api = officerApi()
      .on('GET', '/identity/suggestions', page([aSuggestion({ id: 's1', characterId: 'c1', discordUserId: '555' })]))
      .on('POST', '/identity/suggestions/s1/reject', fail(409, 'CONFLICT', 'This suggestion was already decided.'));
    renderApp('/officer/suggestions', api, { as: 'officer' });

    const card = await screen.findByTestId('suggestion');
    fireEvent.click(within(card).getByRole('button', { name: /^Reject/ }));
    expect((await within(card).findByRole('alert')).textContent).toBe('This suggestion was already decided.');
    expect(screen.getByTestId('suggestion')).toBe(card);
  });

  it('names the character and Discord user from the suggestion itself when they cannot be looked up', async () => {
    const api = new FakeApi()
      .on('GET', '/discord/members', fail(503, 'SERVICE_UNAVAILABLE', 'The discord-bot service is unreachable.'))
      .on('GET', '/characters/c2', fail(404, 'NOT_FOUND', 'No character has this id.'))
      .on('GET', '/identity/suggestions', page([{ ...aSuggestion({ id: 's2', characterId: 'c2', discordUserId: '777' }), characterName: 'Fizzle', discordUsername: 'fizzdiscord' }]));
    renderApp('/officer/suggestions', api, { as: 'officer' });

    expect(await screen.findByRole('heading', { name: 'Fizzle ↔ fizzdiscord' })).toBeTruthy();
  });

  it('shows loading, then says when nothing is waiting', async () => {
    const suggestions = deferred();
    const api = officerApi().on('GET', '/identity/suggestions', suggestions.handler);
    renderApp('/officer/suggestions', api, { as: 'officer' });

    expect(await screen.findByText('Loading the suggestions…')).toBeTruthy();
    suggestions.resolve(page([]));
    expect((await screen.findByTestId('empty')).textContent).toBe('No suggestions are waiting.');
  });

  it("shows a Member who forces the address the API's 403 sentence, and no officer navigation", async () => {
    const api = new FakeApi().on('GET', '/identity/suggestions', forbidden()).on('GET', '/discord/members', forbidden());
    renderApp('/officer/suggestions', api, { as: 'member' });

    expect((await screen.findByTestId('error')).textContent).toBe('This needs the rank Officer or higher.');
    expect(within(screen.getByTestId('main-nav')).queryByRole('link', { name: 'Suggestions' })).toBeNull();
    expect(within(screen.getByTestId('main-nav')).getByRole('link', { name: 'Roster' })).toBeTruthy();
  });
});
