import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { aCharacter, aMember, aSession, aUser } from '../../test/factories';
import { deferred, FakeApi, fail, ok } from '../../test/fake-api';
import { renderApp } from '../../test/render';
import { leave } from '../../app/leave';
import { DISCORD_REFUSAL_SENTENCES } from './DiscordSignIn';

describe('RegisterPage', () => {
  it('fills the invite code from the link, registers, and opens the new profile', async () => {
    const member = aMember({ id: 'person-member', displayName: 'Trog', characters: [aCharacter({ name: 'Trogdor' })] });
    const api = new FakeApi()
      .on('POST', '/auth/register', ok(aSession(aUser('member', { displayName: 'Trog' })), 201))
      .on('GET', '/members/person-member', ok(member));
    const { location } = renderApp('/register?code=INV-123', api);

    const code = (await screen.findByLabelText('Invite code')) as HTMLInputElement;
    expect(code.value).toBe('INV-123');
    fireEvent.change(screen.getByLabelText('Discord username'), { target: { value: 'trog' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    await screen.findByRole('heading', { name: 'My profile' });
    expect(location.href).toBe('/me');
    expect(api.callsTo('POST', '/auth/register')[0].body).toEqual({ inviteCode: 'INV-123', username: 'trog', password: 'correct horse battery' });
    expect(await screen.findByText('Trogdor')).toBeTruthy();
    expect(screen.getByTestId('signed-in-as').textContent).toBe('Trog · Member');
  });

  it("shows each field's problem beside it, tied to it for screen readers, and the API's sentence", async () => {
    const details = [{ field: 'password', problems: ['password must be at least 8 bytes of UTF-8'] }];
    const api = new FakeApi().on('POST', '/auth/register', fail(400, 'VALIDATION_FAILED', 'password must be at least 8 bytes of UTF-8.', details));
    renderApp('/register?code=INV-123', api);

    fireEvent.change(await screen.findByLabelText('Discord username'), { target: { value: 'trog' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    const problem = await screen.findByTestId('field-error');
    expect(problem.textContent).toBe('password must be at least 8 bytes of UTF-8.');
    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(password.getAttribute('aria-describedby')).toContain(problem.id);
    expect(screen.getByTestId('form-error').textContent).toBe('password must be at least 8 bytes of UTF-8.');
    expect(screen.getByLabelText('Invite code').getAttribute('aria-invalid')).toBeNull();
  });

  it('tells a signed-in user to sign out before using an invite', async () => {
    renderApp('/register?code=INV-123', new FakeApi(), { as: 'member' });
    expect((await screen.findByTestId('already-signed-in')).textContent).toMatch(/signed in as The member/);
  });
});

describe('LoginPage', () => {
  it("shows the API's 401 sentence and keeps the form", async () => {
    const api = new FakeApi().on('POST', '/auth/login', fail(401, 'UNAUTHENTICATED', 'The username or password is wrong.'));
    renderApp('/login', api);

    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'trog' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('The username or password is wrong.');
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('trog');
  });

  it('never sends the user to another site after signing in', async () => {
    const api = new FakeApi().on('POST', '/auth/login', ok(aSession(aUser('member')))).on('GET', '/ranks', ok({ items: [], total: 0 })).on('GET', '/members', ok({ items: [], total: 0 }));
    const { location } = renderApp('/login?next=//evil.example/x', api);
    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'member' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'Roster' });
    expect(location.href).toBe('/roster');
  });
});

describe('LogoutPage', () => {
  it('ends the session at the gateway and here', async () => {
    const api = new FakeApi().on('POST', '/auth/logout', ok(null));
    renderApp('/logout', api, { as: 'officer' });

    expect((await screen.findByTestId('signed-out')).textContent).toMatch(/You are signed out/);
    expect(api.callsTo('POST', '/auth/logout')).toHaveLength(1);
    const nav = screen.getByTestId('main-nav');
    expect(within(nav).getByRole('link', { name: 'Sign in' })).toBeTruthy();
    expect(within(nav).queryByRole('link', { name: 'Suggestions' })).toBeNull();
  });
});

describe('ProfilePage', () => {
  it('shows the account, then the characters once they arrive', async () => {
    const member = deferred();
    const api = new FakeApi().on('GET', '/members/person-member', member.handler);
    renderApp('/me', api, { as: 'member' });

    expect(await screen.findByText('Loading your characters…')).toBeTruthy();
    expect(within(screen.getByTestId('profile')).getByText('member')).toBeTruthy();
    member.resolve(ok(aMember({ characters: [aCharacter({ name: 'Élodie', className: 'Priest' })] })));
    const row = await screen.findByTestId('character-row');
    expect(within(row).getByText('Élodie')).toBeTruthy();
    expect(within(row).getByText('Priest').getAttribute('style')).toContain('color: rgb(0, 0, 0)');
  });

  it('says when no characters are linked yet', async () => {
    const api = new FakeApi().on('GET', '/members/person-member', ok(aMember({ characters: [], mainCharacterId: null })));
    renderApp('/me', api, { as: 'member' });
    expect((await screen.findByTestId('empty')).textContent).toMatch(/No characters are linked to you yet/);
  });

  it('says when the account is not linked to a member', async () => {
    const api = new FakeApi().on('POST', '/auth/refresh', ok(aSession(aUser('member', { personId: null }))));
    renderApp('/me', api, { as: 'member' });
    expect((await screen.findByTestId('empty')).textContent).toMatch(/not linked to a guild member yet/);
  });

  it("shows the API's sentence when the member cannot be read", async () => {
    const api = new FakeApi()
      .on('GET', '/members/person-member', fail(503, 'SERVICE_UNAVAILABLE', 'The identity service is unreachable.'))
      .on('GET', '/identity/battlenet/mine', ok({ account: null, linkedAt: null, refreshedAt: null, characters: [] }));
    renderApp('/me', api, { as: 'member' });
    expect((await screen.findByRole('alert')).textContent).toContain('The identity service is unreachable.');
  });
});

describe('session restore', () => {
  it('offers to try again when the server cannot be reached on load', async () => {
    let attempts = 0;
    const api = new FakeApi().on('POST', '/auth/refresh', () => {
      attempts += 1;
      return attempts === 1 ? fail(503, 'SERVICE_UNAVAILABLE', 'The auth service is unreachable.') : ok(aSession(aUser('member')));
    }).on('GET', '/members/person-member', ok(aMember()));
    renderApp('/me', api);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The auth service is unreachable.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'My profile' })).toBeTruthy());
  });
});

