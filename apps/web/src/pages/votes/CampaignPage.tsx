import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import type { Ballot, Campaign, Entry } from '../../api/types';
import { Page } from '../../components/Page';
import { ProgressBar } from '../../components/ProgressBar';
import { formatDateTime } from '../../components/RelativeTime';
import { AsyncContent, ErrorMessage, LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { usePoll } from '../../hooks/usePoll';
import { useResource } from '../../hooks/useResource';
import { BallotForm } from './BallotForm';
import { EntryPicture } from './EntryPicture';
import { Results } from './Results';
import { When } from './VotesPage';
import { CLOSE_REASONS, METHOD_NAMES, ordinal, STATUS_NAMES, turnoutText, useRankNames } from './votes';

type WithEntries = Campaign & { entries: Entry[] };

/**
 * One vote. While it is open a member who may vote ranks the entries and casts a ballot; then
 * they see it, and the standings so far (the API shows them only to those who voted). Once it has
 * closed, everyone who may see the vote sees the podium, the points and, for instant runoff, the
 * rounds. Officers watch the turnout and close it. An open vote is looked at again every
 * `pollMs`, so the standings move and a close shows without a reload.
 */
export function CampaignPage({ pollMs = 10_000 }: { pollMs?: number }) {
  const { id = '' } = useParams();
  const { api, user } = useSession();
  const campaign = useResource(`campaign:${id}:${user?.id ?? 'anonymous'}`, (signal) => api.campaigns.get(id, signal));
  const title = campaign.status === 'ready' ? campaign.data.title : 'Vote';
  return (
    <Page title={title}>
      <p>
        <Link to="/votes">All votes</Link>
      </p>
      <AsyncContent resource={campaign} what="the vote">
        {(data) => <CampaignView campaign={{ ...data, entries: data.entries ?? [] }} onChange={(fresh) => campaign.update(() => fresh)} pollMs={pollMs} />}
      </AsyncContent>
    </Page>
  );
}

function CampaignView({ campaign, onChange, pollMs }: { campaign: WithEntries; onChange(campaign: Campaign): void; pollMs: number }) {
  const { api, user, isOfficer } = useSession();
  const rankName = useRankNames();
  const [announcement, setAnnouncement] = useState('');
  /** The ballot this page just cast: shown at once, before the API is asked for it. */
  const [justCast, setJustCast] = useState<Ballot | null>(null);
  const voted = campaign.viewer?.voted ?? false;
  const showResults = campaign.status === 'closed' || (campaign.status === 'live' && voted);
  const results = useResource(`results:${campaign.id}:${campaign.status}:${showResults}`, (signal) =>
    showResults ? api.campaigns.results(campaign.id, signal) : Promise.resolve(null),
  );
  const ballot = useResource(`ballot:${campaign.id}:${voted}`, (signal) =>
    voted && !justCast ? api.campaigns.myBallot(campaign.id, signal) : Promise.resolve(null),
  );

  usePoll(
    async () => {
      const fresh = await api.campaigns.get(campaign.id);
      onChange(fresh);
      if (fresh.status === 'closed') setAnnouncement('Voting has closed: the results are final.');
      if (fresh.status === 'live' && fresh.viewer?.voted) {
        const standings = await api.campaigns.results(campaign.id);
        results.update(() => standings);
      }
    },
    pollMs,
    campaign.status === 'live',
  );

  const onCast = async (cast: Ballot) => {
    setJustCast(cast);
    setAnnouncement('Your ballot is cast.');
    onChange(await api.campaigns.get(campaign.id).catch(() => ({ ...campaign, viewer: { voted: true, mayVote: false } })));
  };

  return (
    <>
      <div className="vote-header" data-testid="vote-header">
        <p className="vote-facts">
          <span className={`badge status-${campaign.status}`} data-testid="vote-status">
            {STATUS_NAMES[campaign.status]}
          </span>
          <span className="muted">
            {METHOD_NAMES[campaign.method]}, top {campaign.picksPerVoter} · <When campaign={campaign} />
          </span>
        </p>
        {campaign.description && <p className="vote-description">{campaign.description}</p>}
        <p className="muted">
          Who may vote: {rankName(campaign.minRankToVote)} and above
          {campaign.minRankToView !== null && <> · only {rankName(campaign.minRankToView)} and above see this vote</>}.
        </p>
      </div>
      <LiveStatus testId="vote-announcement">{announcement}</LiveStatus>
      {isOfficer && <OfficerPanel campaign={campaign} onChange={onChange} onAnnounce={setAnnouncement} />}

      {campaign.status === 'draft' && <EntryList entries={campaign.entries} title="Entries" />}

      {campaign.status === 'live' && (
        <>
          {campaign.viewer?.mayVote && !voted ? (
            <BallotForm campaign={campaign} onCast={(cast) => void onCast(cast)} />
          ) : (
            <>
              {!voted && <WhyNoBallot campaign={campaign} signedIn={user !== null} rankName={rankName} />}
              {!voted && <EntryList entries={campaign.entries} title="Entries" />}
            </>
          )}
          {voted && (
            <>
              <MyBallot ballot={justCast ?? (ballot.status === 'ready' ? ballot.data : null)} entries={campaign.entries} focus={justCast !== null} />
              <section aria-labelledby="standings-title">
                <h2 id="standings-title">Standings so far</h2>
                <p className="hint">Not final: ballots still come in until the vote closes.</p>
                <AsyncContent resource={results} what="the standings">
                  {(data) => data && <Results results={data} />}
                </AsyncContent>
              </section>
            </>
          )}
        </>
      )}

      {campaign.status === 'closed' && (
        <>
          <section aria-labelledby="results-title">
            <h2 id="results-title">Results</h2>
            {campaign.closeReason && (
              <p className="muted">
                {CLOSE_REASONS[campaign.closeReason]} {campaign.closedAt && <>Closed {formatDateTime(campaign.closedAt)}.</>}
              </p>
            )}
            <AsyncContent resource={results} what="the results">
              {(data) => data && <Results results={data} />}
            </AsyncContent>
          </section>
          {voted && <MyBallot ballot={justCast ?? (ballot.status === 'ready' ? ballot.data : null)} entries={campaign.entries} focus={false} />}
        </>
      )}
    </>
  );
}

/** Why there is no ballot to fill in: not signed in, rank too low, or not a member who may vote. */
function WhyNoBallot({ campaign, signedIn, rankName }: { campaign: Campaign; signedIn: boolean; rankName(level: number): string }) {
  const { user } = useSession();
  if (!signedIn) {
    return (
      <p className="panel notice" data-testid="sign-in-to-vote">
        <Link to={`/login?next=${encodeURIComponent(`/votes/${campaign.id}`)}`}>Sign in</Link> to vote.
      </p>
    );
  }
  const below = (user?.rank.level ?? 0) < campaign.minRankToVote;
  return (
    <p className="panel notice" data-testid="cannot-vote">
      {below
        ? `Only ${rankName(campaign.minRankToVote)} and above vote in this one; you can follow it here.`
        : 'Your account cannot vote in this one (it needs an account linked to a guild member). You can follow it here.'}
    </p>
  );
}

function EntryList({ entries, title }: { entries: readonly Entry[]; title: string }) {
  return (
    <section aria-labelledby="entry-list-title">
      <h2 id="entry-list-title">
        {title} ({entries.length})
      </h2>
      {entries.length === 0 ? (
        <p className="muted">No entries yet.</p>
      ) : (
        <ul className="entry-choices" data-testid="entry-list">
          {entries.map((entry) => (
            <li key={entry.id} className="entry-choice">
              <EntryPicture entry={entry} />
              <div className="entry-text">
                <span className="entry-name">{entry.name}</span>
                {entry.description && <span className="hint">{entry.description}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The member's own ballot, in their order; its heading takes focus right after casting (the form it replaces had it). */
function MyBallot({ ballot, entries, focus }: { ballot: Ballot | null; entries: readonly Entry[]; focus: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);
  const nameOf = (entryId: string) => entries.find((entry) => entry.id === entryId)?.name ?? 'An entry no longer listed';
  return (
    <section aria-labelledby="my-ballot-title" className="panel" data-testid="my-ballot">
      <h2 id="my-ballot-title" ref={heading} tabIndex={-1}>
        Your ballot
      </h2>
      {ballot ? (
        <>
          <ol className="my-picks">
            {[...ballot.picks]
              .sort((a, b) => a.rank - b.rank)
              .map((pick) => (
                <li key={pick.entryId} data-testid="my-pick">
                  <span className="muted">{ordinal(pick.rank)}:</span> {nameOf(pick.entryId)}
                </li>
              ))}
          </ol>
          <p className="hint">Cast {formatDateTime(ballot.castAt)}. A ballot is final.</p>
        </>
      ) : (
        <p className="muted">You have voted.</p>
      )}
    </section>
  );
}

/** What officers do with a vote: edit a draft, watch an open one's turnout and close it, delete one that is not open. */
function OfficerPanel({ campaign, onChange, onAnnounce }: { campaign: WithEntries; onChange(campaign: Campaign): void; onAnnounce(text: string): void }) {
  const { api } = useSession();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState<'close' | 'delete' | null>(null);
  const close = useAction(() => api.campaigns.close(campaign.id));
  const remove = useAction(() => api.campaigns.remove(campaign.id));

  const onClose = async () => {
    const closed = await close.run();
    setConfirming(null);
    if (!closed) return;
    onChange(closed);
    onAnnounce('Voting closed: the results are final.');
  };
  const onDelete = async () => {
    const done = await remove.run();
    if (done === undefined) return;
    void navigate('/votes', { replace: true });
  };

  return (
    <section aria-labelledby="officer-title" className="panel officer-panel" data-testid="officer-panel">
      <h2 id="officer-title">For officers</h2>
      {campaign.status === 'draft' && (
        <p>
          <Link className="button" to={`/votes/${campaign.id}/edit`}>
            Edit the draft
          </Link>{' '}
          <span className="muted">Entries and settings change only while it is a draft; open it from there.</span>
        </p>
      )}
      {campaign.status !== 'draft' && (
        <div data-testid="turnout">
          <ProgressBar value={campaign.stats.voted} max={campaign.stats.eligible} label="Turnout" />
          <p className="muted" data-testid="turnout-text">
            {turnoutText(campaign.stats)}
            {campaign.status === 'live' ? ' so far; eligible: members with an account at or above the vote’s rank.' : '.'}
          </p>
        </div>
      )}
      {campaign.status === 'live' && (
        <div className="actions">
          {confirming === 'close' ? (
            <>
              <button type="button" className="danger" onClick={() => void onClose()} disabled={close.pending}>
                {close.pending ? 'Closing…' : 'Close voting now: the results become final'}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                Keep it open
              </button>
            </>
          ) : (
            <button type="button" className="secondary" onClick={() => setConfirming('close')}>
              Close voting now
            </button>
          )}
        </div>
      )}
      {campaign.status === 'closed' && (
        <div className="actions">
          {confirming === 'delete' ? (
            <button type="button" className="danger" onClick={() => void onDelete()} disabled={remove.pending}>
              Delete this vote and its results for good
            </button>
          ) : (
            <button type="button" className="secondary" onClick={() => setConfirming('delete')}>
              Delete this vote
            </button>
          )}
        </div>
      )}
      {close.error && <ErrorMessage error={close.error} />}
      {remove.error && <ErrorMessage error={remove.error} />}
    </section>
  );
}
