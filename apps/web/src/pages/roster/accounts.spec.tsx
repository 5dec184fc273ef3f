// The member page's account and invites, as officers use them: state, disable with a reason,
// enable, the pending invites with who made them and Revoke, and every refusal the API can give
// (the rank rules' 403, a 409, a bad reason) shown as the API's own sentence.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Member } from '../../api/types';
import { formatDateTime } from '../../components/RelativeTime';
import { aMember, anAccount, anInvite } from '../../test/factories';
import { FakeApi, fail, ok, page } from '../../test/fake-api';
import { renderApp } from '../../test/render';

jest.setTimeout(20_000);

const HOUR = 3600 * 1000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

function trog(overrides: Partial<Member> = {}): Member {
  return aMember({ id: 'm1', displayName: 'Trog', characters: [], mainCharacterId: null, ...overrides });
}

/** The member page of `member` for `as`, with no invites unless given. */
function memberPage(member: Member, as: 'officer' | 'leader' | 'member' = 'officer', api = new FakeApi()) {
  if (!api.handles('GET', `/members/${member.id}/invites`)) api.on('GET', `/members/${member.id}/invites`, page([]));
  api.on('GET', `/members/${member.id}`, ok(member)).on('GET', '/ranks', page([]));
  return { api, ...renderApp(`/members/${member.id}`, api, { as }) };
}

