import { Link } from 'react-router';
import { useApi } from '../../app/session';
import type { BattlenetCoverage, BattlenetRemindersQueued } from '../../api/types';
import { FormError, SelectField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { formatDateTime } from '../../components/RelativeTime';
import { AsyncContent, LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { PAGE_SIZE, useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';
import { useState } from 'react';

const FILTERS = ['linked'] as const;

function said(result: BattlenetRemindersQueued): string {
  const queued = result.queued === 1 ? '1 reminder queued' : `${result.queued} reminders queued`;
  return result.skipped > 0 ? `${queued}; ${result.skipped} skipped (linked already, no Discord user, or reminded in the last day).` : `${queued}.`;
}

/** Who has linked Battle.net, how much of their characters it proves, and a DM for those who have not. */
export function BattlenetCoveragePage() {
  const api = useApi();
  const [filters, setFilters] = useFilters(FILTERS);
  const linked = filters.linked === 'true' ? true : filters.linked === 'false' ? false : undefined;
  const query = { limit: PAGE_SIZE, offset: filters.offset, ...(linked !== undefined ? { linked } : {}) };
  const coverage = useResource(`battlenet-coverage:${JSON.stringify(query)}`, (signal) => api.battlenet.coverage(query, signal));
  const [sent, setSent] = useState<string | null>(null);
  const remind = useAction(async (personIds?: string[]) => {
    const result = await api.battlenet.remind(personIds);
    setSent(said(result));
    coverage.refresh();
  });

  return (
    <Page title="Battle.net coverage" intro="Members with a character in the guild: who linked Battle.net, and how many of their characters it proves. Those without a link come first.">
      <form className="filters" aria-label="Filter members" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Battle.net" name="linked" value={filters.linked} onChange={(event) => setFilters({ linked: event.target.value })}>
          <option value="">Everyone</option>
          <option value="false">Not linked</option>
          <option value="true">Linked</option>
        </SelectField>
      </form>
      <p>
        <button type="button" data-testid="remind-all" disabled={remind.pending} onClick={() => void remind.run()}>
          Remind everyone without a link
        </button>
      </p>
      <FormError error={remind.error} />
      <LiveStatus testId="remind-result">{sent}</LiveStatus>
      <AsyncContent resource={coverage} what="the coverage" isEmpty={(page) => page.items.length === 0} empty="No member matches.">
        {(page) => (
          <>
            <div className="table-wrap">
              <table className="stack-on-phone" data-testid="coverage-table">
                <caption className="visually-hidden">Battle.net coverage of the guild’s members</caption>
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Battle.net</th>
                    <th scope="col">Characters in the guild</th>
                    <th scope="col">Proved by Battle.net</th>
                    <th scope="col">Reminder</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((row: BattlenetCoverage) => (
                    <tr key={row.personId} data-testid="coverage-row" data-linked={row.linkedAt !== null}>
                      <th scope="row" data-label="Member">
                        <Link to={`/members/${row.personId}`}>{row.displayName}</Link>
                      </th>
                      <td data-label="Battle.net">{row.linkedAt ? `linked ${formatDateTime(row.linkedAt)}` : <span className="muted">not linked</span>}</td>
                      <td data-label="Characters in the guild">{row.characters}</td>
                      <td data-label="Proved by Battle.net">{row.claimedCharacters}</td>
                      <td data-label="Reminder">
                        {row.linkedAt === null && row.discordUserId ? (
                          <button type="button" className="secondary" aria-label={`Remind ${row.displayName}`} disabled={remind.pending} onClick={() => void remind.run([row.personId])}>
                            Remind
                          </button>
                        ) : row.linkedAt === null ? (
                          <span className="muted">no Discord user</span>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={page.total} limit={PAGE_SIZE} offset={filters.offset} noun="members" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}
