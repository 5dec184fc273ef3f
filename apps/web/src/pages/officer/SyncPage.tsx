import { useEffect, useState } from 'react';
import { useApi } from '../../app/session';
import { ApiError, asApiError } from '../../api/errors';
import type { SyncRun, SyncRunCounts, SyncRunStatus } from '../../api/types';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { ProgressBar } from '../../components/ProgressBar';
import { formatDateTime, RelativeTime } from '../../components/RelativeTime';
import { AsyncContent, ErrorMessage, LiveStatus } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useFilters } from '../../hooks/useFilters';
import { useResource } from '../../hooks/useResource';

const RUNS_PER_PAGE = 20;
const NO_FILTERS = [] as const;
const FINISHED: readonly SyncRunStatus[] = ['succeeded', 'partial', 'failed'];

const STATUS_NAMES: Record<SyncRunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Finished with errors',
  failed: 'Failed',
};

const COUNT_NAMES: Record<keyof SyncRunCounts, string> = {
  found: 'Found',
  added: 'Added',
  updated: 'Updated',
  removed: 'Removed',
  rankChanges: 'Rank changes',
  notModified: 'Unchanged',
  profileErrors: 'Profile errors',
};

export const isFinished = (run: SyncRun): boolean => FINISHED.includes(run.status);

const finishedSentence = (run: SyncRun): string => `Sync finished: ${STATUS_NAMES[run.status].toLowerCase()}.`;

/** The running run's id from a 409 SYNC_IN_PROGRESS (`details: [{runId}]`), if that is what the error is. */
function runningRunId(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'SYNC_IN_PROGRESS') return null;
  const runId = (error.details[0] as { runId?: unknown } | undefined)?.runId;
  return typeof runId === 'string' ? runId : null;
}

interface Started {
  run: SyncRun;
  /** The API's sentence when a run was already going and this page follows it instead. */
  alreadyRunning: string | null;
}

/**
 * The roster sync: start one and watch it (the run is polled every `pollMs` until it finishes,
 * then its counts are shown), and the runs so far. A run already going when the page opens, or
 * when Start answers 409, is followed the same way.
 */
export function SyncPage({ pollMs = 1000 }: { pollMs?: number }) {
  const api = useApi();
  const [filters, setFilters] = useFilters(NO_FILTERS);
  /** The run this page started or followed, as last polled. */
  const [latestRun, setLatestRun] = useState<SyncRun | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [pollError, setPollError] = useState<ApiError | null>(null);
  const status = useResource('guild-sync:status', (signal) => api.guildSync.status(signal));
  const runs = useResource(`guild-sync:runs:${filters.offset}`, (signal) => api.guildSync.runs({ limit: RUNS_PER_PAGE, offset: filters.offset }, signal));
  const start = useAction(async (): Promise<Started> => {
    try {
      return { run: await api.guildSync.start(), alreadyRunning: null };
    } catch (error) {
      const runId = runningRunId(error);
      if (runId === null) throw error;
      return { run: await api.guildSync.run(runId), alreadyRunning: (error as ApiError).message };
    }
  });

  // A run that was already going when the page opened is followed too, until the page has one of its own.
  const lastBlizzardRun = status.status === 'ready' ? status.data.lastRuns.blizzard : null;
  const run = latestRun ?? (lastBlizzardRun && !isFinished(lastBlizzardRun) ? lastBlizzardRun : null);

  const reloadRuns = runs.reload;
  const runId = run?.id ?? null;
  const active = run !== null && !isFinished(run);
  useEffect(() => {
    if (runId === null || !active) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const next = await api.guildSync.run(runId);
        if (cancelled) return;
        setPollError(null);
        setLatestRun(next);
        if (!isFinished(next)) {
          timer = setTimeout(() => void poll(), pollMs);
          return;
        }
        setAnnouncement(finishedSentence(next));
        reloadRuns();
      } catch (error) {
        if (cancelled) return;
        // Keep following: a gateway restart or a lost connection should not end the watch.
        setPollError(asApiError(error));
        timer = setTimeout(() => void poll(), pollMs * 3);
      }
    };
    timer = setTimeout(() => void poll(), pollMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, runId, active, pollMs, reloadRuns]);

  const onStart = async () => {
    setAnnouncement('');
    const started = await start.run();
    if (!started) return;
    setLatestRun(started.run);
    // A run can be over by the time it is read (the one a 409 pointed at, most likely).
    setAnnouncement(isFinished(started.run) ? finishedSentence(started.run) : (started.alreadyRunning ?? 'Sync started.'));
    reloadRuns();
  };

  return (
    <Page title="Roster sync" intro="Reads the guild roster and every character's profile from Blizzard.">
      <section aria-labelledby="sync-now" className="panel">
        <h2 id="sync-now">Sync now</h2>
        <div className="actions">
          <button type="button" onClick={() => void onStart()} disabled={start.pending || active} data-testid="start-sync">
            {start.pending ? 'Starting…' : 'Start sync'}
          </button>
          {status.status === 'ready' && (
            <span className="muted">
              Next scheduled sync: {status.data.nextScheduledAt ? <RelativeTime iso={status.data.nextScheduledAt} /> : 'none scheduled'}.
            </span>
          )}
        </div>
        {start.error && <ErrorMessage error={start.error} />}
        <LiveStatus testId="sync-announcement">{announcement}</LiveStatus>
        {run && <RunProgress run={run} />}
        {pollError && active && <ErrorMessage error={pollError} />}
      </section>
      <section aria-labelledby="sync-runs">
        <h2 id="sync-runs">Runs</h2>
        <AsyncContent resource={runs} what="the runs" isEmpty={(page) => page.items.length === 0} empty="No sync has run yet.">
          {(page) => (
            <>
              <RunsTable runs={page.items} />
              <Pager total={page.total} limit={RUNS_PER_PAGE} offset={filters.offset} noun="runs" onOffset={(offset) => setFilters({ offset })} />
            </>
          )}
        </AsyncContent>
      </section>
    </Page>
  );
}

