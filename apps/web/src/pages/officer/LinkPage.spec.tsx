import { fireEvent, screen, within } from '@testing-library/react';
import { aCharacter } from '../../test/factories';
import { FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

const discordUser = { userId: '555', username: 'trogdiscord', displayName: 'Big Trog', roleIds: [], highestGuildRole: null, present: true, personId: null };

describe('LinkPage', () => {
  it('links the character and the Discord user picked', async () => {
    const api = new FakeApi()
      .on('GET', '/characters', page([aCharacter({ id: 'c1', name: 'Trog' })]))
      .on('GET', '/discord/members', page([discordUser]))
      .on('POST', '/identity/links', ok({ id: 'l1', personId: 'p1', characterId: 'c1', discordUserId: '555', method: 'manual' }, 201));
    renderApp('/officer/links', api, { as: 'officer' });

    fireEvent.click(await screen.findByRole('radio', { name: /Trog – Sen'jin/ }));
    fireEvent.click(await screen.findByRole('radio', { name: /trogdiscord/ }));
    expect(screen.getByTestId('selected-characterId').textContent).toContain("Trog – Sen'jin");
    fireEvent.click(screen.getByRole('button', { name: 'Link' }));

    const made = await screen.findByTestId('link-created');
    expect(within(made).getByRole('link', { name: 'Open the member' }).getAttribute('href')).toBe('/members/p1');
    expect(api.callsTo('POST', '/identity/links')[0].body).toEqual({ characterId: 'c1', discordUserId: '555' });
    expect(api.callsTo('GET', '/characters')[0].query.get('linked')).toBe('false');
  });

  it("takes the character from the address, and shows the API's sentence when the link is refused", async () => {
    const api = new FakeApi()
      .on('GET', '/characters', page([]))
      .on('GET', '/discord/members', page([]))
      .on('POST', '/identity/links', fail(409, 'CONFLICT', 'This character is already linked to another member.'));
    renderApp('/officer/links?characterId=c7', api, { as: 'officer' });

    expect((await screen.findAllByTestId('empty')).map((empty) => empty.textContent)).toEqual(['No characters found.', 'No Discord users found.']);
    fireEvent.click(screen.getByRole('button', { name: 'Link' }));
    expect((await screen.findByTestId('form-error')).textContent).toBe('This character is already linked to another member.');
    expect(api.callsTo('POST', '/identity/links')[0].body).toEqual({ characterId: 'c7' });
  });

  it("shows the API's sentence when candidates cannot be read", async () => {
    const api = new FakeApi()
      .on('GET', '/characters', fail(503, 'SERVICE_UNAVAILABLE', 'The identity service is unreachable.'))
      .on('GET', '/discord/members', page([]));
    renderApp('/officer/links', api, { as: 'officer' });
    expect((await within(await screen.findByTestId('picker-characterId')).findByRole('alert')).textContent).toContain('The identity service is unreachable.');
  });
});