describe('Sign in with Discord', () => {
  afterEach(() => jest.restoreAllMocks());

  it('asks the platform for Discord’s address and goes there', async () => {
    const gone = jest.spyOn(leave, 'to').mockImplementation(() => undefined);
    const authorizeUrl = 'https://discord.com/oauth2/authorize?client_id=1&state=s';
    const api = new FakeApi().on('POST', '/auth/oauth/discord', ok({ authorizeUrl }));
    renderApp('/login', api);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in with Discord' }));
    await waitFor(() => expect(gone).toHaveBeenCalledWith(authorizeUrl));
    expect(api.callsTo('POST', '/auth/oauth/discord')).toHaveLength(1);
  });

  it('says why when the platform cannot start it, and stays', async () => {
    const gone = jest.spyOn(leave, 'to').mockImplementation(() => undefined);
    const api = new FakeApi().on('POST', '/auth/oauth/discord', fail(503, 'SERVICE_UNAVAILABLE', 'Signing in with Discord is not set up on this platform; sign in with your password.'));
    renderApp('/login', api);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in with Discord' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Signing in with Discord is not set up on this platform; sign in with your password.');
    expect(gone).not.toHaveBeenCalled();
  });

  it.each(Object.entries(DISCORD_REFUSAL_SENTENCES))('shows the sentence of %s when Discord sent the browser back refused', async (code, sentence) => {
    renderApp(`/login?error=${code}`, new FakeApi());
    const alert = await screen.findByTestId('discord-refusal');
    expect(alert.textContent).toBe(sentence);
    expect(alert.getAttribute('data-code')).toBe(code);
  });

  it('shows nothing for a code it does not know', async () => {
    renderApp('/login?error=<b>Call%20this%20number</b>', new FakeApi());
    await screen.findByRole('button', { name: 'Sign in with Discord' });
    expect(screen.queryByTestId('discord-refusal')).toBeNull();
    expect(document.body.textContent).not.toContain('Call this number');
  });

  it('is offered on the register page too', async () => {
    renderApp('/register', new FakeApi());
    expect(await screen.findByRole('button', { name: 'Sign in with Discord' })).toBeTruthy();
  });
});
