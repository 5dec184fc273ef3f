import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { safeNext } from '../../app/RequireUser';
import { useSession } from '../../app/session';
import { FormError, problemOf, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { useAction } from '../../hooks/useAction';
import { discordRefusal, DiscordSignInButton } from './DiscordSignIn';

export function LoginPage() {
  const { client, user } = useSession();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useAction((name: string, secret: string) => client.login(name, secret));

  if (user) return <Navigate to={safeNext(params.get('next'))} replace />;
  // Back from a sign-in with Discord that did not end signed in: why, in a sentence.
  const refusal = discordRefusal(params.get('error'));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void login.run(username, password);
  };

  return (
    <Page title="Sign in">
      {refusal && (
        <div className="status error" role="alert" data-testid="discord-refusal" data-code={params.get('error')}>
          <p>{refusal}</p>
        </div>
      )}
      <DiscordSignInButton />
      <p className="or-password">or with your username and password:</p>
      <form className="form narrow" onSubmit={submit} data-testid="login-form" noValidate>
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          problem={problemOf(login.error, 'username')}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          problem={problemOf(login.error, 'password')}
        />
        <FormError error={login.error} />
        <button type="submit" disabled={login.pending}>
          {login.pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? Open the link of the invite the guild bot sent you on Discord, or <Link to="/register">register with its code</Link>.
      </p>
      <p data-testid="forgot-password">
        Forgot your password? In Discord, type <code>/reset-password</code>: the guild bot sends you a link to choose a new one.
      </p>
    </Page>
  );
}
