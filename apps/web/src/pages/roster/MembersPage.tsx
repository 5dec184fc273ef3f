import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../app/session';
import type { Member } from '../../api/types';
import { TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { RankFilterField } from '../../components/RankFilterField';
import { AsyncContent } from '../../components/Status';
import { CharacterSummary } from '../../components/wow';
import { useDraft } from '../../hooks/useDraft';
import { PAGE_SIZE, useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';

const FILTERS = ['q', 'rank'] as const;

/** The guild's members (people): rank, Discord name and every character; search, rank filter and pages. */
export function MembersPage() {
  const api = useApi();
  const [filters, setFilters] = useFilters(FILTERS);
  const [search, setSearch] = useDraft(filters.q);

  const query = { q: filters.q, rank: filters.rank ? Number(filters.rank) : undefined, limit: PAGE_SIZE, offset: filters.offset };
  const members = useResource(`members:${JSON.stringify(query)}`, (signal) => api.members.list(query, signal));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ q: search.trim() });
  };

  return (
    <Page title="Members">
      <form className="filters" role="search" aria-label="Members" onSubmit={submit}>
        <TextField label="Search" type="search" name="q" value={search} onChange={(event) => setSearch(event.target.value)} hint="Member, Discord or character name" />
        <RankFilterField value={filters.rank} onChange={(rank) => setFilters({ q: search.trim(), rank })} />
        <button type="submit">Search</button>
      </form>
      <AsyncContent
        resource={members}
        what="the members"
        isEmpty={(page) => page.items.length === 0}
        empty={filters.q || filters.rank ? 'No member matches these filters.' : 'No members yet: a member is made when a character is linked to its Discord user. The Roster lists every character.'}
      >
        {(page) => (
          <>
            <MembersTable members={page.items} />
            <Pager total={page.total} limit={PAGE_SIZE} offset={filters.offset} noun="members" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}

function MembersTable({ members }: { members: readonly Member[] }) {
  return (
    <div className="table-wrap">
      <table className="stack-on-phone roster" data-testid="members-table">
        <caption className="visually-hidden">Members of the guild</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Rank</th>
            <th scope="col">Discord</th>
            <th scope="col">Characters</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id} data-testid="member-row">
              <th scope="row" data-label="Member">
                <Link to={`/members/${member.id}`}>{member.displayName}</Link>
                {!member.registered && <span className="badge muted-badge">not registered</span>}
              </th>
              <td data-label="Rank">{member.rank.name}</td>
              <td data-label="Discord">{member.discord ? member.discord.username : <span className="muted">not linked</span>}</td>
              <td data-label="Characters" className="wide">
                {member.characters.length === 0 ? (
                  <span className="muted">none linked</span>
                ) : (
                  <ul className="character-list">
                    {mainFirst(member).map((character) => (
                      <li key={character.id}>
                        <CharacterSummary character={character} />
                        {character.id === member.mainCharacterId && <span className="badge">main</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function mainFirst(member: Member) {
  return [...member.characters].sort((a, b) => Number(b.id === member.mainCharacterId) - Number(a.id === member.mainCharacterId));
}
