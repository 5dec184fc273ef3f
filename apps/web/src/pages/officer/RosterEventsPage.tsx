import { useApi } from '../../app/session';
import type { RosterEventFilter } from '../../api/endpoints';
import type { RosterEventType } from '../../api/types';
import { SelectField, TextField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { formatDateTime } from '../../components/RelativeTime';
import { describeRosterEvent, ROSTER_EVENT_NAMES } from '../../components/rosterEvents';
import { AsyncContent } from '../../components/Status';
import { PAGE_SIZE, useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';

const FILTERS = ['type', 'since'] as const;

/** Joins, leaves, rank changes, renames… across the roster, newest first. */
export function RosterEventsPage() {
  const api = useApi();
  const [filters, setFilters] = useFilters(FILTERS);
  const query: RosterEventFilter = {
    type: (filters.type || undefined) as RosterEventType | undefined,
    // A day picked in the form is that day from midnight UTC, the API's clock.
    since: filters.since ? `${filters.since}T00:00:00.000Z` : undefined,
    limit: PAGE_SIZE,
    offset: filters.offset,
  };
  const events = useResource(`roster-events:${JSON.stringify(query)}`, (signal) => api.guildSync.rosterEvents(query, signal));

  return (
    <Page title="Roster events">
      <form className="filters" aria-label="Filter roster events" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Type" name="type" value={filters.type} onChange={(event) => setFilters({ type: event.target.value })}>
          <option value="">All events</option>
          {Object.entries(ROSTER_EVENT_NAMES).map(([type, name]) => (
            <option key={type} value={type}>
              {name}
            </option>
          ))}
        </SelectField>
        <TextField label="Since" name="since" type="date" value={filters.since} onChange={(event) => setFilters({ since: event.target.value })} hint="From the start of this day (UTC)" />
      </form>
      <AsyncContent resource={events} what="the roster events" isEmpty={(page) => page.items.length === 0} empty="No roster events match these filters.">
        {(page) => (
          <>
            <div className="table-wrap">
              <table className="stack-on-phone" data-testid="roster-events-table">
                <caption className="visually-hidden">Roster events, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Character</th>
                    <th scope="col">What happened</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((event) => (
                    <tr key={event.id} data-testid="roster-event" data-type={event.type}>
                      <td data-label="When">
                        <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                      </td>
                      <th scope="row" data-label="Character">
                        {event.characterName} <span className="muted">– {event.realmSlug}</span>
                      </th>
                      <td data-label="What happened" className="wide">{describeRosterEvent(event)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={page.total} limit={PAGE_SIZE} offset={filters.offset} noun="events" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}
