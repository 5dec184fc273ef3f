import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { rankRuleVerdict } from '../../app/rankRules';
import { useSession } from '../../app/session';
import type { Member } from '../../api/types';
import { FormError, problemOf, TextField } from '../../components/Field';
import { formatDateTime } from '../../components/RelativeTime';
import { LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';

/**
 * The member's account as officers see it: working, or disabled since when and why (by an officer,
 * or by itself when the member had no character in the guild for the grace period). Officers
 * disable it with a reason (every sign-in and API key of it stops at once) or enable it again,
 * within the rank rules; where those forbid it the button stays, disabled, with the reason.
 */
export function AccountPanel({ member, onChanged }: { member: Member; onChanged(member: Member): void }) {
  const { api, user } = useSession();
  const ruleId = useId();
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState('');
  const disable = useAction((why: string) => api.members.disableAccount(member.id, why));
  const enable = useAction(() => api.members.enableAccount(member.id));
  const account = member.account;

  if (!account) {
    return (
      <p data-testid="account-state" data-status="none">
        {member.displayName} has no account yet: they make one from an invite.
      </p>
    );
  }
  const isDisabled = account.status === 'disabled';
  const verdict = rankRuleVerdict(isDisabled ? 'enable_account' : 'disable_account', user, member);
  const forbidden = verdict.allowed ? undefined : ruleId;

  const submitDisable = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome('');
    const changed = await disable.run(reason.trim());
    if (!changed) return;
    setReason('');
    onChanged(changed);
    setOutcome(`The account of ${changed.displayName} is disabled: their sign-ins and API keys stopped working.`);
  };
  const submitEnable = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome('');
    const changed = await enable.run();
    if (!changed) return;
    onChanged(changed);
    setOutcome(`The account of ${changed.displayName} works again; they sign in anew.`);
  };

  return (
    <div data-testid="account-panel">
      <p data-testid="account-state" data-status={account.status}>
        {isDisabled ? (
          <>
            <strong>Disabled</strong> since {formatDateTime(account.disabledAt)}
            {account.disabledCause === 'officer' ? ' by an officer' : ', by itself: no character in the guild'}. {account.disabledReason}
          </>
        ) : (
          <>
            <strong>Enabled</strong>: {member.displayName} can sign in, and their API keys work.
          </>
        )}
      </p>
      {isDisabled ? (
        <form className="form inline" onSubmit={(event) => void submitEnable(event)} data-testid="enable-account-form">
          <button type="submit" disabled={!verdict.allowed || enable.pending} aria-describedby={forbidden}>
            {enable.pending ? 'Enabling…' : 'Enable account'}
          </button>
          <FormError error={enable.error} />
        </form>
      ) : (
        <form className="form inline" onSubmit={(event) => void submitDisable(event)} data-testid="disable-account-form">
          <TextField
            label="Reason"
            name="reason"
            required
            maxLength={500}
            value={reason}
            disabled={!verdict.allowed}
            onChange={(event) => setReason(event.target.value)}
            hint="Officers see it, and so does the member when they try to sign in."
            problem={problemOf(disable.error, 'reason')}
          />
          <button type="submit" className="danger" disabled={!verdict.allowed || disable.pending} aria-describedby={forbidden}>
            {disable.pending ? 'Disabling…' : 'Disable account'}
          </button>
          <FormError error={disable.error} />
        </form>
      )}
      {!verdict.allowed && (
        <p className="hint" id={ruleId} data-testid="account-rule">
          {verdict.reason}
        </p>
      )}
      <LiveStatus testId="account-outcome">{outcome}</LiveStatus>
    </div>
  );
}
