import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { deferred, FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';
import { parseIndexes } from './RanksPage';

const officerRank = { level: 4, name: 'Officer', discordRoleId: null, gameRankIndexes: [1] };
const role = (id: string, name: string, position: number, extra: { managed?: boolean; assignable?: boolean } = {}) => ({
  id,
  name,
  position,
  managed: extra.managed ?? false,
  assignable: extra.assignable ?? !extra.managed,
});
const serverRoles = [
  role('900', 'Guild Leader', 9, { assignable: false }),
  role('800', 'PATT Bot', 8, { managed: true }),
  role('400', 'Officer', 4),
  role('200', 'Member', 2),
];

describe('RanksPage', () => {
  it('lets the Guild Leader pick a rank’s Discord role by name from the server’s roles, sending only what changed', async () => {
    const api = new FakeApi()
      .on('GET', '/ranks', page([officerRank]))
      .on('GET', '/discord/roles', page(serverRoles))
      .on('PATCH', '/ranks/4', ok({ ...officerRank, discordRoleId: '400' }));
    renderApp('/leader/ranks', api, { as: 'leader' });

    const rank = await screen.findByTestId('rank');
    const select = (await within(rank).findByLabelText('Discord role')) as HTMLSelectElement;
    await within(rank).findByRole('option', { name: 'Officer' });
    const options = within(select).getAllByRole('option') as HTMLOptionElement[];
    expect(options.map((option) => [option.textContent, option.disabled])).toEqual([
      ['No role', false],
      ['Guild Leader (above the bot’s highest role: the bot cannot give it)', true],
      ['PATT Bot (managed by an integration: the bot cannot give it)', true],
      ['Officer', false],
      ['Member', false],
    ]);
    expect(api.callsTo('GET', '/discord/roles')[0].query.get('limit')).toBe('500');

    fireEvent.change(select, { target: { value: '400' } });
    fireEvent.click(within(rank).getByRole('button', { name: 'Save Officer' }));
    expect(await screen.findByText('Officer saved.')).toBeTruthy();
    expect(api.callsTo('PATCH', '/ranks/4')[0].body).toEqual({ discordRoleId: '400' });
  });

  it('keeps a mapping to a role the server no longer has, says so, and clears it with No role', async () => {
    const mapped = { ...officerRank, discordRoleId: '555' };
    const api = new FakeApi()
      .on('GET', '/ranks', page([mapped]))
      .on('GET', '/discord/roles', page(serverRoles))
      .on('PATCH', '/ranks/4', ok({ ...mapped, discordRoleId: null }));
    renderApp('/leader/ranks', api, { as: 'leader' });

    const rank = await screen.findByTestId('rank');
    await within(rank).findByRole('option', { name: 'Officer' });
    const select = within(rank).getByLabelText('Discord role') as HTMLSelectElement;
    expect(select.value).toBe('555');
    expect(within(select).getByRole('option', { name: 'A role no longer on the server (555)' })).toBeTruthy();
    fireEvent.change(select, { target: { value: '' } });
    fireEvent.click(within(rank).getByRole('button', { name: 'Save Officer' }));
    expect(await screen.findByText('Officer saved.')).toBeTruthy();
    expect(api.callsTo('PATCH', '/ranks/4')[0].body).toEqual({ discordRoleId: null });
  });

  it('falls back to typing the role id when the server’s roles cannot be read, saying why', async () => {
    const api = new FakeApi()
      .on('GET', '/ranks', page([officerRank]))
      .on('GET', '/discord/roles', fail(503, 'SERVICE_UNAVAILABLE', 'The Discord bot is unreachable.'))
      .on('PATCH', '/ranks/4', ok({ ...officerRank, discordRoleId: '123456789', gameRankIndexes: [1, 2] }));
    renderApp('/leader/ranks', api, { as: 'leader' });

    const rank = await screen.findByTestId('rank');
    const typed = await within(rank).findByLabelText('Discord role id');
    expect(within(rank).getByText(/could not be read/).textContent).toContain('The Discord bot is unreachable.');
    fireEvent.change(typed, { target: { value: ' 123456789 ' } });
    fireEvent.change(within(rank).getByLabelText('In-game rank indexes'), { target: { value: '1, 2' } });
    fireEvent.click(within(rank).getByRole('button', { name: 'Save Officer' }));

    expect(await screen.findByText('Officer saved.')).toBeTruthy();
    expect(api.callsTo('PATCH', '/ranks/4')[0].body).toEqual({ discordRoleId: '123456789', gameRankIndexes: [1, 2] });
  });

  it("shows the API's problems beside the field, and catches indexes that are not numbers first", async () => {
    const details = [{ field: 'discordRoleId', problems: ['discordRoleId must be a Discord id (digits)'] }];
    // No roles read yet (no sync so far): the id is typed.
    const api = new FakeApi().on('GET', '/ranks', page([officerRank])).on('GET', '/discord/roles', page([])).on('PATCH', '/ranks/4', fail(400, 'VALIDATION_FAILED', 'discordRoleId must be a Discord id (digits).', details));
    renderApp('/leader/ranks', api, { as: 'leader' });

    const rank = await screen.findByTestId('rank');
    expect((await within(rank).findByText(/The bot has not read the server’s roles yet/)).textContent).toContain('type the role id');
    fireEvent.change(within(rank).getByLabelText('In-game rank indexes'), { target: { value: '1, two' } });
    fireEvent.click(within(rank).getByRole('button', { name: 'Save Officer' }));
    expect((await within(rank).findByTestId('field-error')).textContent).toBe('Give whole numbers from 0 up, separated by commas.');
    expect(api.callsTo('PATCH', '/ranks/4')).toHaveLength(0);

    fireEvent.change(within(rank).getByLabelText('In-game rank indexes'), { target: { value: '1' } });
    fireEvent.change(within(rank).getByLabelText('Discord role id'), { target: { value: 'abc' } });
    fireEvent.click(within(rank).getByRole('button', { name: 'Save Officer' }));
    expect((await within(rank).findByTestId('field-error')).textContent).toBe('discordRoleId must be a Discord id (digits).');
    expect(within(rank).getByLabelText('Discord role id').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows an officer the mapping read-only, the role by its name', async () => {
    const ranks = deferred();
    renderApp('/leader/ranks', new FakeApi().on('GET', '/ranks', ranks.handler).on('GET', '/discord/roles', page(serverRoles)), { as: 'officer' });
    expect(await screen.findByText('Loading the ranks…')).toBeTruthy();
    ranks.resolve(page([{ ...officerRank, discordRoleId: '400' }]));
    const rank = await screen.findByTestId('rank');
    expect(within(rank).getByLabelText('Name').hasAttribute('readonly')).toBe(true);
    await waitFor(() => expect((within(rank).getByLabelText('Discord role') as HTMLInputElement).value).toBe('Officer'));
    expect(within(rank).getByLabelText('Discord role').hasAttribute('readonly')).toBe(true);
    expect(within(rank).queryByRole('button')).toBeNull();
  });

  it("shows the API's sentence when the ranks cannot be read, and says when there are none", async () => {
    const api = new FakeApi().on('GET', '/ranks', fail(503, 'SERVICE_UNAVAILABLE', 'The identity service is unreachable.'), page([]));
    renderApp('/leader/ranks', api, { as: 'leader' });
    const alert = await screen.findByRole('alert');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect((await screen.findByTestId('empty')).textContent).toBe('No ranks are defined.');
  });

  it('reads rank indexes separated by commas or spaces', () => {
    expect(parseIndexes('4, 5 6,,7')).toEqual([4, 5, 6, 7]);
    expect(parseIndexes('1, -2').some(Number.isNaN)).toBe(true);
    expect(parseIndexes('')).toEqual([]);
  });
});
