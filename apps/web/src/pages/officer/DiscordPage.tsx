import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../app/session';
import type { DiscordMemberFilter } from '../../api/endpoints';
import { SelectField, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { AsyncContent, ErrorMessage, LiveStatus } from '../../components/Status';
import { PAGE_SIZE, useFilters } from '../../hooks/useFilters';
import { useAction } from '../../hooks/useAction';
import { useDraft } from '../../hooks/useDraft';
import { useResource } from '../../hooks/useResource';

const FILTERS = ['q', 'linked', 'present'] as const;

const yesNo = (value: string): boolean | undefined => (value === 'true' ? true : value === 'false' ? false : undefined);

/** The bot's mirror of the Discord server's members, and a button to sync it in full. */
export function DiscordPage() {
  const api = useApi();
  const [filters, setFilters] = useFilters(FILTERS);
  const [search, setSearch] = useDraft(filters.q);
  const [announcement, setAnnouncement] = useState('');
  const query: DiscordMemberFilter = { q: filters.q, linked: yesNo(filters.linked), present: yesNo(filters.present), limit: PAGE_SIZE, offset: filters.offset };
  const members = useResource(`discord-members:${JSON.stringify(query)}`, (signal) => api.discord.members(query, signal));
  const sync = useAction(() => api.discord.sync());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ q: search.trim() });
  };
  const startSync = async () => {
    const accepted = await sync.run();
    if (accepted) setAnnouncement(accepted.alreadyRunning ? 'A member sync is already running.' : 'A full member sync has started; reload the list in a minute.');
  };

  return (
    <Page title="Discord members">
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void startSync()} disabled={sync.pending}>
          {sync.pending ? 'Starting…' : 'Sync Discord members'}
        </button>
        <LiveStatus>{announcement}</LiveStatus>
      </div>
      {sync.error && <ErrorMessage error={sync.error} />}
      <form className="filters" role="search" aria-label="Discord members" onSubmit={submit}>
        <TextField label="Search" type="search" name="q" value={search} onChange={(event) => setSearch(event.target.value)} hint="Username or display name" />
        <SelectField label="Linked" name="linked" value={filters.linked} onChange={(event) => setFilters({ linked: event.target.value })}>
          <option value="">All</option>
          <option value="true">Linked to a member</option>
          <option value="false">Not linked</option>
        </SelectField>
        <SelectField label="On the server" name="present" value={filters.present} onChange={(event) => setFilters({ present: event.target.value })}>
          <option value="">All</option>
          <option value="true">On the server</option>
          <option value="false">Left the server</option>
        </SelectField>
        <button type="submit">Search</button>
      </form>
      <AsyncContent resource={members} what="the Discord members" isEmpty={(page) => page.items.length === 0} empty="No Discord members match these filters.">
        {(page) => (
          <>
            <div className="table-wrap">
              <table className="stack-on-phone" data-testid="discord-table">
                <caption className="visually-hidden">Members of the Discord server</caption>
                <thead>
                  <tr>
                    <th scope="col">Display name</th>
                    <th scope="col">Username</th>
                    <th scope="col">Guild role</th>
                    <th scope="col">On the server</th>
                    <th scope="col">Member</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((member) => (
                    <tr key={member.userId} data-testid="discord-member">
                      <th scope="row" data-label="Display name">
                        {member.displayName}
                      </th>
                      <td data-label="Username">{member.username}</td>
                      <td data-label="Guild role">{member.highestGuildRole?.name ?? <span className="muted">none</span>}</td>
                      <td data-label="On the server">{member.present ? 'yes' : 'left'}</td>
                      <td data-label="Member">
                        {member.personId ? (
                          <Link to={`/members/${member.personId}`} aria-label={`Open the member ${member.displayName} is linked to`}>
                            Open
                          </Link>
                        ) : (
                          <Link to={`/officer/links?discordUserId=${encodeURIComponent(member.userId)}`} aria-label={`Link ${member.displayName} to a character`}>
                            Link…
                          </Link>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={page.total} limit={PAGE_SIZE} offset={filters.offset} noun="Discord members" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}
