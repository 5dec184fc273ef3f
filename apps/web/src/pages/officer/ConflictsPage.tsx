import { Link } from 'react-router';
import { useApi } from '../../app/session';
import type { ConflictFilter } from '../../api/endpoints';
import type { MatchingConflict } from '../../api/types';
import { SelectField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { RelativeTime } from '../../components/RelativeTime';
import { AsyncContent } from '../../components/Status';
import { PAGE_SIZE, useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';

const FILTERS = ['kind'] as const;

/** The conflict kinds docs/api.md names; the API may add more, which show as they come. */
export const CONFLICT_KINDS: Record<string, string> = {
  discord_user_claimed: 'Several characters claim one Discord user',
  discord_user_taken: 'Discord user already another member’s',
  discord_users_disagree: 'A member’s characters point at different Discord users',
  ambiguous_name: 'Name of several Discord users',
  name_too_common: 'Name too common to count',
  name_would_raise_rank: 'A name alone would raise the rank',
  ambiguous_main: 'Note names a main on several realms',
  contradictory_notes: 'Notes name different mains',
  note_contradicts_link: 'Note contradicts a link',
  members_collide: 'Notes would merge two members',
  rejected_pair: 'Runs into an officer’s rejection',
  hint_not_found: 'Note names an unknown Discord user',
  ambiguous_hint: 'Note names several Discord users',
  hint_contradicts_link: 'Note names another Discord user',
  inconsistent_input: 'Links disagree',
};

/** What the last matching run saw and did not act on: for an officer to settle by hand. */
export function ConflictsPage() {
  const api = useApi();
  const [filters, setFilters] = useFilters(FILTERS);
  const query: ConflictFilter = { kind: filters.kind || undefined, limit: PAGE_SIZE, offset: filters.offset };
  const conflicts = useResource(`conflicts:${JSON.stringify(query)}`, (signal) => api.identity.conflicts(query, signal));

  return (
    <Page title="Conflicts" intro="Evidence the matching found and did not act on: it links only what agrees, and leaves the rest to an officer.">
      <form className="filters" aria-label="Filter conflicts" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Kind" name="kind" value={filters.kind} onChange={(event) => setFilters({ kind: event.target.value })}>
          <option value="">All kinds</option>
          {Object.entries(CONFLICT_KINDS).map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </SelectField>
      </form>
      <AsyncContent resource={conflicts} what="the conflicts" isEmpty={(page) => page.items.length === 0} empty="The last matching run found no conflict of this kind.">
        {(page) => (
          <>
            <ul className="cards" data-testid="conflict-list">
              {page.items.map((conflict) => (
                <ConflictCard key={conflict.id} conflict={conflict} />
              ))}
            </ul>
            <Pager total={page.total} limit={PAGE_SIZE} offset={filters.offset} noun="conflicts" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}

function ConflictCard({ conflict }: { conflict: MatchingConflict }) {
  // Members named only through the conflict (not through one of its characters or Discord users).
  const shown = new Set([...conflict.characters, ...conflict.discordUsers].map((subject) => subject.personId));
  const otherMembers = conflict.personIds.filter((personId) => !shown.has(personId));
  return (
    <li className="card" data-testid="conflict" data-kind={conflict.kind}>
      <p className="card-title">{CONFLICT_KINDS[conflict.kind] ?? conflict.kind}</p>
      <p>{conflict.summary}</p>
      <ul className="subjects" aria-label="Involved">
        {conflict.characters.map((character) => (
          <li key={character.id} data-testid="conflict-character">
            {character.personId ? (
              <Link to={`/members/${character.personId}`}>
                {character.name} – {character.realmSlug}
              </Link>
            ) : (
              <>
                {character.name} – {character.realmSlug} <span className="muted">(no member)</span>{' '}
                <Link to={`/officer/links?${new URLSearchParams({ characterId: character.id }).toString()}`}>Link by hand</Link>
              </>
            )}
          </li>
        ))}
        {conflict.discordUsers.map((user) => (
          <li key={user.userId} data-testid="conflict-discord-user">
            {user.personId ? (
              <Link to={`/members/${user.personId}`}>@{user.username}</Link>
            ) : (
              <>
                @{user.username} <span className="muted">(no member)</span>{' '}
                <Link to={`/officer/links?${new URLSearchParams({ discordUserId: user.userId }).toString()}`}>Link by hand</Link>
              </>
            )}
          </li>
        ))}
        {otherMembers.map((personId) => (
          <li key={personId}>
            <Link to={`/members/${personId}`}>Open the member</Link>
          </li>
        ))}
      </ul>
      <p className="muted">
        First seen <RelativeTime iso={conflict.firstDetectedAt} />, last seen <RelativeTime iso={conflict.lastDetectedAt} />.
      </p>
    </li>
  );
}
