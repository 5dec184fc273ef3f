import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MatchingConflict } from '../../api/types';
import { deferred, FakeApi, fail, forbidden, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

function aConflict(overrides: Partial<MatchingConflict> = {}): MatchingConflict {
  return {
    id: 'k1',
    kind: 'discord_user_claimed',
    summary: 'The character names Trog (area-52) and Trog (senjin) equal the Discord username "trog" of @trog. An officer has to choose.',
    characterIds: ['c1', 'c2'],
    discordUserIds: ['555'],
    personIds: [],
    characters: [
      { id: 'c1', name: 'Trog', realmSlug: 'area-52', personId: 'p1' },
      { id: 'c2', name: 'Trog', realmSlug: 'senjin', personId: null },
    ],
    discordUsers: [{ userId: '555', username: 'trog', personId: 'p1' }],
    firstDetectedAt: '2024-05-01T00:00:00.000Z',
    lastDetectedAt: '2024-05-02T00:00:00.000Z',
    ...overrides,
  };
}

describe('ConflictsPage', () => {
  it('lists the conflicts with links to the members and characters involved', async () => {
    const api = new FakeApi().on('GET', '/identity/conflicts', page([aConflict(), aConflict({ id: 'k2', kind: 'members_collide', personIds: ['p7', 'p8'], characters: [], discordUsers: [], summary: 'Notes would join two members.' })]));
    renderApp('/officer/conflicts', api, { as: 'officer' });

    const [claimed, collide] = await screen.findAllByTestId('conflict');
    expect(within(claimed).getByText('Several characters claim one Discord user')).toBeTruthy();
    expect(within(claimed).getByText(/equal the Discord username "trog"/)).toBeTruthy();
    const [linked, loose] = within(claimed).getAllByTestId('conflict-character');
    // A character with a member opens the member; one without offers to link it by hand.
    expect(within(linked).getByRole('link', { name: 'Trog – area-52' }).getAttribute('href')).toBe('/members/p1');
    expect(within(loose).getByText(/no member/)).toBeTruthy();
    expect(within(loose).getByRole('link', { name: 'Link by hand' }).getAttribute('href')).toBe('/officer/links?characterId=c2');
    expect(within(within(claimed).getByTestId('conflict-discord-user')).getByRole('link', { name: '@trog' }).getAttribute('href')).toBe('/members/p1');
    // Members named by the conflict alone are linked too.
    expect(within(collide).getAllByRole('link', { name: 'Open the member' }).map((a) => a.getAttribute('href'))).toEqual(['/members/p7', '/members/p8']);
    expect(api.callsTo('GET', '/identity/conflicts')[0].query.toString()).toBe('limit=50&offset=0');
  });

  it('filters by kind through the address', async () => {
    const api = new FakeApi().on('GET', '/identity/conflicts', page([aConflict()]));
    const { location } = renderApp('/officer/conflicts', api, { as: 'officer' });
    await screen.findByTestId('conflict');

    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'discord_user_taken' } });
    await waitFor(() => expect(location.href).toBe('/officer/conflicts?kind=discord_user_taken'));
    await waitFor(() => expect(api.callsTo('GET', '/identity/conflicts').at(-1)?.query.toString()).toBe('kind=discord_user_taken&limit=50&offset=0'));
  });

  it('shows loading, then says when the last run found none', async () => {
    const conflicts = deferred();
    renderApp('/officer/conflicts', new FakeApi().on('GET', '/identity/conflicts', conflicts.handler), { as: 'officer' });
    expect(await screen.findByText('Loading the conflicts…')).toBeTruthy();
    conflicts.resolve(page([]));
    expect((await screen.findByTestId('empty')).textContent).toBe('The last matching run found no conflict of this kind.');
  });

  it("shows the API's sentence for a filter it refuses, and a Member the 403's", async () => {
    const api = new FakeApi().on('GET', '/identity/conflicts', fail(400, 'VALIDATION_FAILED', 'kind must be one of inconsistent_input, …'));
    renderApp('/officer/conflicts?kind=bad', api, { as: 'officer' });
    expect((await screen.findByRole('alert')).textContent).toBe('kind must be one of inconsistent_input, …');
  });

  it('is offered to officers in the navigation, and refused to a Member who forces the address', async () => {
    renderApp('/officer/conflicts', new FakeApi().on('GET', '/identity/conflicts', forbidden()), { as: 'member' });
    expect((await screen.findByTestId('error')).textContent).toBe('This needs the rank Officer or higher.');
    expect(within(screen.getByTestId('main-nav')).queryByRole('link', { name: 'Conflicts' })).toBeNull();
  });

  it('shows officers the Conflicts page in the navigation', async () => {
    renderApp('/officer/conflicts', new FakeApi().on('GET', '/identity/conflicts', page([])), { as: 'officer' });
    await screen.findByTestId('empty');
    expect(within(screen.getByTestId('main-nav')).getByRole('link', { name: 'Conflicts' }).getAttribute('href')).toBe('/officer/conflicts');
  });
});
