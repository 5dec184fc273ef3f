import { Link } from 'react-router';
import { useApi } from '../../app/session';
import type { IssueFilter } from '../../api/endpoints';
import type { IntegrityIssue, IssueSeverity } from '../../api/types';
import { SelectField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { RelativeTime } from '../../components/RelativeTime';
import { AsyncContent } from '../../components/Status';
import { PAGE_SIZE, useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';

const FILTERS = ['type', 'severity', 'resolved'] as const;

/** The issue types docs/api.md names; the API may add more, which show as they come. */
export const ISSUE_TYPES: Record<string, string> = {
  orphan_character: 'Character without a Discord user',
  orphan_discord: 'Discord user without a character',
  role_mismatch: 'Discord role does not match rank',
  no_guild_role: 'No guild role on Discord',
  stale_character: 'Character not seen for long',
  rank_changed: 'Rank changed',
  claim_conflict: 'Battle.net claim conflict',
};

const SEVERITIES: IssueSeverity[] = ['critical', 'warning', 'info'];

/** What the integrity check found wrong between the roster, Discord and the links. */
export function IssuesPage() {
  const api = useApi();
  const [filters, setFilters] = useFilters(FILTERS);
  // Open issues unless the address asks for the resolved ones.
  const resolved = filters.resolved === 'true' ? 'true' : 'false';
  const query: IssueFilter = {
    type: filters.type || undefined,
    severity: (filters.severity || undefined) as IssueSeverity | undefined,
    resolved: resolved === 'true',
    limit: PAGE_SIZE,
    offset: filters.offset,
  };
  const issues = useResource(`issues:${JSON.stringify(query)}`, (signal) => api.identity.issues(query, signal));

  return (
    <Page title="Integrity issues">
      <form className="filters" aria-label="Filter issues" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Type" name="type" value={filters.type} onChange={(event) => setFilters({ type: event.target.value })}>
          <option value="">All types</option>
          {Object.entries(ISSUE_TYPES).map(([type, label]) => (
            <option key={type} value={type}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Severity" name="severity" value={filters.severity} onChange={(event) => setFilters({ severity: event.target.value })}>
          <option value="">All severities</option>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {severity}
            </option>
          ))}
        </SelectField>
        <SelectField label="State" name="resolved" value={resolved} onChange={(event) => setFilters({ resolved: event.target.value === 'false' ? '' : event.target.value })}>
          <option value="false">Open</option>
          <option value="true">Resolved</option>
        </SelectField>
      </form>
      <AsyncContent resource={issues} what="the issues" isEmpty={(page) => page.items.length === 0} empty="No issues match these filters.">
        {(page) => (
          <>
            <ul className="cards" data-testid="issue-list">
              {page.items.map((issue) => (
                <IssueCard key={issue.id} issue={issue} />
              ))}
            </ul>
            <Pager total={page.total} limit={PAGE_SIZE} offset={filters.offset} noun="issues" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
    </Page>
  );
}

function IssueCard({ issue }: { issue: IntegrityIssue }) {
  return (
    <li className="card" data-testid="issue" data-severity={issue.severity}>
      <p className="card-title">
        <span className={`badge severity-${issue.severity}`}>{issue.severity}</span> {ISSUE_TYPES[issue.type] ?? issue.type}
      </p>
      <p>{issue.summary}</p>
      <p className="muted">
        First seen <RelativeTime iso={issue.firstDetectedAt} />, last seen <RelativeTime iso={issue.lastDetectedAt} />
        {issue.resolvedAt && (
          <>
            , resolved <RelativeTime iso={issue.resolvedAt} />
          </>
        )}
        .
      </p>
      <p className="actions">
        {issue.personId && <Link to={`/members/${issue.personId}`}>Open the member</Link>}
        {!issue.resolvedAt && !issue.personId && (issue.characterId || issue.discordUserId) && (
          <Link to={`/officer/links?${new URLSearchParams(linkTarget(issue)).toString()}`}>Link by hand</Link>
        )}
      </p>
    </li>
  );
}

function linkTarget(issue: IntegrityIssue): Record<string, string> {
  const target: Record<string, string> = {};
  if (issue.characterId) target['characterId'] = issue.characterId;
  if (issue.discordUserId) target['discordUserId'] = issue.discordUserId;
  return target;
}
