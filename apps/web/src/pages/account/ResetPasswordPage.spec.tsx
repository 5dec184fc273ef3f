import { fireEvent, screen, within } from '@testing-library/react';
import { FakeApi, fail, ok } from '../../test/fake-api';
import { renderApp } from '../../test/render';
import { newPasswordProblem } from '../../components/NewPasswordFields';
import { tokenOf } from './ResetPasswordPage';

const TOKEN = 'pwr_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function fillIn(password: string, repeated = password) {
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: password } });
  fireEvent.change(screen.getByLabelText('Repeat the new password'), { target: { value: repeated } });
  fireEvent.click(screen.getByRole('button', { name: 'Set the new password' }));
}

describe('ResetPasswordPage', () => {
  it('sets the new password with the token from the link’s fragment, then says to sign in', async () => {
    const api = new FakeApi().on('POST', '/auth/reset-password', ok(null));
    renderApp(`/reset-password#token=${TOKEN}`, api);

    await screen.findByLabelText('New password');
    fillIn('a brand new password');

    const done = await screen.findByTestId('reset-done');
    expect(done.textContent).toContain('Every earlier sign-in has ended');
    expect(within(done).getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login');
    expect(api.callsTo('POST', '/auth/reset-password')[0].body).toEqual({ token: TOKEN, password: 'a brand new password' });
  });

  it('catches a short, an over-long or a mistyped password before sending anything', async () => {
    const api = new FakeApi();
    renderApp(`/reset-password#token=${TOKEN}`, api);
    await screen.findByLabelText('New password');

    fillIn('short');
    expect((await screen.findByTestId('field-error')).textContent).toBe('The password must be at least 8 bytes.');
    fillIn('é'.repeat(37));
    expect((await screen.findByTestId('field-error')).textContent).toBe('The password must be at most 72 bytes (this one is 74).');
    fillIn('a good password', 'a good pasword');
    expect((await screen.findByTestId('field-error')).textContent).toBe('The two passwords differ.');
    expect(api.calls).toHaveLength(0);
  });

  it("shows the API's sentence for a used or expired link, and keeps the form", async () => {
    const sentence = 'This password-reset link is unknown, used or expired; ask the Discord bot for a new one with /reset-password.';
    const api = new FakeApi().on('POST', '/auth/reset-password', fail(400, 'BAD_REQUEST', sentence));
    renderApp(`/reset-password#token=${TOKEN}`, api);
    await screen.findByLabelText('New password');
    fillIn('a brand new password');

    expect((await screen.findByTestId('form-error')).textContent).toBe(sentence);
    expect(screen.getByRole('button', { name: 'Set the new password' })).toBeTruthy();
  });

  it("shows the API's problem with the password beside the field", async () => {
    const details = [{ field: 'password', problems: ['password must be at most 72 bytes of UTF-8'] }];
    const api = new FakeApi().on('POST', '/auth/reset-password', fail(400, 'VALIDATION_FAILED', 'password must be at most 72 bytes of UTF-8.', details));
    renderApp(`/reset-password#token=${TOKEN}`, api);
    await screen.findByLabelText('New password');
    fillIn('a brand new password');

    const problem = await screen.findByTestId('field-error');
    expect(problem.textContent).toBe('password must be at most 72 bytes of UTF-8.');
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
  });

  it('says where the link comes from when opened without a token', async () => {
    renderApp('/reset-password', new FakeApi());
    expect((await screen.findByTestId('no-reset-token')).textContent).toContain('/reset-password');
    expect(screen.queryByLabelText('New password')).toBeNull();
  });

  it('reads the token from the fragment and counts bytes as the API does', () => {
    expect(tokenOf(`#token=${TOKEN}`)).toBe(TOKEN);
    expect(tokenOf('#other=1')).toBe('');
    expect(tokenOf('')).toBe('');
    expect(newPasswordProblem('12345678', '12345678')).toBeNull();
    expect(newPasswordProblem('a'.repeat(72), 'a'.repeat(72))).toBeNull();
    expect(newPasswordProblem('a'.repeat(73), 'a'.repeat(73))).toContain('at most 72');
  });
});
