import { fireEvent, screen, within } from '@testing-library/react';
import { aMember, aSession, aUser } from '../../test/factories';
import { FakeApi, fail, ok } from '../../test/fake-api';
import { renderApp } from '../../test/render';

/** The profile of a member whose account has (or has not) a password, their characters answered. */
function profile(hasPassword: boolean, api = new FakeApi()) {
  api
    .on('POST', '/auth/refresh', ok(aSession(aUser('member', { hasPassword }))))
    .on('GET', '/members/person-member', ok(aMember()))
    .on('GET', '/identity/battlenet/mine', ok({ account: null, linkedAt: null, refreshedAt: null, characters: [] }));
  return { api, ...renderApp('/me', api) };
}

function fillIn(panel: HTMLElement, password: string, repeated = password, current?: string) {
  if (current !== undefined) fireEvent.change(within(panel).getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(within(panel).getByLabelText('New password'), { target: { value: password } });
  fireEvent.change(within(panel).getByLabelText('Repeat the new password'), { target: { value: repeated } });
}

describe('the password on the profile', () => {
  it('offers "Set a password", with no current password, to an account made by Discord, and then "Change password"', async () => {
    const { api, client } = profile(false);
    const panel = await screen.findByTestId('password-panel');
    expect(within(panel).getByRole('heading').textContent).toBe('Set a password');
    expect(within(panel).queryByLabelText('Current password')).toBeNull();
    expect(panel.textContent).toContain('you sign in with Discord');

    api.on('POST', '/auth/password', ok(aUser('member', { hasPassword: true })));
    fillIn(panel, 'my very first password');
    fireEvent.click(within(panel).getByRole('button', { name: 'Set a password' }));

    expect((await within(panel).findByTestId('password-done')).textContent).toContain('Your password is set');
    expect(api.callsTo('POST', '/auth/password').map((c) => c.body)).toEqual([{ password: 'my very first password' }]);
    expect(client.currentUser?.hasPassword).toBe(true);
    // The session now says it has one: the form changes it from here on.
    expect(within(panel).getByRole('heading').textContent).toBe('Change password');
    expect((within(panel).getByLabelText('Current password') as HTMLInputElement).value).toBe('');
    expect((within(panel).getByLabelText('New password') as HTMLInputElement).value).toBe('');
  });

  it('changes a password with the current one, and says the other sign-ins ended', async () => {
    const { api } = profile(true);
    const panel = await screen.findByTestId('password-panel');
    expect(within(panel).getByRole('heading').textContent).toBe('Change password');
    expect(within(panel).getByLabelText('Current password').getAttribute('autocomplete')).toBe('current-password');
    expect(within(panel).getByLabelText('New password').getAttribute('autocomplete')).toBe('new-password');

    api.on('POST', '/auth/password', ok(aUser('member', { hasPassword: true })));
    fillIn(panel, 'a second password', 'a second password', 'the first password');
    fireEvent.click(within(panel).getByRole('button', { name: 'Change password' }));

    expect((await within(panel).findByTestId('password-done')).textContent).toContain('Your sign-ins on other devices have ended');
    expect(api.callsTo('POST', '/auth/password').map((c) => c.body)).toEqual([{ currentPassword: 'the first password', password: 'a second password' }]);
  });

  it('shows a wrong current password beside its field with the API’s sentence, and keeps what was typed', async () => {
    const { api } = profile(true);
    const panel = await screen.findByTestId('password-panel');
    api.on(
      'POST',
      '/auth/password',
      fail(400, 'VALIDATION_FAILED', 'The current password is wrong.', [{ field: 'currentPassword', problems: ['currentPassword is not this account’s password'] }]),
    );
    fillIn(panel, 'a second password', 'a second password', 'not it');
    fireEvent.click(within(panel).getByRole('button', { name: 'Change password' }));

    expect((await within(panel).findByTestId('form-error')).textContent).toBe('The current password is wrong.');
    expect(within(panel).getByLabelText('Current password').getAttribute('aria-invalid')).toBe('true');
    expect((within(panel).getByLabelText('Current password') as HTMLInputElement).value).toBe('not it');
    expect(within(panel).queryByTestId('password-done')).toBeNull();
  });

  it('catches a short, an over-long or a mistyped new password before sending anything', async () => {
    const { api } = profile(false);
    const panel = await screen.findByTestId('password-panel');
    const submit = () => fireEvent.click(within(panel).getByRole('button', { name: 'Set a password' }));

    fillIn(panel, 'short');
    submit();
    expect((await within(panel).findByTestId('field-error')).textContent).toBe('The password must be at least 8 bytes.');
    fillIn(panel, '€'.repeat(25));
    submit();
    expect((await within(panel).findByTestId('field-error')).textContent).toBe('The password must be at most 72 bytes (this one is 75).');
    fillIn(panel, 'a good password', 'a good pasword');
    submit();
    expect((await within(panel).findByTestId('field-error')).textContent).toBe('The two passwords differ.');
    expect(api.callsTo('POST', '/auth/password')).toHaveLength(0);
  });

  it('shows why a throttled or disabled account is refused', async () => {
    const { api } = profile(true);
    const panel = await screen.findByTestId('password-panel');
    api.on('POST', '/auth/password', fail(429, 'RATE_LIMITED', 'Too many attempts; try again in 600 seconds.', [{ retryAfterSeconds: 600 }]));
    fillIn(panel, 'a second password', 'a second password', 'maybe this');
    fireEvent.click(within(panel).getByRole('button', { name: 'Change password' }));
    const error = await within(panel).findByTestId('form-error');
    expect(error.textContent).toBe('Too many attempts; try again in 600 seconds.');
    expect(error.getAttribute('data-code')).toBe('RATE_LIMITED');
  });
});
