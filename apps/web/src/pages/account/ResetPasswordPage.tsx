import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useSession } from '../../app/session';
import { FormError, problemOf } from '../../components/Field';
import { NewPasswordFields, newPasswordProblem } from '../../components/NewPasswordFields';
import { Page } from '../../components/Page';
import { useAction } from '../../hooks/useAction';

/** The token of a reset link, `/reset-password#token=…`: in the fragment, which the browser never sends to a server. */
export function tokenOf(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim() ?? '';
}

/**
 * Opened from the link the Discord bot DMs for /reset-password: the member chooses a new
 * password. The link works once, for 30 minutes; setting the password ends every sign-in.
 */
export function ResetPasswordPage() {
  const { api } = useSession();
  const { hash } = useLocation();
  const token = tokenOf(hash);
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const reset = useAction((secret: string, newPassword: string) => api.resetPassword(secret, newPassword));

  if (!token) {
    return (
      <Page title="Choose a new password">
        <p data-testid="no-reset-token">
          This page opens from the link the guild&apos;s Discord bot sends you. In Discord, type <code>/reset-password</code> and open the
          link in its message; it works once, for 30 minutes.
        </p>
      </Page>
    );
  }

  if (done) {
    return (
      <Page title="Your password is set">
        <p data-testid="reset-done">
          Sign in with your new password. Every earlier sign-in has ended, on every device. <Link to="/login">Sign in</Link>
        </p>
      </Page>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(password, repeated);
    setLocalProblem(problem);
    if (problem) return;
    if ((await reset.run(token, password)) !== undefined) setDone(true);
  };

  return (
    <Page title="Choose a new password" intro="The link from the Discord bot works once, for 30 minutes.">
      <form className="form narrow" onSubmit={(event) => void submit(event)} data-testid="reset-form" noValidate>
        <NewPasswordFields
          password={password}
          onPassword={setPassword}
          repeated={repeated}
          onRepeated={setRepeated}
          problem={localProblem ?? problemOf(reset.error, 'password')}
        />
        <FormError error={reset.error} />
        <button type="submit" disabled={reset.pending}>
          {reset.pending ? 'Setting your password…' : 'Set the new password'}
        </button>
      </form>
    </Page>
  );
}