describe('the account on the member page', () => {
  it('shows an officer an enabled account, and disables it with a reason', async () => {
    const disabledAt = '2024-05-02T18:30:00.000Z';
    const disabled = trog({ account: anAccount({ status: 'disabled', disabledAt, disabledReason: 'Sold the account.', disabledCause: 'officer' }) });
    const api = new FakeApi().on('POST', '/members/m1/account/disable', ok(disabled));
    memberPage(trog(), 'officer', api);

    const state = await screen.findByTestId('account-state');
    expect(state.getAttribute('data-status')).toBe('active');
    expect(state.textContent).toBe('Enabled: Trog can sign in, and their API keys work.');
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: '  Sold the account.  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Disable account' }));

    expect((await screen.findByTestId('account-outcome')).textContent).toBe('The account of Trog is disabled: their sign-ins and API keys stopped working.');
    expect(api.callsTo('POST', '/members/m1/account/disable')[0].body).toEqual({ reason: 'Sold the account.' });
    expect(screen.getByTestId('account-state').getAttribute('data-status')).toBe('disabled');
    expect(screen.getByTestId('account-state').textContent).toBe(`Disabled since ${formatDateTime(disabledAt)} by an officer. Sold the account.`);
    expect(within(screen.getByTestId('member-facts')).getByText('disabled')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Enable account' })).toBeTruthy();
  });

  it('says when an account was disabled by itself for leaving the guild, and enables it again', async () => {
    const disabledAt = '2024-04-20T00:00:00.000Z';
    const left = trog({ account: anAccount({ status: 'disabled', disabledAt, disabledReason: 'No character in the guild for 14 days.', disabledCause: 'left_guild' }) });
    const api = new FakeApi().on('POST', '/members/m1/account/enable', ok(trog()));
    memberPage(left, 'officer', api);

    const state = await screen.findByTestId('account-state');
    expect(state.textContent).toBe(`Disabled since ${formatDateTime(disabledAt)}, by itself: no character in the guild. No character in the guild for 14 days.`);
    expect(screen.queryByRole('button', { name: 'Disable account' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Enable account' }));

    expect((await screen.findByTestId('account-outcome')).textContent).toBe('The account of Trog works again; they sign in anew.');
    expect(api.callsTo('POST', '/members/m1/account/enable')[0].body).toEqual({});
    expect(screen.getByTestId('account-state').getAttribute('data-status')).toBe('active');
  });

  it("shows the API's refusals as its sentences: the rank rules' 403, a 409, a reason it will not take", async () => {
    const details = [{ field: 'reason', problems: ['reason must be at most 500 characters'] }];
    const api = new FakeApi().on(
      'POST',
      '/members/m1/account/disable',
      fail(403, 'FORBIDDEN', 'This member is Officer, not ranked below you (Officer); only the Guild Leader may disable the account of them.'),
      fail(409, 'CONFLICT', 'This account is already disabled (since 2024-05-02: Sold the account.).'),
      fail(400, 'VALIDATION_FAILED', 'reason must be at most 500 characters.', details),
    );
    memberPage(trog(), 'officer', api);
    const form = await screen.findByTestId('disable-account-form');
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'Left for another guild.' } });

    fireEvent.click(within(form).getByRole('button', { name: 'Disable account' }));
    const refused = await within(form).findByTestId('form-error');
    expect(refused.textContent).toBe('This member is Officer, not ranked below you (Officer); only the Guild Leader may disable the account of them.');
    expect(refused.getAttribute('data-code')).toBe('FORBIDDEN');

    fireEvent.click(within(form).getByRole('button', { name: 'Disable account' }));
    await waitFor(() => expect(within(form).getByTestId('form-error').getAttribute('data-code')).toBe('CONFLICT'));
    expect(within(form).getByTestId('form-error').textContent).toBe('This account is already disabled (since 2024-05-02: Sold the account.).');

    fireEvent.click(within(form).getByRole('button', { name: 'Disable account' }));
    expect((await within(form).findByTestId('field-error')).textContent).toBe('reason must be at most 500 characters.');
    expect(within(form).getByLabelText('Reason').getAttribute('aria-invalid')).toBe('true');
    // Nothing changed on the page.
    expect(screen.getByTestId('account-state').getAttribute('data-status')).toBe('active');
    expect(api.callsTo('POST', '/members/m1/account/disable')).toHaveLength(3);
  });

  it("shows a refused enable's sentence", async () => {
    const disabled = trog({ account: anAccount({ status: 'disabled', disabledAt: '2024-05-02T00:00:00.000Z', disabledReason: 'x', disabledCause: 'officer' }) });
    const api = new FakeApi().on('POST', '/members/m1/account/enable', fail(409, 'CONFLICT', 'This account is not disabled.'));
    memberPage(disabled, 'officer', api);
    fireEvent.click(await screen.findByRole('button', { name: 'Enable account' }));
    expect((await within(screen.getByTestId('enable-account-form')).findByRole('alert')).textContent).toBe('This account is not disabled.');
  });

  it('disables the buttons, and says why, where the rank rules forbid: another officer, the Guild Leader, oneself', async () => {
    const cases: Array<[string, Member, string, string]> = [
      [
        'another officer',
        trog({ rank: { level: 4, name: 'Officer' } }),
        'Disable account',
        'This member is Officer, not ranked below you (Officer); only the Guild Leader may disable the account of them.',
      ],
      [
        'a disabled officer',
        trog({ rank: { level: 4, name: 'Officer' }, account: anAccount({ status: 'disabled', disabledAt: '2024-05-02T00:00:00.000Z', disabledReason: 'x', disabledCause: 'officer' }) }),
        'Enable account',
        'This member is Officer, not ranked below you (Officer); only the Guild Leader may enable the account of them.',
      ],
      [
        'the Guild Leader',
        trog({ rank: { level: 5, name: 'Guild Leader' } }),
        'Disable account',
        'This member is Guild Leader, not ranked below you (Officer); only the Guild Leader may disable the account of them.',
      ],
      ['oneself', trog({ id: 'person-officer', rank: { level: 4, name: 'Officer' } }), 'Disable account', 'You cannot disable the account of yourself; the Guild Leader can.'],
    ];
    for (const [who, member, button, reason] of cases) {
      const { api, unmount } = memberPage(member);
      const action = await screen.findByRole('button', { name: button });
      const rule = screen.getByTestId('account-rule');
      expect({ who, reason: rule.textContent }).toEqual({ who, reason });
      expect({ who, disabled: (action as HTMLButtonElement).disabled }).toEqual({ who, disabled: true });
      expect(action.getAttribute('aria-describedby')).toBe(rule.id);
      fireEvent.click(action);
      expect(api.calls.filter((call) => call.path.includes('/account/'))).toEqual([]);
      unmount();
    }
  });

  it('lets the Guild Leader disable an officer', async () => {
    memberPage(trog({ rank: { level: 4, name: 'Officer' } }), 'leader');
    const action = (await screen.findByRole('button', { name: 'Disable account' })) as HTMLButtonElement;
    expect(action.disabled).toBe(false);
    expect(screen.queryByTestId('account-rule')).toBeNull();
  });

  it('says when a member has no account yet, and offers nothing to disable', async () => {
    memberPage(trog({ registered: false, account: null }));
    expect((await screen.findByTestId('account-state')).textContent).toBe('Trog has no account yet: they make one from an invite.');
    expect(screen.queryByRole('button', { name: /account$/ })).toBeNull();
  });

  it('shows a Member no account panel at all', async () => {
    const { api } = memberPage(trog(), 'member');
    await screen.findByRole('heading', { level: 1, name: 'Trog' });
    expect(screen.queryByTestId('account-state')).toBeNull();
    expect(api.callsTo('GET', '/members/m1/invites')).toHaveLength(0);
  });
});

