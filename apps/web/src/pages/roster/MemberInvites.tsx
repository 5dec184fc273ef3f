import { useState } from 'react';
import { rankRuleVerdict } from '../../app/rankRules';
import { useSession } from '../../app/session';
import type { InviteSummary, Member } from '../../api/types';
import type { Resource } from '../../hooks/useResource';
import { formatDateTime, RelativeTime } from '../../components/RelativeTime';
import { AsyncContent, ErrorMessage, LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import type { Page } from '../../api/types';

/** How many of a member's invites the page shows: newest first, a member rarely has more. */
export const INVITES_SHOWN = 20;

type InviteState = 'pending' | 'used' | 'revoked' | 'expired';

function stateOf(invite: InviteSummary, now = Date.now()): InviteState {
  if (invite.usedAt) return 'used';
  if (invite.revokedAt) return 'revoked';
  return Date.parse(invite.expiresAt) <= now ? 'expired' : 'pending';
}

const DELIVERY: Record<InviteSummary['delivery'], string> = {
  pending: 'the DM is not sent yet',
  sending: 'the DM is on its way',
  sent: 'sent by Discord DM',
  refused: 'Discord refused the DM',
  failed: 'the DM failed',
  not_sent: 'no DM was sent',
};

/**
 * A member's invites, newest first, never their codes: who made each and when, until when it is
 * valid, how its DM went; a pending one can be revoked (its code stops working). Within the rank
 * rules only: for a member not ranked below the officer the list is not asked for, and says why.
 */
export function MemberInvites({ member, invites }: { member: Member; invites: Resource<Page<InviteSummary>> }) {
  const { user } = useSession();
  const [announcement, setAnnouncement] = useState('');
  const verdict = rankRuleVerdict('list_invites', user, member);
  if (!verdict.allowed) {
    return (
      <p className="hint" data-testid="invites-rule">
        {verdict.reason}
      </p>
    );
  }
  const revoked = (invite: InviteSummary, at: string) => {
    setAnnouncement(`The invite made ${formatDateTime(invite.createdAt)} is revoked: its code no longer works.`);
    invites.update((page) => ({ ...page, items: page.items.map((item) => (item.id === invite.id ? { ...item, revokedAt: at, delivery: item.delivery === 'pending' ? 'not_sent' : item.delivery } : item)) }));
  };
  return (
    <section aria-label={`Invites of ${member.displayName}`} data-testid="member-invites">
      <AsyncContent resource={invites} what="the invites" isEmpty={(page) => page.items.length === 0} empty={`No invites for ${member.displayName} yet.`}>
        {(page) => (
          <>
            <ul className="cards" data-testid="invite-list">
              {page.items.map((invite) => (
                <InviteRow key={invite.id} invite={invite} onRevoked={revoked} />
              ))}
            </ul>
            {page.total > page.items.length && <p className="muted">and {page.total - page.items.length} older invites</p>}
          </>
        )}
      </AsyncContent>
      <LiveStatus testId="invite-announcement">{announcement}</LiveStatus>
    </section>
  );
}

function InviteRow({ invite, onRevoked }: { invite: InviteSummary; onRevoked(invite: InviteSummary, at: string): void }) {
  const { api } = useSession();
  const revoke = useAction(() => api.invites.revoke(invite.id));
  const state = stateOf(invite);
  const made = formatDateTime(invite.createdAt);
  const confirm = async () => {
    if ((await revoke.run()) !== undefined) onRevoked(invite, new Date().toISOString());
  };
  return (
    <li className="card" data-testid="invite" data-state={state}>
      <p className="card-title">
        Invite made <RelativeTime iso={invite.createdAt} /> by {invite.createdBy ? invite.createdBy.username : 'an account that no longer exists'}
      </p>
      <p className="muted" data-testid="invite-facts">
        {state === 'pending' && <>Pending, valid until {formatDateTime(invite.expiresAt)}; </>}
        {state === 'used' && <>Used {formatDateTime(invite.usedAt)}: the account exists; </>}
        {state === 'revoked' && <>Revoked {formatDateTime(invite.revokedAt)}; </>}
        {state === 'expired' && <>Expired {formatDateTime(invite.expiresAt)}; </>}
        {DELIVERY[invite.delivery]}
        {invite.deliveryReason ? ` (${invite.deliveryReason})` : ''}.
      </p>
      {state === 'pending' && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void confirm()} disabled={revoke.pending} aria-label={`Revoke the invite made ${made}`}>
            {revoke.pending ? 'Revoking…' : 'Revoke'}
          </button>
        </div>
      )}
      {revoke.error && <ErrorMessage error={revoke.error} />}
    </li>
  );
}