function RunProgress({ run }: { run: SyncRun }) {
  const { done, total } = run.progress;
  return (
    <div className="run-progress" data-testid="sync-run" data-status={run.status}>
      <p>
        <strong data-testid="sync-status">{STATUS_NAMES[run.status]}</strong>
        {total > 0 && ` · ${done} of ${total} characters`}
      </p>
      {/* A run that ended before the roster was in (total 0) has no progress to show. */}
      {!(isFinished(run) && total === 0) && <ProgressBar value={done} max={total} label="Roster sync progress" />}
      {isFinished(run) && (
        <>
          <dl className="counts" data-testid="sync-counts">
            {(Object.keys(COUNT_NAMES) as Array<keyof SyncRunCounts>).map((key) => (
              <div key={key}>
                <dt>{COUNT_NAMES[key]}</dt>
                <dd data-count={key}>{run.counts[key]}</dd>
              </div>
            ))}
          </dl>
          {run.error && <p className="status error">{run.error}</p>}
        </>
      )}
    </div>
  );
}

function RunsTable({ runs }: { runs: readonly SyncRun[] }) {
  return (
    <div className="table-wrap">
      <table className="stack-on-phone" data-testid="runs-table">
        <caption className="visually-hidden">Sync runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Source</th>
            <th scope="col">Trigger</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Found</th>
            <th scope="col">Added</th>
            <th scope="col">Updated</th>
            <th scope="col">Removed</th>
            <th scope="col">Rank changes</th>
            <th scope="col">Finished</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-testid="run-row" data-status={run.status}>
              <th scope="row" data-label="Started">
                {run.startedAt ? formatDateTime(run.startedAt) : 'not yet'}
              </th>
              <td data-label="Source">{run.source}</td>
              <td data-label="Trigger">{run.trigger}</td>
              <td data-label="Status" title={run.error ?? undefined}>
                {STATUS_NAMES[run.status]}
              </td>
              <td data-label="Progress">
                {run.progress.done} / {run.progress.total}
              </td>
              <td data-label="Found">{run.counts.found}</td>
              <td data-label="Added">{run.counts.added}</td>
              <td data-label="Updated">{run.counts.updated}</td>
              <td data-label="Removed">{run.counts.removed}</td>
              <td data-label="Rank changes">{run.counts.rankChanges}</td>
              <td data-label="Finished">{run.finishedAt ? formatDateTime(run.finishedAt) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
