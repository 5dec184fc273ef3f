import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

const ROWS = [
  { personId: 'p1', displayName: 'Trog', linkedAt: null, characters: 2, claimedCharacters: 0, discordUserId: '100000000000000001' },
  { personId: 'p2', displayName: 'Quiet', linkedAt: null, characters: 1, claimedCharacters: 0, discordUserId: null },
  { personId: 'p3', displayName: 'Alpha', linkedAt: '2026-12-06T09:00:00.000Z', characters: 3, claimedCharacters: 2, discordUserId: '100000000000000003' },
];

describe('BattlenetCoveragePage', () => {
  it('lists members with their coverage and filters by link through the address', async () => {
    const api = new FakeApi().on('GET', '/identity/battlenet-coverage', page(ROWS));
    const { location } = renderApp('/officer/battlenet', api, { as: 'officer' });
    const rows = await screen.findAllByTestId('coverage-row');
    expect(rows.map((row) => [within(row).getByRole('rowheader').textContent, row.getAttribute('data-linked')])).toEqual([
      ['Trog', 'false'],
      ['Quiet', 'false'],
      ['Alpha', 'true'],
    ]);
    expect(within(rows[1]!).getByText('no Discord user')).toBeTruthy();
    expect(within(rows[2]!).queryByRole('button')).toBeNull();
    fireEvent.change(screen.getByLabelText('Battle.net'), { target: { value: 'false' } });
    await waitFor(() => expect(location.href).toBe('/officer/battlenet?linked=false'));
    await waitFor(() => expect(api.callsTo('GET', '/identity/battlenet-coverage').at(-1)?.query.toString()).toBe('limit=50&offset=0&linked=false'));
  });

  it('reminds one member, or everyone without a link, and says what was queued', async () => {
    const api = new FakeApi()
      .on('GET', '/identity/battlenet-coverage', page(ROWS))
      .on('POST', '/identity/battlenet-reminders', ok({ queued: 1, skipped: 0 }, 202));
    renderApp('/officer/battlenet', api, { as: 'officer' });
    fireEvent.click(await screen.findByRole('button', { name: 'Remind Trog' }));
    await waitFor(() => expect(screen.getByTestId('remind-result').textContent).toBe('1 reminder queued.'));
    expect(api.callsTo('POST', '/identity/battlenet-reminders')[0]!.body).toEqual({ personIds: ['p1'] });
    fireEvent.click(screen.getByRole('button', { name: 'Remind everyone without a link' }));
    await waitFor(() => expect(api.callsTo('POST', '/identity/battlenet-reminders')).toHaveLength(2));
    expect(api.callsTo('POST', '/identity/battlenet-reminders')[1]!.body).toEqual({});
  });
});
