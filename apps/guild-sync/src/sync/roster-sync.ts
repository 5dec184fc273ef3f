import { Injectable, Logger, Optional } from '@nestjs/common';
import { Events, SyncRunStatus } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { Metrics } from '@patt/service-kit';
import { BlizzardApiError, type GuildRoster } from '../blizzard';
import { Character } from '../roster/character';
import { CharactersRepository } from '../roster/characters.repository';
import { reconcileRoster, type ProfileOutcome, type RosterReconciliation } from '../roster/roster-reconciliation';
import { RosterEventsRepository } from '../roster/roster-events.repository';
import { BlizzardAccess } from './blizzard-access';
import { BlizzardOutage, fetchProfiles } from './profile-fetch';
import { ProgressReporter } from './progress-reporter';
import { rosterSyncedParts, toRosterCharacter } from './roster-synced-parts';
import { SyncRunsRepository } from './sync-runs.repository';

/** A roster the run will not store, because believing it would do harm. */
export class ImplausibleRoster extends Error {
  override readonly name = 'ImplausibleRoster';
}

/** How a run that ran ended: what `patt_sync_runs_total{status}` counts. */
type EndedStatus = Extract<SyncRunStatus, 'succeeded' | 'partial' | 'failed'>;
const ENDED: readonly EndedStatus[] = ['succeeded', 'partial', 'failed'];

/**
 * `patt_sync_run_duration_seconds{status}` and `patt_sync_runs_total{status}`: each run this process
 * ran, from the start of its work to the commit that recorded its end (`succeeded`, `partial`) or
 * the update that marked it `failed`. Every status is there from the start, at 0.
 */
function runMetrics(metrics: Metrics) {
  const duration = metrics.histogram({
    name: 'patt_sync_run_duration_seconds',
    help: 'Blizzard roster sync runs this process ran, by how they ended (succeeded, partial, failed), and how long each took to its recorded end.',
    labelNames: ['status'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600],
  });
  const runs = metrics.counter({
    name: 'patt_sync_runs_total',
    help: 'Blizzard roster sync runs this process ran, by how they ended: succeeded, partial (some profiles unreadable), failed.',
    labelNames: ['status'],
  });
  for (const status of ENDED) {
    duration.zero({ status });
    runs.inc({ status }, 0);
  }
  return (status: EndedStatus, startedAt: number) => {
    duration.observe({ status }, (Date.now() - startedAt) / 1000);
    runs.inc({ status });
  };
}

/** How many unreadable characters a partial run names in its `error`; the rest are counted. */
const NAMED_PROFILE_ERRORS = 5;

/**
 * One Blizzard sync run, start to end (docs/architecture.md, "From a Blizzard sync to a Discord
 * role"): token and roster, every member's profile through the client's limiter (If-Modified-Since,
 * so an unchanged one costs a 304), then the new roster, its roster events, the `roster-synced`
 * parts and the run's outcome in ONE transaction. Until that commits nothing of the run is stored
 * but its progress, so a run that dies half-way leaves the previous roster as it was. Blizzard down
 * mid-run (BLIZZARD_MAX_CONSECUTIVE_FAILURES profile calls in a row without an answer) ends it
 * `failed` at once, saying so, rather than after every other profile failed too.
 */
@Injectable()
export class RosterSync {
  private readonly logger = new Logger(RosterSync.name);
  private readonly ended?: (status: EndedStatus, startedAt: number) => void;

  constructor(
    private readonly blizzard: BlizzardAccess,
    private readonly runs: SyncRunsRepository,
    private readonly characters: CharactersRepository,
    private readonly rosterEvents: RosterEventsRepository,
    private readonly events: EventPublisher,
    @Optional() metrics?: Metrics,
  ) {
    this.ended = metrics ? runMetrics(metrics) : undefined;
  }

