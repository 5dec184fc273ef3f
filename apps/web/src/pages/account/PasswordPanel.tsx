import { useState } from 'react';
import type { FormEvent } from 'react';
import { useSession } from '../../app/session';
import { FormError, problemOf, TextField } from '../../components/Field';
import { NewPasswordFields, newPasswordProblem } from '../../components/NewPasswordFields';
import { LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';

/**
 * "Set a password" for an account that has none (made by signing in with Discord), "Change
 * password" for one that has: the current password, then the new one twice. A change ends the
 * account's sign-ins on other devices; this one goes on.
 */
export function PasswordPanel() {
  const { client, user } = useSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const [done, setDone] = useState<'set' | 'changed' | null>(null);
  const save = useAction((change: { currentPassword?: string; password: string }) => client.changePassword(change));
  if (!user) return null;
  const changing = user.hasPassword;
  const title = changing ? 'Change password' : 'Set a password';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const problem = newPasswordProblem(password, repeated);
    setLocalProblem(problem);
    if (problem) return;
    const saved = await save.run(changing ? { currentPassword, password } : { password });
    if (saved === undefined) return;
    setDone(changing ? 'changed' : 'set');
    setCurrentPassword('');
    setPassword('');
    setRepeated('');
  };

  return (
    <section aria-labelledby="password-heading" data-testid="password-panel" data-has-password={changing}>
      <h2 id="password-heading">{title}</h2>
      {done === 'set' && (
        <LiveStatus testId="password-done">Your password is set: you can sign in with your username ({user.username}) and it, as well as with Discord.</LiveStatus>
      )}
      {done === 'changed' && <LiveStatus testId="password-done">Your password is changed. Your sign-ins on other devices have ended; this one goes on.</LiveStatus>}
      {!changing && !done && (
        <p>Your account has no password: you sign in with Discord. Set one to sign in with your username ({user.username}) too.</p>
      )}
      <form className="form narrow" onSubmit={(event) => void submit(event)} data-testid="password-form" noValidate>
        {changing && (
          <TextField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.target.value)}
            problem={problemOf(save.error, 'currentPassword')}
          />
        )}
        <NewPasswordFields
          password={password}
          onPassword={setPassword}
          repeated={repeated}
          onRepeated={setRepeated}
          problem={localProblem ?? problemOf(save.error, 'password')}
        />
        <FormError error={save.error} />
        <button type="submit" disabled={save.pending}>
          {save.pending ? 'Saving your password…' : title}
        </button>
      </form>
    </section>
  );
}
