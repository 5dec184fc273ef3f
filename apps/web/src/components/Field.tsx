import { useId } from 'react';
import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import type { ApiError } from '../api/errors';

interface FieldFrame {
  label: string;
  /** The API's problem with this field, shown under it and tied to it for screen readers. */
  problem?: string;
  hint?: ReactNode;
}

function useFieldIds(problem: string | undefined, hint: ReactNode) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const problemId = problem ? `${id}-problem` : undefined;
  const describedBy = [hintId, problemId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, problemId, describedBy };
}

function FieldNotes({ hint, hintId, problem, problemId }: { hint: ReactNode; hintId?: string; problem?: string; problemId?: string }) {
  return (
    <>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {problem && (
        <span className="problem" id={problemId} data-testid="field-error">
          {problem}
        </span>
      )}
    </>
  );
}

export function TextField({ label, problem, hint, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  const { id, hintId, problemId, describedBy } = useFieldIds(problem, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={problem ? true : undefined} aria-describedby={describedBy} {...input} />
      <FieldNotes hint={hint} hintId={hintId} problem={problem} problemId={problemId} />
    </div>
  );
}

export function TextAreaField({ label, problem, hint, ...textarea }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, hintId, problemId, describedBy } = useFieldIds(problem, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={problem ? true : undefined} aria-describedby={describedBy} {...textarea} />
      <FieldNotes hint={hint} hintId={hintId} problem={problem} problemId={problemId} />
    </div>
  );
}

export function SelectField({ label, problem, hint, children, ...select }: FieldFrame & SelectHTMLAttributes<HTMLSelectElement>) {
  const { id, hintId, problemId, describedBy } = useFieldIds(problem, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={problem ? true : undefined} aria-describedby={describedBy} {...select}>
        {children}
      </select>
      <FieldNotes hint={hint} hintId={hintId} problem={problem} problemId={problemId} />
    </div>
  );
}

/**
 * A form's failure: the API's sentence, beside the button that sent it. Validation failures also
 * name each bad field; the fields show those themselves (`problemOf`).
 */
export function FormError({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <div className="status error" role="alert" data-testid="form-error" data-code={error.code}>
      <p>{error.message}</p>
    </div>
  );
}

/** The API's problem with one field of the last attempt, if any. */
export function problemOf(error: ApiError | null, field: string): string | undefined {
  return error?.fieldProblems()[field];
}
