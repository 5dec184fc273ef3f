import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../app/session';
import type { Member, Rank } from '../../api/types';
import { SelectField, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { AsyncContent } from '../../components/Status';
import { CharacterSummary } from '../../components/wow';
import { useDraft } from '../../hooks/useDraft';
import { PAGE_SIZE, useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';

const FILTERS = ['q', 'rank'] as const;

/** Rank names to filter by until (or if) the guild's own names arrive. */
const FALLBACK_RANKS: Pick<Rank, 'level' | 'name'>[] = [
  { level: 5, name: 'Guild Leader' },
  { level: 4, name: 'Officer' },
  { level: 3, name: 'Veteran' },
  { level: 2, name: 'Member' },
  { level: 1, name: 'Initiate' },
];

/** The guild's members: rank, Discord name and every character; search, rank filter and pages. */
export function RosterPage() {
  const api = useApi();
  const [filters, setFilters] = useFilters(FILTERS);
  const [search, setSearch] = useDraft(filters.q);

  const query = { q: filters.q, rank: filters.rank ? Number(filters.rank) : undefined, limit: PAGE_SIZE, offset: filters.offset };
  const members = useResource(`members:${JSON.stringify(query)}`, (signal) => api.members.list(query, signal));
  const ranks = useResource('ranks', () => api.ranks.list());
  const rankOptions = ranks.status === 'ready' ? [...ranks.data.items].sort((a, b) => b.level - a.level) : FALLBACK_RANKS;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ q: search.trim() });
  };

  return (
    <Page title="Roster">
      <form className="filters" role="search" aria-label="Roster" onSubmit={submit}>
        <TextField label="Search" type="search" name="q" value={search} onChange={(event) => setSearch(event.target.value)} hint="Member, Discord or character name" />
        <SelectField label="Rank" name="rank" value={filters.rank} onChange={(event) => setFilters({ q: search.trim(), rank: event.target.value })}>
          <option value="">All ranks</option>
          {rankOptions.map((rank) => (
            <option key={rank.level} value={String(rank.level)}>
              {rank.name}
            </option>
          ))}
        </SelectField>
        <button type="submit">Search</button>
      </form>
      <AsyncContent
        resource={members}
        what="the roster"
        isEmpty={(page) => page.items.length === 0}
        empty={filters.q || filters.rank ? 'No member matches these filters.' : 'The roster is empty: no member has been synced or linked yet.'}
      >
        {(page) => (
          <>
            <RosterTable members={page.items} />
            <Pager total={page.total} limit={PAGE_SIZE} offset={filters.offset} noun="members" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}

function RosterTable({ members }: { members: readonly Member[] }) {
  return (
    <div className="table-wrap">
      <table className="stack-on-phone roster" data-testid="roster-table">
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