  /** Runs a queued run to its end. Never throws: whatever goes wrong becomes the run's status. */
  async execute(runId: string, signal: AbortSignal): Promise<SyncRunStatus> {
    const startedAt = Date.now();
    const progress = new ProgressReporter((value) => this.runs.recordProgress(runId, value));
    try {
      const { client, realmSlug, guildSlug, concurrency, maxConsecutiveFailures } = this.blizzard.configuredGuild();
      await this.runs.markRunning(runId);
      const roster = await client.getGuildRoster(realmSlug, guildSlug, { signal });
      const stored = await this.characters.all();
      assertPlausible(roster, stored);

      progress.begin(new Set(roster.members.map((member) => member.id)).size);
      const lastModified = new Map(stored.map((character) => [character.blizzardId, character.profileLastModified]));
      const profiles = await fetchProfiles(client, roster.members, {
        concurrency,
        maxConsecutiveFailures,
        lastModifiedOf: (blizzardId) => lastModified.get(blizzardId) ?? null,
        signal,
        onSettled: () => progress.tick(),
      });
      await progress.settle();

      const at = new Date();
      const plan = reconcileRoster({ stored, roster, profiles, at });
      const status = plan.counts.profileErrors > 0 || plan.undecidedLeavers > 0 ? 'partial' : 'succeeded';
      await this.store(runId, plan, at, { status, error: shortfall(plan, roster, profiles), progress: progress.progress });
      // Counted once the run's end is committed: nothing is awaited for it.
      this.ended?.(status, startedAt);
      this.logger.log(
        { runId, status, counts: plan.counts, changes: plan.changes.length, seconds: Math.round((Date.now() - startedAt) / 100) / 10, blizzardSinceStart: client.metrics() },
        'roster sync finished',
      );
      return status;
    } catch (error) {
      await progress.settle();
      const message = failureMessage(error, signal);
      // Blizzard's refusals and outages, an implausible roster and a shutdown are reasons; anything else is a bug.
      if (signal.aborted || error instanceof BlizzardApiError || error instanceof BlizzardOutage || error instanceof ImplausibleRoster) {
        this.logger.warn({ runId, reason: message }, 'roster sync failed');
      } else {
        this.logger.error({ err: error, runId }, 'roster sync failed');
      }
      await this.runs.fail(runId, message).catch((failError: unknown) => this.logger.error({ err: failError, runId }, 'could not mark the run failed'));
      this.ended?.('failed', startedAt);
      return 'failed';
    }
  }

  private async store(
    runId: string,
    plan: RosterReconciliation,
    at: Date,
    outcome: { status: 'succeeded' | 'partial'; error: string | null; progress: { done: number; total: number } },
  ): Promise<void> {
    await this.characters.transaction(async (manager) => {
      // Notes are the addon uploads'; read under their lock, so none committed before is missed.
      await this.characters.lockNotes(manager);
      const notes = await this.characters.notes(manager);
      const parts = rosterSyncedParts({
        runId,
        syncedAt: at.toISOString(),
        characters: plan.members.map((character) => toRosterCharacter(character, notes.get(character.id))),
        changes: plan.changes,
      });
      await this.characters.insert(manager, plan.inserts);
      await this.characters.update(manager, plan.updates);
      await this.rosterEvents.insert(manager, runId, plan.changes);
      for (const part of parts) await this.events.emit(manager, Events.RosterSynced, part);
      await this.runs.finish(manager, runId, { status: outcome.status, counts: plan.counts, progress: outcome.progress, error: outcome.error });
    });
  }
}

/**
 * Blizzard's roster endpoint has been known to answer an empty member list for a guild that
 * exists; taking it at its word would mark the whole guild as having left.
 */
function assertPlausible(roster: GuildRoster, stored: readonly Character[]): void {
  const members = stored.filter((character) => character.inGuild).length;
  if (roster.members.length === 0 && members > 0) {
    throw new ImplausibleRoster(
      `Blizzard listed no members for ${roster.guild.name}; the stored roster of ${members} characters was kept. Try again later.`,
    );
  }
}

/** What a partial run could not read, for officers: a few names and the reasons. */
function shortfall(plan: RosterReconciliation, roster: GuildRoster, profiles: ReadonlyMap<number, ProfileOutcome>): string | null {
  const sentences: string[] = [];
  const unreadable = roster.members.flatMap((member) => {
    const outcome = profiles.get(member.id);
    return outcome?.kind === 'unreadable' ? [`${member.name}-${member.realm.slug} (${outcome.reason})`] : [];
  });
  if (plan.counts.profileErrors > 0) {
    const named = unreadable.slice(0, NAMED_PROFILE_ERRORS).join(', ');
    const more = plan.counts.profileErrors - Math.min(NAMED_PROFILE_ERRORS, unreadable.length);
    sentences.push(
      `${plan.counts.profileErrors} profile${plan.counts.profileErrors === 1 ? '' : 's'} could not be read: ${named}${more > 0 ? ` and ${more} more` : ''}; ` +
        'their other stored details were kept.',
    );
  }
  if (plan.undecidedLeavers > 0) {
    sentences.push(
      `Blizzard's roster had ${roster.skippedMembers} unreadable entries, so ${plan.undecidedLeavers} characters missing from it were not marked as left.`,
    );
  }
  return sentences.length > 0 ? sentences.join(' ') : null;
}

function failureMessage(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'The run was stopped because the guild-sync service shut down; the roster was left as it was before the run.';
  if (error instanceof ImplausibleRoster || error instanceof BlizzardOutage) return error.message;
  if (error instanceof BlizzardApiError) {
    if (error.kind === 'not-found') return `${error.message}: check GUILD_REALM_SLUG and GUILD_NAME_SLUG.`;
    return error.message.endsWith('.') ? error.message : `${error.message}.`;
  }
  return 'The run failed unexpectedly (it has been logged); the roster was left as it was before the run.';
}
