import { useParams } from 'react-router';
import { useSession } from '../../app/session';
import type { Character, Member } from '../../api/types';
import { CharacterTable } from '../../components/CharacterTable';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../components/RelativeTime';
import { describeRosterEvent } from '../../components/rosterEvents';
import { AsyncContent, Empty } from '../../components/Status';
import { characterLabel } from '../../components/wow';
import { useResource } from '../../hooks/useResource';
import { rankRuleVerdict } from '../../app/rankRules';
import { AccountPanel } from './AccountPanel';
import { InviteForm } from './InviteForm';
import { INVITES_SHOWN, MemberInvites } from './MemberInvites';
import { RankForm } from './RankForm';

const HISTORY_LIMIT = 20;

/** One member: their characters; for officers also the notes, rank, account, invites and the roster history. */
export function MemberPage() {
  const { id = '' } = useParams();
  const { api, isOfficer, user } = useSession();
  const member = useResource(`member:${id}`, (signal) => api.members.get(id, signal));
  // Asked only of officers, and only where the rank rules let them see the member's invites.
  const mayListInvites = isOfficer && member.status === 'ready' && rankRuleVerdict('list_invites', user, member.data).allowed;
  const invites = useResource(`invites:${id}:${mayListInvites}`, (signal) =>
    mayListInvites ? api.members.invites(id, { limit: INVITES_SHOWN, offset: 0 }, signal) : Promise.resolve({ items: [], total: 0 }),
  );

  if (member.status !== 'ready') {
    return (
      <Page title="Member">
        <AsyncContent resource={member} what="the member">
          {() => null}
        </AsyncContent>
      </Page>
    );
  }
  const data = member.data;
  return (
    <Page title={data.displayName}>
      <MemberFacts member={data} />
      <h2>Characters</h2>
      {data.characters.length === 0 ? (
        <Empty>No characters are linked to {data.displayName}.</Empty>
      ) : (
        <CharacterTable characters={data.characters} mainCharacterId={data.mainCharacterId} showNotes={isOfficer} caption={`Characters of ${data.displayName}`} />
      )}
      {isOfficer && (
        <>
          <h2>Rank</h2>
          <RankForm member={data} onChanged={(changed) => member.update(() => changed)} />
          <h2>Account</h2>
          <AccountPanel member={data} onChanged={(changed) => member.update(() => changed)} />
          <h2>Invites</h2>
          <InviteForm member={data} onCreated={invites.reload} />
          <MemberInvites member={data} invites={invites} />
          <h2>Roster history</h2>
          {data.characters.length === 0 ? <Empty>No characters, so no roster history.</Empty> : data.characters.map((character) => <CharacterHistory key={character.id} character={character} />)}
        </>
      )}
    </Page>
  );
}

function MemberFacts({ member }: { member: Member }) {
  return (
    <dl className="facts-list" data-testid="member-facts">
      <dt>Rank</dt>
      <dd>{member.rank.name}</dd>
      <dt>Discord</dt>
      <dd>{member.discord ? `${member.discord.username} (${member.discord.displayName})` : 'not linked'}</dd>
      <dt>Account</dt>
      <dd>{!member.registered ? 'not registered yet' : member.account?.status === 'disabled' ? 'disabled' : 'registered'}</dd>
    </dl>
  );
}

function CharacterHistory({ character }: { character: Character }) {
  const { api } = useSession();
  const history = useResource(`history:${character.id}`, (signal) => api.characters.history(character.id, { limit: HISTORY_LIMIT, offset: 0 }, signal));
  const headingId = `history-${character.id}`;
  return (
    <section className="history" aria-labelledby={headingId} data-testid="character-history">
      <h3 id={headingId}>{characterLabel(character)}</h3>
      <AsyncContent resource={history} what={`the history of ${character.name}`} isEmpty={(page) => page.items.length === 0} empty="No roster events yet.">
        {(page) => (
          <ol className="events">
            {page.items.map((event) => (
              <li key={event.id}>
                <time dateTime={event.at}>{formatDateTime(event.at)}</time> {describeRosterEvent(event)}
              </li>
            ))}
            {page.total > page.items.length && <li className="muted">and {page.total - page.items.length} earlier events</li>}
          </ol>
        )}
      </AsyncContent>
    </section>
  );
}
