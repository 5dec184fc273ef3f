import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { rankRuleVerdict } from '../../app/rankRules';
import { useSession } from '../../app/session';
import type { CreatedInvite, Member } from '../../api/types';
import { CopyButton } from '../../components/CopyButton';
import { FormError, problemOf, SelectField } from '../../components/Field';
import { formatDateTime } from '../../components/RelativeTime';
import { useAction } from '../../hooks/useAction';

const LIFETIMES = [
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
];

/**
 * Sends a member an invite (the bot DMs them the link); the code is shown too, to pass on by hand.
 * Within the rank rules: for a member not ranked below the officer the button is disabled, with why.
 */
export function InviteForm({ member, onCreated }: { member: Member; onCreated?(): void }) {
  const { api, user } = useSession();
  const ruleId = useId();
  const verdict = rankRuleVerdict('invite', user, member);
  const [hours, setHours] = useState('72');
  const [invite, setInvite] = useState<CreatedInvite | null>(null);
  const send = useAction((memberId: string, expiresInHours: number) => api.members.invite(memberId, expiresInHours));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await send.run(member.id, Number(hours));
    if (!created) return;
    setInvite(created);
    onCreated?.();
  };
  const link = invite ? `${window.location.origin}/register?code=${encodeURIComponent(invite.code)}` : '';

  return (
    <form className="form inline" onSubmit={(event) => void submit(event)} data-testid="invite-form">
      <p>
        {member.registered
          ? `${member.displayName} already has an account; a new invite is only needed for a second one.`
          : `The guild bot sends ${member.displayName} the registration link by Discord DM.`}
      </p>
      <SelectField label="Valid for" name="expiresInHours" value={hours} onChange={(event) => setHours(event.target.value)} problem={problemOf(send.error, 'expiresInHours')}>
        {LIFETIMES.map((lifetime) => (
          <option key={lifetime.hours} value={String(lifetime.hours)}>
            {lifetime.label}
          </option>
        ))}
      </SelectField>
      <button type="submit" disabled={send.pending || !verdict.allowed} aria-describedby={verdict.allowed ? undefined : ruleId}>
        {send.pending ? 'Sending…' : 'Send invite'}
      </button>
      {!verdict.allowed && (
        <p className="hint" id={ruleId} data-testid="invite-rule">
          {verdict.reason}
        </p>
      )}
      <FormError error={send.error} />
      {invite && (
        <div className="created" role="status" data-testid="invite-created">
          <p>
            Invite sent. Code <code data-testid="invite-code">{invite.code}</code>, valid until {formatDateTime(invite.expiresAt)}.
          </p>
          <p>
            Link: <code>{link}</code> <CopyButton text={link} label="Copy link" />
          </p>
        </div>
      )}
    </form>
  );
}
