import { fireEvent, screen, within } from '@testing-library/react';
import { deferred, FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';
import { parseIndexes } from './RanksPage';

const officerRank = { level: 4, name: 'Officer', discordRoleId: null, gameRankIndexes: [1] };

describe('RanksPage', () => {
  it('lets the Guild Leader map a rank to a Discord role, sending only what changed', async () => {
    const api = new FakeApi()
      .on('GET', '/ranks', page([officerRank]))
      .on('PATCH', '/ranks/4', ok({ ...officerRank, discordRoleId: '123456789', gameRankIndexes: [1, 2] }));
    renderApp('/leader/ranks', api, { as: 'leader' });

    const rank = await screen.findByTestId('rank');
    fireEvent.change(within(rank).getByLabelText('Discord role id'), { target: { value: ' 123456789 ' } });
    fireEvent.change(within(rank).getByLabelText('In-game rank indexes'), { target: { value: '1, 2' } });
    fireEvent.click(within(rank).getByRole('button', { name: 'Save Officer' }));

    expect(await screen.findByText('Officer saved.')).toBeTruthy();
    expect(api.callsTo('PATCH', '/ranks/4')[0].body).toEqual({ discordRoleId: '123456789', gameRankIndexes: [1, 2] });
  });

  it("shows the API's problems beside the field, and catches indexes that are not numbers first", async () => {
    const details = [{ field: 'discordRoleId', problems: ['discordRoleId must be a Discord id (digits)'] }];
    const api = new FakeApi().on('GET', '/ranks', page([officerRank])).on('PATCH', '/ranks/4', fail(400, 'VALIDATION_FAILED', 'discordRoleId must be a Discord id (digits).', details));
    renderApp('/leader/ranks', api, { as: 'leader' });

    const rank = await screen.findByTestId('rank');
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

  it('shows an officer the mapping read-only', async () => {
    const ranks = deferred();
    renderApp('/leader/ranks', new FakeApi().on('GET', '/ranks', ranks.handler), { as: 'officer' });
    expect(await screen.findByText('Loading the ranks…')).toBeTruthy();
    ranks.resolve(page([officerRank]));
    const rank = await screen.findByTestId('rank');
    expect(within(rank).getByLabelText('Name').hasAttribute('readonly')).toBe(true);
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