describe('the invites on the member page', () => {
  it('lists the invites newest first with who made them, their expiry and how the DM went; Revoke for the pending', async () => {
    const pending = anInvite({ id: 'i-pending', expiresAt: inHours(48), delivery: 'sent' });
    const refused = anInvite({ id: 'i-refused', expiresAt: inHours(10), delivery: 'refused', deliveryReason: 'Trog does not accept DMs.', createdBy: { userId: 'u-l', username: 'guildmaster' } });
    const used = anInvite({ id: 'i-used', usedAt: '2024-05-02T10:00:00.000Z' });
    const revoked = anInvite({ id: 'i-revoked', revokedAt: '2024-05-02T11:00:00.000Z', delivery: 'not_sent' });
    const expired = anInvite({ id: 'i-expired', expiresAt: inHours(-1), createdBy: null });
    const api = new FakeApi().on('GET', '/members/m1/invites', page([pending, refused, used, revoked, expired]));
    memberPage(trog({ registered: false, account: null }), 'officer', api);

    const cards = await screen.findAllByTestId('invite');
    expect(cards.map((card) => card.getAttribute('data-state'))).toEqual(['pending', 'pending', 'used', 'revoked', 'expired']);
    expect(api.callsTo('GET', '/members/m1/invites')[0].query.get('limit')).toBe('20');
    expect(cards[0].textContent).toContain('by officer');
    expect(within(cards[0]).getByTestId('invite-facts').textContent).toBe(`Pending, valid until ${formatDateTime(pending.expiresAt)}; sent by Discord DM.`);
    expect(within(cards[1]).getByTestId('invite-facts').textContent).toBe(`Pending, valid until ${formatDateTime(refused.expiresAt)}; Discord refused the DM (Trog does not accept DMs.).`);
    expect(cards[1].textContent).toContain('by guildmaster');
    expect(within(cards[2]).getByTestId('invite-facts').textContent).toBe(`Used ${formatDateTime(used.usedAt)}: the account exists; sent by Discord DM.`);
    expect(within(cards[3]).getByTestId('invite-facts').textContent).toBe(`Revoked ${formatDateTime(revoked.revokedAt)}; no DM was sent.`);
    expect(cards[4].textContent).toContain('by an account that no longer exists');
    expect(cards.map((card) => within(card).queryAllByRole('button').length)).toEqual([1, 1, 0, 0, 0]);
  });

  it('revokes a pending invite: its code stops working, the list says so', async () => {
    const pending = anInvite({ id: 'i1', expiresAt: inHours(48), delivery: 'pending' });
    const api = new FakeApi().on('GET', '/members/m1/invites', page([pending])).on('DELETE', '/invites/i1', ok(null));
    memberPage(trog({ registered: false, account: null }), 'officer', api);

    fireEvent.click(await screen.findByRole('button', { name: `Revoke the invite made ${formatDateTime(pending.createdAt)}` }));
    await waitFor(() =>
      expect(screen.getByTestId('invite-announcement').textContent).toBe(`The invite made ${formatDateTime(pending.createdAt)} is revoked: its code no longer works.`),
    );
    expect(screen.getByTestId('invite').getAttribute('data-state')).toBe('revoked');
    expect(within(screen.getByTestId('invite')).getByTestId('invite-facts').textContent).toContain('no DM was sent');
    expect(api.callsTo('DELETE', '/invites/i1')).toHaveLength(1);
    expect(within(screen.getByTestId('invite')).queryByRole('button')).toBeNull();
  });

  it("shows a refused revoke's sentence in the invite's card: a 409 for a used one, the rank rules' 403", async () => {
    const a = anInvite({ id: 'i1', expiresAt: inHours(48) });
    const b = anInvite({ id: 'i2', expiresAt: inHours(24) });
    const api = new FakeApi()
      .on('GET', '/members/m1/invites', page([a, b]))
      .on('DELETE', '/invites/i1', fail(409, 'CONFLICT', 'This invite was used already: the member has an account (disable it instead).'))
      .on('DELETE', '/invites/i2', fail(403, 'FORBIDDEN', 'This member is Officer, not ranked below you (Officer); only the Guild Leader may revoke the invites of them.'));
    memberPage(trog({ registered: false, account: null }), 'officer', api);

    const [first, second] = await screen.findAllByTestId('invite');
    fireEvent.click(within(first).getByRole('button', { name: /^Revoke/ }));
    expect((await within(first).findByRole('alert')).textContent).toBe('This invite was used already: the member has an account (disable it instead).');
    fireEvent.click(within(second).getByRole('button', { name: /^Revoke/ }));
    expect((await within(second).findByRole('alert')).textContent).toBe(
      'This member is Officer, not ranked below you (Officer); only the Guild Leader may revoke the invites of them.',
    );
    expect(screen.getAllByTestId('invite').map((card) => card.getAttribute('data-state'))).toEqual(['pending', 'pending']);
  });

  it('adds a new invite to the list once it is sent', async () => {
    const made = anInvite({ id: 'i-new', expiresAt: inHours(72) });
    const api = new FakeApi()
      .on('GET', '/members/m1/invites', page([]), page([made]))
      .on('POST', '/members/m1/invites', ok({ code: 'INV-42', expiresAt: made.expiresAt }, 201));
    memberPage(trog({ registered: false, account: null }), 'officer', api);

    const list = await screen.findByTestId('member-invites');
    expect((await within(list).findByTestId('empty')).textContent).toBe('No invites for Trog yet.');
    fireEvent.click(screen.getByRole('button', { name: 'Send invite' }));
    expect((await screen.findByTestId('invite')).getAttribute('data-state')).toBe('pending');
    expect(api.callsTo('GET', '/members/m1/invites')).toHaveLength(2);
  });

  it("shows the API's sentence when the list is refused", async () => {
    const api = new FakeApi().on('GET', '/members/m1/invites', fail(403, 'FORBIDDEN', 'Your own account is disabled.'));
    memberPage(trog(), 'officer', api);
    const list = await screen.findByTestId('member-invites');
    expect((await within(list).findByRole('alert')).textContent).toBe('Your own account is disabled.');
  });

  it("neither asks for nor offers invites where the rank rules forbid, and says why: an officer's page", async () => {
    const { api } = memberPage(trog({ rank: { level: 4, name: 'Officer' } }));
    expect((await screen.findByTestId('invites-rule')).textContent).toBe(
      'This member is Officer, not ranked below you (Officer); only the Guild Leader may see the invites of them.',
    );
    const send = screen.getByRole('button', { name: 'Send invite' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(screen.getByTestId('invite-rule').textContent).toBe('This member is Officer, not ranked below you (Officer); only the Guild Leader may invite them.');
    expect(send.getAttribute('aria-describedby')).toBe(screen.getByTestId('invite-rule').id);
    expect(api.callsTo('GET', '/members/m1/invites')).toHaveLength(0);
  });

  it("lets the Guild Leader see an officer's invites", async () => {
    const api = new FakeApi().on('GET', '/members/m1/invites', page([anInvite({ expiresAt: inHours(5) })]));
    memberPage(trog({ rank: { level: 4, name: 'Officer' } }), 'leader', api);
    expect(await screen.findByTestId('invite')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send invite' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
