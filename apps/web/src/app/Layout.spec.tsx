import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { aMember } from '../test/factories';
import { FakeApi, ok, page } from '../test/fake-api';
import { renderApp } from '../test/render';

function nav() {
  return screen.getByTestId('main-nav');
}

describe('Layout', () => {
  it('offers officers their pages, and only the Guild Leader the rank mapping', async () => {
    renderApp('/no-such-page', new FakeApi(), { as: 'officer' });
    await screen.findByTestId('signed-in-as');
    expect(within(nav()).getByRole('link', { name: 'Suggestions' }).getAttribute('href')).toBe('/officer/suggestions');
    expect(within(nav()).getByRole('link', { name: 'Sync' })).toBeTruthy();
    expect(within(nav()).queryByRole('link', { name: 'Ranks' })).toBeNull();
    expect(within(nav()).queryByRole('link', { name: 'Dead letters' })).toBeNull();
  });

  it('offers the Guild Leader the rank mapping', async () => {
    renderApp('/no-such-page', new FakeApi(), { as: 'leader' });
    expect(await within(nav()).findByRole('link', { name: 'Ranks' })).toBeTruthy();
    expect(within(nav()).getByRole('link', { name: 'Dead letters' }).getAttribute('href')).toBe('/leader/dead-letters');
  });

  it("moves focus to the new page's heading after a navigation, and closes the phone menu", async () => {
    const api = new FakeApi().on('GET', '/members', page([])).on('GET', '/ranks', page([])).on('GET', '/members/person-member', ok(aMember()));
    renderApp('/roster', api, { as: 'member' });
    await screen.findByRole('heading', { name: 'Roster' });

    const toggle = screen.getByRole('button', { name: 'Menu' });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(within(nav()).getByRole('link', { name: 'My profile' }));

    const heading = await screen.findByRole('heading', { level: 1, name: 'My profile' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.title).toBe('My profile · PATT');
  });

  it('answers an unknown address with a page that says so', async () => {
    renderApp('/no-such-page', new FakeApi());
    expect((await screen.findByTestId('not-found')).textContent).toMatch(/There is no page at this address/);
    expect(within(nav()).getByRole('link', { name: 'Sign in' })).toBeTruthy();
  });
});
