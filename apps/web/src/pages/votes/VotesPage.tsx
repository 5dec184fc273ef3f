import { Link } from 'react-router';
import { useSession } from '../../app/session';
import type { Campaign, CampaignStatus } from '../../api/types';
import { SelectField } from '../../components/Field';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { formatDateTime, RelativeTime } from '../../components/RelativeTime';
import { AsyncContent } from '../../components/Status';
import { useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';
import { METHOD_NAMES, STATUS_NAMES, turnoutText } from './votes';

const PER_PAGE = 20;
const FILTERS = ['status'] as const;
const STATUSES: readonly CampaignStatus[] = ['live', 'closed', 'draft'];

/**
 * The guild's votes, newest first: open to everyone for the public ones, with the rank-gated ones
 * a signed-in member may see, and drafts for officers (the API decides which). Each links to its
 * page; officers start a new one here.
 */
export function VotesPage() {
  const { api, user, isOfficer } = useSession();
  const [filters, setFilters] = useFilters(FILTERS);
  const status = STATUSES.includes(filters.status as CampaignStatus) ? (filters.status as CampaignStatus) : undefined;
  const campaigns = useResource(`campaigns:${user?.id ?? 'anonymous'}:${status ?? ''}:${filters.offset}`, (signal) =>
    api.campaigns.list({ status, limit: PER_PAGE, offset: filters.offset }, signal),
  );

  return (
    <Page title="Votes" intro="The guild decides together: rank the entries, and the results come when a vote closes.">
      <div className="filters">
        <SelectField label="Show" value={status ?? ''} onChange={(event) => setFilters({ status: event.target.value })}>
          <option value="">All votes</option>
          <option value="live">Voting open</option>
          <option value="closed">Closed</option>
          {isOfficer && <option value="draft">Drafts</option>}
        </SelectField>
        {isOfficer && (
          <Link className="button" to="/votes/new">
            New vote
          </Link>
        )}
      </div>
      <AsyncContent
        resource={campaigns}
        what="the votes"
        isEmpty={(page) => page.items.length === 0}
        empty={status ? `No votes are ${STATUS_NAMES[status].toLowerCase()}.` : 'No votes yet.'}
      >
        {(page) => (
          <>
            <ul className="cards" data-testid="vote-list">
              {page.items.map((campaign) => (
                <VoteCard key={campaign.id} campaign={campaign} />
              ))}
            </ul>
            <Pager total={page.total} limit={PER_PAGE} offset={filters.offset} noun="votes" onOffset={(offset) => setFilters({ offset })} />
          </>
        )}
      </AsyncContent>
      {!user && (
        <p className="muted">
          <Link to="/login?next=%2Fvotes">Sign in</Link> to vote and to see the votes open to your rank.
        </p>
      )}
    </Page>
  );
}

function VoteCard({ campaign }: { campaign: Campaign }) {
  const titleId = `vote-${campaign.id}`;
  return (
    <li className="card vote-card" data-testid="vote" data-status={campaign.status} aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        <Link to={`/votes/${campaign.id}`}>{campaign.title}</Link>
      </h2>
      <p className="vote-facts">
        <span className={`badge status-${campaign.status}`}>{STATUS_NAMES[campaign.status]}</span>
        {campaign.viewer?.voted && <span className="badge voted-badge">You voted</span>}
        {campaign.viewer?.mayVote && <span className="badge vote-now-badge">Your vote is awaited</span>}
        <span className="muted">
          {METHOD_NAMES[campaign.method]}, top {campaign.picksPerVoter}
        </span>
      </p>
      <p className="muted">
        <When campaign={campaign} />
        {campaign.status !== 'draft' && <> · {turnoutText(campaign.stats)}</>}
      </p>
    </li>
  );
}

/** When it opens, ends or ended. */
export function When({ campaign }: { campaign: Campaign }) {
  switch (campaign.status) {
    case 'draft':
      return (
        <>
          Opens {formatDateTime(campaign.startsAt)}, for {campaign.durationHours} {campaign.durationHours === 1 ? 'hour' : 'hours'}
        </>
      );
    case 'live':
      return (
        <>
          Ends <RelativeTime iso={campaign.endsAt} /> ({formatDateTime(campaign.endsAt)})
        </>
      );
    case 'closed':
      return (
        <>
          Closed <RelativeTime iso={campaign.closedAt ?? campaign.endsAt} />
        </>
      );
  }
}
