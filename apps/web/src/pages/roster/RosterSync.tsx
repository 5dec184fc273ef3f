import { useEffect, useEffectEvent, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../app/session';
import type { SyncRun } from '../../api/types';
import { ProgressBar } from '../../components/ProgressBar';
import { LiveStatus } from '../../components/Status';
import { isFinished } from '../officer/SyncPage';

/** After a sync ends, identity applies the roster and matches it: the list keeps filling in this long. */
export const FILLING_IN_MS = 30_000;

export interface RosterSync {
  /** The Blizzard sync going on now, as last polled; null when none is. */
  running: SyncRun | null;
  /** The sync that ended while the page was open, for this long after (the list still fills in). */
  finished: SyncRun | null;
}

/**
 * Follows the roster sync for the roster page (officers only: runs are an officer's reading). A
 * sync going on is polled every `pollMs` until it ends; with the roster still empty, the status is
 * asked every `pollMs` too, so a sync that starts by itself (a first start) shows at once.
 * `onChange` is called while a sync runs or fills in, every `pollMs`, to read the list again.
 */
export function useRosterSync({ enabled, rosterEmpty, pollMs, onChange }: { enabled: boolean; rosterEmpty: boolean; pollMs: number; onChange(): void }): RosterSync {
  const api = useApi();
  const [running, setRunning] = useState<SyncRun | null>(null);
  const [finished, setFinished] = useState<{ run: SyncRun; at: number } | null>(null);
  const changed = useEffectEvent(onChange);
  const filling = finished !== null;
  const watching = enabled && (running !== null || rosterEmpty || filling);

  // Whether a sync is going on: once on arrival, then while there is reason to look.
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      try {
        const status = await api.guildSync.status(controller.signal);
        const last = status.lastRuns.blizzard;
        if (last && !isFinished(last)) {
          // From here the run itself is polled.
          if (!controller.signal.aborted) setRunning(last);
          return;
        }
      } catch {
        // Not being able to read the status hides the progress, nothing more.
      }
      if (!controller.signal.aborted && rosterEmpty) timer = setTimeout(() => void look(), pollMs);
    };
    void look();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api, enabled, rosterEmpty, pollMs]);

  // The run in hand, polled until it ends; then the list fills in for a while.
  const runId = running?.id ?? null;
  useEffect(() => {
    if (!runId) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      api.guildSync.run(runId, controller.signal).then(
        (run) => {
          if (controller.signal.aborted) return;
          if (isFinished(run)) {
            setRunning(null);
            setFinished({ run, at: Date.now() });
          } else {
            setRunning(run);
          }
        },
        () => undefined,
      );
    }, pollMs);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [api, runId, pollMs]);

  // While a sync runs or its roster is being applied and matched, the list is read again.
  useEffect(() => {
    if (!watching || (!running && !filling)) return;
    const timer = setInterval(() => {
      changed();
      if (finished && Date.now() - finished.at > FILLING_IN_MS) setFinished(null);
    }, pollMs);
    return () => clearInterval(timer);
  }, [watching, running, filling, finished, pollMs]);

  return { running, finished: finished?.run ?? null };
}

/** What the roster page says about a sync in progress, or one that just ended. */
export function RosterSyncStatus({ sync }: { sync: RosterSync }) {
  if (sync.running) {
    const { done, total } = sync.running.progress;
    return (
      <section className="roster-sync" aria-label="Roster sync" data-testid="roster-sync" data-status={sync.running.status}>
        <p>
          The roster is being synced from Blizzard{total > 0 ? `: ${done} of ${total} characters read` : ''}. The characters appear here when it
          ends, and their members as they are matched.
        </p>
        <ProgressBar value={done} max={total} label="Roster sync progress" />
        <p className="muted">
          Follow it on the <Link to="/officer/sync">Sync</Link> page.
        </p>
      </section>
    );
  }
  if (sync.finished) {
    return (
      <section className="roster-sync" aria-label="Roster sync" data-testid="roster-sync" data-status={sync.finished.status}>
        <LiveStatus testId="roster-sync-outcome">
          The roster sync {sync.finished.status === 'failed' ? 'failed' : `found ${sync.finished.counts.found} characters`}; members are matched
          as the list fills in.
        </LiveStatus>
      </section>
    );
  }
  return null;
}
