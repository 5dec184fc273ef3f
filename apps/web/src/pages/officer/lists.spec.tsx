// The officers' list pages: roster events and the Discord mirror (loading, empty, error, filters).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { deferred, FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

const event = { id: 'e1', type: 'renamed', characterId: 'c1', characterName: 'Trogg', realmSlug: 'senjin', at: '2024-05-01T10:00:00.000Z', from: 'Trog', to: 'Trogg' };
const discordUser = { userId: '555', username: 'trogdiscord', displayName: 'Big Trog', roleIds: ['1'], highestGuildRole: { level: 4, name: 'Officer', roleId: '1' }, present: true, personId: 'p1' };

describe('RosterEventsPage', () => {
  it('lists events in words and filters by type and day', async () => {
    const events = deferred();
    const api = new FakeApi().on('GET', '/guild-sync/roster-events', events.handler, page([]));
    const { location } = renderApp('/officer/roster-events', api, { as: 'officer' });

    expect(await screen.findByText('Loading the roster events…')).toBeTruthy();
    events.resolve(page([event]));
    expect(within(await screen.findByTestId('roster-event')).getByText('Renamed from Trog to Trogg')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'left' } });
    fireEvent.change(screen.getByLabelText('Since'), { target: { value: '2024-05-01' } });
    await waitFor(() => expect(location.href).toBe('/officer/roster-events?type=left&since=2024-05-01'));
    await waitFor(() => expect(api.callsTo('GET', '/guild-sync/roster-events').at(-1)?.query.get('since')).toBe('2024-05-01T00:00:00.000Z'));
    expect((await screen.findByTestId('empty')).textContent).toBe('No roster events match these filters.');
  });

  it("shows the API's sentence when the events cannot be read", async () => {
    renderApp('/officer/roster-events', new FakeApi().on('GET', '/guild-sync/roster-events', fail(503, 'SERVICE_UNAVAILABLE', 'The guild-sync service is unreachable.')), { as: 'officer' });
    expect((await screen.findByRole('alert')).textContent).toContain('The guild-sync service is unreachable.');
  });
});

describe('DiscordPage', () => {
  it('lists the mirror with roles and links, filters it, and starts a full sync', async () => {
    const api = new FakeApi().on('GET', '/discord/members', page([discordUser])).on('POST', '/discord/syncs', ok({ syncId: 's1', alreadyRunning: false }, 202));
    renderApp('/officer/discord?linked=true', api, { as: 'officer' });

    const row = await screen.findByTestId('discord-member');
    expect(within(row).getByText('Officer')).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'Open the member Big Trog is linked to' }).getAttribute('href')).toBe('/members/p1');
    expect(api.callsTo('GET', '/discord/members')[0].query.toString()).toBe('linked=true&limit=50&offset=0');

    fireEvent.click(screen.getByRole('button', { name: 'Sync Discord members' }));
    expect(await screen.findByText(/full member sync has started/)).toBeTruthy();
    expect(api.callsTo('POST', '/discord/syncs')[0].body).toEqual({});
  });

  it('says when no Discord member matches, and shows the API sentence of a failure', async () => {
    const api = new FakeApi().on('GET', '/discord/members', page([]), fail(503, 'SERVICE_UNAVAILABLE', 'The discord-bot service is unreachable.'));
    renderApp('/officer/discord', api, { as: 'officer' });
    expect((await screen.findByTestId('empty')).textContent).toBe('No Discord members match these filters.');
    fireEvent.change(screen.getByLabelText('On the server'), { target: { value: 'false' } });
    expect((await screen.findByRole('alert')).textContent).toContain('The discord-bot service is unreachable.');
  });
});
