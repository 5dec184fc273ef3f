import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { FormError, problemOf, TextField } from '../../components/Field';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { Page } from '../../components/Page';
import { useAction } from '../../hooks/useAction';
import { DiscordSignInButton } from './DiscordSignIn';

/** Opened from the invite DM's link, `/register?code=…`, with the code filled in. */
export function RegisterPage() {
  const { client, user } = useSession();
  const [params] = useSearchParams();
  const [inviteCode, setInviteCode] = useState(params.get('code') ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const register = useAction((code: string, name: string, secret: string) => client.register(code, name, secret));

  // Set on submit: a user who appears after it has just registered here (and goes to their profile);
  // one present before it was already signed in.
  const [submitted, setSubmitted] = useState(false);

  if (user && submitted) return <Navigate to="/me" replace />;
  if (user) {
    return (
      <Page title="Create your account">
        <p data-testid="already-signed-in">
          You are signed in as <strong>{user.displayName}</strong>. To register another account with this invite,{' '}
          <Link to="/logout">sign out</Link> first, then open the invite link again.
        </p>
      </Page>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    void register.run(inviteCode.trim(), username.trim(), password);
  };

  return (
    <Page title="Create your account" intro="Your invite comes from the guild's Discord bot. Use your Discord username and choose a password.">
      <p>
        A member of the guild whose Discord account an officer has linked needs no invite: signing in with Discord makes the account.
      </p>
      <DiscordSignInButton />
      <form className="form narrow" onSubmit={submit} data-testid="register-form" noValidate>
        <TextField
          label="Invite code"
          name="inviteCode"
          autoComplete="off"
          required
          value={inviteCode}
          onChange={(event) => setInviteCode(event.target.value)}
          problem={problemOf(register.error, 'inviteCode')}
        />
        <TextField
          label="Discord username"
          name="username"
          autoComplete="username"
          hint="The Discord account the invite was sent to."
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          problem={problemOf(register.error, 'username')}
        />
        <NewPasswordFields label="Password" password={password} onPassword={setPassword} problem={problemOf(register.error, 'password')} />
        <FormError error={register.error} />
        <button type="submit" disabled={register.pending}>
          {register.pending ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already registered? <Link to="/login">Sign in</Link>.
      </p>
    </Page>
  );
}
