import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { aCharacter, aMember } from '../../test/factories';
import { deferred, FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

const ranks = page([
  { level: 5, name: 'Guild Leader', discordRoleId: null, gameRankIndexes: [0] },
  { level: 4, name: 'Officer', discordRoleId: null, gameRankIndexes: [1] },
  { level: 2, name: 'Raider', discordRoleId: null, gameRankIndexes: [3] },
]);

describe('MembersPage', () => {
  it('says it is loading until the members arrive, then lists them with their characters', async () => {
    const members = deferred();
    const api = new FakeApi().on('GET', '/ranks', ranks).on('GET', '/members', members.handler);
    const dk = aCharacter({ name: 'Zatañña', className: 'Death Knight', specName: 'Blood', role: 'tank', level: 80, itemLevel: 621 });
    renderApp('/members', api, { as: 'member' });

    expect(await screen.findByText('Loading the members…')).toBeTruthy();
    members.resolve(page([aMember({ displayName: 'Zat', rank: { level: 4, name: 'Officer' }, characters: [dk], mainCharacterId: dk.id })], 1));

    const row = await screen.findByTestId('member-row');
    expect(within(row).getByRole('link', { name: 'Zat' }).getAttribute('href')).toMatch(/^\/members\//);
    expect(within(row).getByText('Officer')).toBeTruthy();
    const badge = within(row).getByText('Death Knight');
    // Death Knight red carries white text: 5.8:1, where black would be 3.6:1.
    expect(badge.getAttribute('style')).toContain('color: rgb(255, 255, 255)');
    expect(within(row).getByText(/Blood/).textContent).toMatch(/Blood · Tank · level 80 · item level 621 · last login 3 days ago/);
    expect(screen.getByTestId('pager-summary').textContent).toBe('1 member');
  });

  it('says so when there are no members yet', async () => {
    const api = new FakeApi().on('GET', '/ranks', ranks).on('GET', '/members', page([]));
    renderApp('/members', api, { as: 'member' });
    expect((await screen.findByTestId('empty')).textContent).toMatch(/No members yet/);
  });

  it("shows the API's sentence when the members cannot be read, and tries again on request", async () => {
    const api = new FakeApi()
      .on('GET', '/ranks', ranks)
      .on('GET', '/members', fail(503, 'SERVICE_UNAVAILABLE', 'The identity service is unreachable; try again shortly.'), page([aMember({ displayName: 'Back' })]));
    renderApp('/members', api, { as: 'member' });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The identity service is unreachable; try again shortly.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Back' })).toBeTruthy();
  });

  it('searches and filters by rank through the address, and pages', async () => {
    const api = new FakeApi().on('GET', '/ranks', ranks).on('GET', '/members', (call) =>
      page([aMember({ displayName: `Page at ${call.query.get('offset')}` })], 120),
    );
    const { location } = renderApp('/members?rank=4', api, { as: 'member' });
    await screen.findByTestId('member-row');
    expect(api.callsTo('GET', '/members')[0].query.toString()).toBe('rank=4&limit=50&offset=0');
    expect((screen.getByLabelText('Rank') as HTMLSelectElement).value).toBe('4');

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: ' trog ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(location.current?.search).toBe('?rank=4&q=trog'));
    await waitFor(() => expect(api.callsTo('GET', '/members').at(-1)?.query.get('q')).toBe('trog'));

    fireEvent.click(await screen.findByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Page at 50')).toBeTruthy();
    expect(screen.getByTestId('pager-summary').textContent).toBe('51–100 of 120 members');
  });

  it('sends a visitor without a session to sign in, and back afterwards', async () => {
    const api = new FakeApi()
      .on('GET', '/ranks', ranks)
      .on('GET', '/members', page([]))
      .on('POST', '/auth/login', ok({ user: { id: 'u', username: 'trog', displayName: 'Trog', personId: null, rank: { level: 2, name: 'Member' } }, accessToken: 't', refreshToken: 'r', expiresIn: 900 }));
    const { location } = renderApp('/members?q=x', api);

    await screen.findByRole('heading', { name: 'Sign in' });
    expect(location.href).toBe('/login?next=%2Fmembers%3Fq%3Dx');
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'trog' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await screen.findByRole('heading', { name: 'Members' });
    expect(location.href).toBe('/members?q=x');
  });
});
