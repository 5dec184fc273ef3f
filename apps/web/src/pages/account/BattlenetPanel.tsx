import { useSearchParams } from 'react-router';
import type { BattlenetLinkError, ClaimedCharacter } from '../../api/types';
import { leave } from '../../app/leave';
import { useSession } from '../../app/session';
import { FormError } from '../../components/Field';
import { formatDateTime } from '../../components/RelativeTime';
import { AsyncContent } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useResource } from '../../hooks/useResource';

/** Why a Battle.net link came back to the profile without linking (`/me?battlenet=<CODE>`). */
export const BATTLENET_LINK_SENTENCES: { readonly [Code in BattlenetLinkError]: string } = {
  STATE_UNKNOWN: 'That Battle.net link was not started here. Start again with "Link Battle.net".',
  STATE_USED: 'That Battle.net link was already used. Start again with "Link Battle.net".',
  STATE_EXPIRED: 'That Battle.net link took more than 10 minutes. Start again with "Link Battle.net".',
  OTHER_BROWSER: 'That Battle.net link was started in another browser. Start it again here.',
  ACCESS_DENIED: 'Battle.net was not allowed to share your characters (the login was cancelled). Nothing changed.',
  PROVIDER_ERROR: 'Battle.net answered with an error. Try again in a moment.',
  EXCHANGE_FAILED: 'Battle.net did not confirm the login. Try again in a moment.',
  PROFILE_FAILED: 'Battle.net did not list your characters just now. Try again in a moment.',
  NOT_A_MEMBER: 'Your account belongs to no member of the guild, so there is no one to link characters to. Ask an officer.',
  ACCOUNT_TAKEN: 'That Battle.net account is linked to another member. Ask an officer to sort out which member is yours.',
  UNAVAILABLE: 'Linking Battle.net is not available right now. Try again in a moment.',
};

const STATUS_TEXT: Record<ClaimedCharacter['status'], string> = {
  linked: 'linked to you',
  waiting: 'not in the guild: linked when it joins',
  conflict: 'an officer decided otherwise: the officers will look',
};

/**
 * "Link Battle.net" on the member's profile: the characters their Battle.net account proved and
 * where each stands; "Refresh my characters" runs the same flow again. The platform keeps the
 * flow's state and PKCE verifier; the browser only goes to Blizzard's page and comes back.
 */
export function BattlenetPanel() {
  const { api } = useSession();
  const [params] = useSearchParams();
  const outcome = params.get('battlenet');
  const claims = useResource('battlenet:mine', (signal) => api.battlenet.mine(signal));
  const start = useAction(async () => {
    const { authorizeUrl } = await api.battlenet.start();
    leave.to(authorizeUrl);
  });
  const refusal = outcome !== null && Object.hasOwn(BATTLENET_LINK_SENTENCES, outcome) ? BATTLENET_LINK_SENTENCES[outcome as BattlenetLinkError] : null;
  return (
    <section aria-labelledby="battlenet-heading" data-testid="battlenet">
      <h2 id="battlenet-heading">Battle.net</h2>
      {outcome === 'linked' && (
        <p className="status success" role="status" data-testid="battlenet-linked">
          Battle.net linked: the guild’s characters on your account are yours now.
        </p>
      )}
      {refusal && (
        <p className="status error" role="alert" data-testid="battlenet-refusal" data-code={outcome}>
          {refusal}
        </p>
      )}
      <AsyncContent resource={claims} what="your Battle.net characters">
        {(data) => (
          <>
            <p>
              {data.account
                ? `Linked to ${data.account.battletag ?? `Battle.net account ${data.account.id}`} on ${formatDateTime(data.linkedAt)}; last read ${formatDateTime(data.refreshedAt)}.`
                : 'Link your Battle.net account to prove which of the guild’s characters are yours. The platform reads only your WoW characters.'}
            </p>
            <button type="button" data-testid="battlenet-start" disabled={start.pending} onClick={() => void start.run()}>
              {start.pending ? 'Opening Battle.net…' : data.account ? 'Refresh my characters' : 'Link Battle.net'}
            </button>
            <FormError error={start.error} />
            {data.characters.length > 0 && (
              <div className="table-wrap">
                <table className="stack-on-phone" data-testid="battlenet-characters">
                  <caption>Characters on my Battle.net account</caption>
                  <thead>
                    <tr>
                      <th scope="col">Character</th>
                      <th scope="col">Realm</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.characters.map((c) => (
                      <tr key={c.blizzardId} data-testid="battlenet-character" data-status={c.status}>
                        <th scope="row" data-label="Character">
                          {c.name}
                        </th>
                        <td data-label="Realm">{c.realmSlug}</td>
                        <td data-label="Status">{STATUS_TEXT[c.status]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </AsyncContent>
    </section>
  );
}
