import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { leave } from '../../app/leave';
import { aMember } from '../../test/factories';
import { FakeApi, fail, ok } from '../../test/fake-api';
import { renderApp } from '../../test/render';
import { BATTLENET_LINK_SENTENCES } from './BattlenetPanel';

const NOT_LINKED = { account: null, linkedAt: null, refreshedAt: null, characters: [] };
const LINKED = {
  account: { id: 5001, battletag: 'Alpha#1111' },
  linkedAt: '2026-12-06T09:00:00.000Z',
  refreshedAt: '2026-12-06T09:30:00.000Z',
  characters: [
    { blizzardId: 1, name: 'Trog', realmSlug: 'senjin', characterId: 'c1', status: 'linked' },
    { blizzardId: 2, name: 'Farshore', realmSlug: 'area-52', characterId: null, status: 'waiting' },
    { blizzardId: 3, name: 'Zed', realmSlug: 'senjin', characterId: 'c3', status: 'conflict' },
  ],
};

const profile = (claims: unknown) => new FakeApi().on('GET', '/members/person-member', ok(aMember())).on('GET', '/identity/battlenet/mine', ok(claims));

describe('Link Battle.net on the profile', () => {
  afterEach(() => jest.restoreAllMocks());

  it('asks the platform for Blizzard’s address and goes there', async () => {
    const gone = jest.spyOn(leave, 'to').mockImplementation(() => undefined);
    const authorizeUrl = 'https://oauth.battle.net/authorize?client_id=x&state=s';
    const api = profile(NOT_LINKED).on('POST', '/auth/oauth/battlenet', ok({ authorizeUrl }));
    renderApp('/me', api, { as: 'member' });
    fireEvent.click(await screen.findByRole('button', { name: 'Link Battle.net' }));
    await waitFor(() => expect(gone).toHaveBeenCalledWith(authorizeUrl));
    expect(api.callsTo('POST', '/auth/oauth/battlenet')).toHaveLength(1);
  });

  it('shows the account and each claimed character’s standing, and offers to refresh them', async () => {
    renderApp('/me?battlenet=linked', profile(LINKED), { as: 'member' });
    expect((await screen.findByTestId('battlenet-linked')).textContent).toContain('Battle.net linked');
    const rows = await screen.findAllByTestId('battlenet-character');
    expect(rows.map((row) => [within(row).getByRole('rowheader').textContent, row.getAttribute('data-status')])).toEqual([
      ['Trog', 'linked'],
      ['Farshore', 'waiting'],
      ['Zed', 'conflict'],
    ]);
    expect(screen.getByText(/Linked to Alpha#1111/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Refresh my characters' })).toBeTruthy();
  });

  it('says why the platform cannot start it, and stays', async () => {
    const gone = jest.spyOn(leave, 'to').mockImplementation(() => undefined);
    const api = profile(NOT_LINKED).on('POST', '/auth/oauth/battlenet', fail(503, 'SERVICE_UNAVAILABLE', 'Battle.net linking is not configured on the platform.'));
    renderApp('/me', api, { as: 'member' });
    fireEvent.click(await screen.findByRole('button', { name: 'Link Battle.net' }));
    expect((await screen.findByTestId('form-error')).textContent).toBe('Battle.net linking is not configured on the platform.');
    expect(gone).not.toHaveBeenCalled();
  });

  it.each(Object.entries(BATTLENET_LINK_SENTENCES))('shows the sentence of %s when Blizzard sent the browser back without a link', async (code, sentence) => {
    renderApp(`/me?battlenet=${code}`, profile(NOT_LINKED), { as: 'member' });
    const alert = await screen.findByTestId('battlenet-refusal');
    expect(alert.textContent).toBe(sentence);
    expect(alert.getAttribute('data-code')).toBe(code);
  });

  it('shows nothing for a code it does not know', async () => {
    renderApp('/me?battlenet=SOMETHING_ELSE', profile(NOT_LINKED), { as: 'member' });
    await screen.findByRole('button', { name: 'Link Battle.net' });
    expect(screen.queryByTestId('battlenet-refusal')).toBeNull();
  });
});
