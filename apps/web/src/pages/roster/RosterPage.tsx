import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router';
import { CLASSES } from '@patt/wow';
import { useApi, useSession } from '../../app/session';
import type { CharacterFilter } from '../../api/endpoints';
import type { CharacterListItem, CharacterSort, Role } from '../../api/types';
import { CharacterFactCells } from '../../components/CharacterTable';
import { SelectField, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { RankFilterField } from '../../components/RankFilterField';
import { AsyncContent } from '../../components/Status';
import { characterLabel } from '../../components/wow';
import { useDraft } from '../../hooks/useDraft';
import { useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';
import { RosterSyncStatus, useRosterSync } from './RosterSync';

const FILTERS = ['q', 'rank', 'className', 'role', 'linked', 'active', 'sort', 'order', 'alts', 'size'] as const;

/** Rows per page: the API's pages, so a guild of thousands costs one page of rows in the browser. */
export const ROSTER_PAGE_SIZES = [50, 100, 250, 500] as const;
export const DEFAULT_ROSTER_PAGE_SIZE = 100;

const ROLES: Array<{ role: Role; name: string }> = [
  { role: 'tank', name: 'Tank' },
  { role: 'healer', name: 'Healer' },
  { role: 'melee', name: 'Melee' },
  { role: 'ranged', name: 'Ranged' },
];

export const ACTIVITY_DAYS = [7, 14, 30, 90] as const;

interface Column {
  sort: CharacterSort;
  label: string;
  /** Numbers and dates read best highest (or latest) first; names and ranks from the top. */
  firstOrder: 'asc' | 'desc';
}

/** The table's columns, each sortable by the API. */
export const ROSTER_COLUMNS: readonly Column[] = [
  { sort: 'name', label: 'Character', firstOrder: 'asc' },
  { sort: 'member', label: 'Member', firstOrder: 'asc' },
  { sort: 'className', label: 'Class', firstOrder: 'asc' },
  { sort: 'specName', label: 'Spec', firstOrder: 'asc' },
  { sort: 'role', label: 'Role', firstOrder: 'asc' },
  { sort: 'level', label: 'Level', firstOrder: 'desc' },
  { sort: 'itemLevel', label: 'Item level', firstOrder: 'desc' },
  { sort: 'rank', label: 'Rank', firstOrder: 'asc' },
  { sort: 'lastLoginAt', label: 'Last login', firstOrder: 'desc' },
];

/** Orders the "Sort by" choice offers besides the columns (it also serves phones, where the table's head is hidden). */
const MORE_SORTS: readonly Column[] = [
  { sort: 'realm', label: 'Realm', firstOrder: 'asc' },
  { sort: 'joinedAt', label: 'Joined the guild', firstOrder: 'desc' },
];
const SORTS: readonly Column[] = [...ROSTER_COLUMNS, ...MORE_SORTS];

const isSort = (value: string): value is CharacterSort => SORTS.some((column) => column.sort === value);

/**
 * The guild's roster: every character, a member's characters together (main first, alts under
 * it), the ones that belong to no member yet marked (with a way to link them, for officers).
 * Filters, order and page live in the address; the API filters, sorts and pages, so a guild of
 * thousands costs one page of rows.
 */
export function RosterPage({ pollMs = 1000 }: { pollMs?: number }) {
  const api = useApi();
  const { isOfficer } = useSession();
  const [filters, setFilters] = useFilters(FILTERS);
  const [search, setSearch] = useDraft(filters.q);

  const sort: CharacterSort = isSort(filters.sort) ? filters.sort : 'name';
  const order = filters.order === 'desc' ? 'desc' : 'asc';
  const grouped = filters.alts !== 'separate';
  const size = ROSTER_PAGE_SIZES.find((n) => String(n) === filters.size) ?? DEFAULT_ROSTER_PAGE_SIZE;
  const query: CharacterFilter = {
    q: filters.q,
    rank: filters.rank ? Number(filters.rank) : undefined,
    className: filters.className || undefined,
    role: ROLES.find((r) => r.role === filters.role)?.role,
    linked: filters.linked === 'true' ? true : filters.linked === 'false' ? false : undefined,
    activeWithinDays: filters.active ? Number(filters.active) : undefined,
    sort,
    order,
    group: grouped ? 'member' : undefined,
    limit: size,
    offset: filters.offset,
  };
  const characters = useResource(`characters:${JSON.stringify(query)}`, (signal) => api.characters.list(query, signal));
  const glance = useResource('characters:glance', async (signal) => {
    const [every, unlinked] = await Promise.all([
      api.characters.list({ limit: 1, offset: 0 }, signal),
      api.characters.list({ linked: false, limit: 1, offset: 0 }, signal),
    ]);
    return { total: every.total, unlinked: unlinked.total };
  });
  const sync = useRosterSync({
    enabled: isOfficer,
    rosterEmpty: glance.status === 'ready' && glance.data.total === 0,
    pollMs,
    onChange: () => {
      characters.refresh();
      glance.refresh();
    },
  });
  const filtered = Boolean(filters.q || filters.rank || filters.className || filters.role || filters.linked || filters.active);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ q: search.trim() });
  };
  const sortBy = (column: Column) =>
    setFilters({ sort: column.sort, order: column.sort === sort ? (order === 'asc' ? 'desc' : 'asc') : column.firstOrder });

  return (
    <Page title="Roster">
      <RosterSyncStatus sync={sync} />
      {glance.status === 'ready' && glance.data.total > 0 && (
        <p className="glance" data-testid="roster-glance">
          {glance.data.total} {glance.data.total === 1 ? 'character' : 'characters'} in the roster
          {glance.data.unlinked > 0 && (
            <>
              , <Link to="/roster?linked=false">{glance.data.unlinked} with no member yet</Link>
            </>
          )}
          .
        </p>
      )}
      <form className="filters" role="search" aria-label="Roster" onSubmit={submit}>
        <TextField label="Search" type="search" name="q" value={search} onChange={(event) => setSearch(event.target.value)} hint="Character name" />
        <RankFilterField value={filters.rank} onChange={(rank) => setFilters({ q: search.trim(), rank })} />
        <SelectField label="Class" name="className" value={filters.className} onChange={(event) => setFilters({ q: search.trim(), className: event.target.value })}>
          <option value="">All classes</option>
          {CLASSES.map((wowClass) => (
            <option key={wowClass.id} value={wowClass.name}>
              {wowClass.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Role" name="role" value={filters.role} onChange={(event) => setFilters({ q: search.trim(), role: event.target.value })}>
          <option value="">All roles</option>
          {ROLES.map(({ role, name }) => (
            <option key={role} value={role}>
              {name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Member" name="linked" value={filters.linked} onChange={(event) => setFilters({ q: search.trim(), linked: event.target.value })}>
          <option value="">Linked or not</option>
          <option value="true">Linked to a member</option>
          <option value="false">No member yet</option>
        </SelectField>
        <SelectField label="Active" name="active" value={filters.active} onChange={(event) => setFilters({ q: search.trim(), active: event.target.value })}>
          <option value="">Any time</option>
          {ACTIVITY_DAYS.map((days) => (
            <option key={days} value={String(days)}>
              In the last {days} days
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Sort by"
          name="sort"
          value={`${sort}:${order}`}
          onChange={(event) => {
            const [nextSort, nextOrder] = event.target.value.split(':');
            setFilters({ q: search.trim(), sort: nextSort, order: nextOrder });
          }}
        >
          {SORTS.flatMap((column) =>
            (column.firstOrder === 'asc' ? (['asc', 'desc'] as const) : (['desc', 'asc'] as const)).map((direction) => (
              <option key={`${column.sort}:${direction}`} value={`${column.sort}:${direction}`}>
                {column.label} {direction === 'asc' ? '(ascending)' : '(descending)'}
              </option>
            )),
          )}
        </SelectField>
        <SelectField label="Rows per page" name="size" value={String(size)} onChange={(event) => setFilters({ q: search.trim(), size: event.target.value })}>
          {ROSTER_PAGE_SIZES.map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </SelectField>
        <label className="check alts-toggle">
          <input type="checkbox" name="alts" checked={grouped} onChange={(event) => setFilters({ q: search.trim(), alts: event.target.checked ? '' : 'separate' })} />
          Alts under their main
        </label>
        <button type="submit">Search</button>
      </form>
      <AsyncContent
        resource={characters}
        what="the roster"
        isEmpty={(page) => page.items.length === 0}
        empty={
          filtered
            ? 'No character matches these filters.'
            : sync.running
              ? 'The roster is empty until the sync above ends.'
              : 'The roster is empty: no character has been synced yet.'
        }
      >
        {(page) => (
          <>
            <RosterTable characters={page.items} grouped={grouped} sort={sort} order={order} onSort={sortBy} officer={isOfficer} />
            <Pager total={page.total} limit={size} offset={filters.offset} noun="characters" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}

interface RosterTableProps {
  characters: readonly CharacterListItem[];
  grouped: boolean;
  sort: CharacterSort;
  order: 'asc' | 'desc';
  onSort(column: Column): void;
  officer: boolean;
}

/** Runs of rows that belong together: one member's characters (grouped), or every row (not). */
function groupsOf(characters: readonly CharacterListItem[], grouped: boolean): CharacterListItem[][] {
  if (!grouped) return characters.length > 0 ? [[...characters]] : [];
  const groups: CharacterListItem[][] = [];
  for (const character of characters) {
    const last = groups.at(-1);
    const key = character.member?.id ?? null;
    if (last && key !== null && last[0]?.member?.id === key) last.push(character);
    else groups.push([character]);
  }
  return groups;
}

function RosterTable({ characters, grouped, sort, order, onSort, officer }: RosterTableProps) {
  return (
    <div className="table-wrap">
      <table className="stack-on-phone roster" data-testid="roster-table" data-grouped={grouped}>
        <caption className="visually-hidden">The guild&apos;s characters{grouped ? ', each member’s main first with their alts under it' : ''}</caption>
        <thead>
          <tr>
            {ROSTER_COLUMNS.map((column) => {
              const active = column.sort === sort;
              return (
                <th key={column.sort} scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
                  <button type="button" className={`sort${active ? ' active' : ''}`} onClick={() => onSort(column)}>
                    {column.label}
                    <span className="sort-mark" aria-hidden="true">
                      {active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        {groupsOf(characters, grouped).map((group) => (
          <tbody
            key={group[0]?.id}
            data-testid={grouped && group[0]?.member ? 'member-group' : undefined}
            data-member-id={grouped ? group[0]?.member?.id : undefined}
            className={grouped && group.length > 1 ? 'member-group' : undefined}
          >
            {group.map((character, index) => (
              <RosterRow key={character.id} character={character} alt={grouped && !character.isMain && character.member !== null} continued={grouped && index === 0 && !character.isMain && character.member !== null} officer={officer} />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function RosterRow({ character, alt, continued, officer }: { character: CharacterListItem; alt: boolean; continued: boolean; officer: boolean }) {
  const { member } = character;
  return (
    <tr data-testid="roster-row" data-character-id={character.id} data-linked={member ? 'true' : 'false'} className={alt ? 'alt' : undefined}>
      <th scope="row" data-label="Character">
        {alt && (
          <span className="alt-mark" aria-hidden="true">
            ↳{' '}
          </span>
        )}
        {character.name} <span className="muted">– {character.realmName}</span>
        {character.isMain && <span className="badge">main</span>}
        {alt && <span className="badge muted-badge">alt</span>}
        {!character.inGuild && <span className="badge warning">left the guild</span>}
      </th>
      <td data-label="Member">
        {member ? (
          <MemberCell member={member} quiet={alt && !continued} />
        ) : (
          <>
            <span className="badge warning no-member" data-testid="no-member">
              no member yet
            </span>
            {officer && (
              <Link className="row-action" to={`/officer/links?characterId=${encodeURIComponent(character.id)}`} aria-label={`Link ${characterLabel(character)} to a member`}>
                Link
              </Link>
            )}
          </>
        )}
      </td>
      <CharacterFactCells character={character} rankLabel="Rank" />
    </tr>
  );
}

/** The member's name (a link to their page) and rank; quieter on an alt's row, under the main that already says it. */
function MemberCell({ member, quiet }: { member: NonNullable<CharacterListItem['member']>; quiet: boolean }): ReactNode {
  return (
    <span className={quiet ? 'member-cell quiet' : 'member-cell'}>
      <Link to={`/members/${encodeURIComponent(member.id)}`}>{member.displayName}</Link>
      {!quiet && <span className="muted"> · {member.rank.name}</span>}
    </span>
  );
}
