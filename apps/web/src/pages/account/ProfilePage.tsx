import { useSession } from '../../app/session';
import { CharacterTable } from '../../components/CharacterTable';
import { Page } from '../../components/Page';
import { AsyncContent, Empty } from '../../components/Status';
import { useResource } from '../../hooks/useResource';
import type { Member } from '../../api/types';
import { BattlenetPanel } from './BattlenetPanel';
import { PasswordPanel } from './PasswordPanel';

/** The signed-in account and the member (person) it belongs to, with their characters. */
export function ProfilePage() {
  const { user, api, isOfficer } = useSession();
  if (!user) return null;
  return (
    <Page title="My profile">
      <dl className="facts-list" data-testid="profile">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Display name</dt>
        <dd>{user.displayName}</dd>
        <dt>Rank</dt>
        <dd>{user.rank.name}</dd>
      </dl>
      <h2>My characters</h2>
      {user.personId ? (
        <MyCharacters personId={user.personId} load={(signal) => api.members.get(user.personId as string, signal)} showNotes={isOfficer} />
      ) : (
        <Empty>Your account is not linked to a guild member yet; an officer can link your characters to it.</Empty>
      )}
      {user.personId && <BattlenetPanel />}
      <PasswordPanel />
    </Page>
  );
}

function MyCharacters({ personId, load, showNotes }: { personId: string; load: (signal: AbortSignal) => Promise<Member>; showNotes: boolean }) {
  const member = useResource(`member:${personId}`, load);
  return (
    <AsyncContent
      resource={member}
      what="your characters"
      isEmpty={(data) => data.characters.length === 0}
      empty="No characters are linked to you yet. After the next roster sync an officer can link them."
    >
      {(data) => <CharacterTable characters={data.characters} mainCharacterId={data.mainCharacterId} showNotes={showNotes} caption="My characters" />}
    </AsyncContent>
  );
}
