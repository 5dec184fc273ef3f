import type { ChangeEvent } from 'react';
import { TextField } from './Field';

/** The API's rule for every new password (docs/api.md): 8 to 72 bytes of UTF-8, bcrypt's limit. */
const MIN_BYTES = 8;
const MAX_BYTES = 72;

export const NEW_PASSWORD_HINT = '8 to 72 bytes (most characters are one byte; accents and emoji take more).';

/**
 * Why a new password cannot be sent yet, or null. Bytes, as the API counts them; `repeated`, when
 * the form asks for the password twice, must be the same.
 */
export function newPasswordProblem(password: string, repeated?: string): string | null {
  const bytes = new TextEncoder().encode(password).length;
  if (bytes < MIN_BYTES) return `The password must be at least ${MIN_BYTES} bytes.`;
  if (bytes > MAX_BYTES) return `The password must be at most ${MAX_BYTES} bytes (this one is ${bytes}).`;
  if (repeated !== undefined && password !== repeated) return 'The two passwords differ.';
  return null;
}

interface NewPasswordFieldsProps {
  password: string;
  onPassword(value: string): void;
  /** With these, a second field asks for the password again. */
  repeated?: string;
  onRepeated?(value: string): void;
  /** The new password's problem: the form's own check, or the API's. */
  problem?: string;
  label?: string;
}

/**
 * The new password of every form that chooses one (registration, a reset link, the profile): the
 * field with the API's rule as its hint, browsers told it is a new password, and, when asked, the
 * field that repeats it.
 */
export function NewPasswordFields({ password, onPassword, repeated, onRepeated, problem, label = 'New password' }: NewPasswordFieldsProps) {
  return (
    <>
      <TextField
        label={label}
        name="password"
        type="password"
        autoComplete="new-password"
        hint={NEW_PASSWORD_HINT}
        required
        value={password}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onPassword(event.target.value)}
        problem={problem}
      />
      {onRepeated && (
        <TextField
          label={`Repeat the ${label.toLowerCase()}`}
          name="repeated"
          type="password"
          autoComplete="new-password"
          required
          value={repeated ?? ''}
          onChange={(event: ChangeEvent<HTMLInputElement>) => onRepeated(event.target.value)}
        />
      )}
    </>
  );
}
