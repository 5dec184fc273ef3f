import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AddonUpload, AddonUploadResult, ErrorCode, Events } from '@patt/contracts';
import { EventPublisher } from '@patt/messaging';
import { ServiceException } from '@patt/service-kit';
import { CharactersRepository } from '../roster/characters.repository';
import { RosterEventsRepository } from '../roster/roster-events.repository';
import { toRosterCharacter } from '../sync/roster-synced-parts';
import { NO_COUNTS } from '../sync/sync-run.entity';
import { planAddonChanges } from './addon-changes';
import { matchAddonMembers } from './addon-matching';
import { AddonUploadsRepository } from './addon-uploads.repository';

/**
 * How far ahead of this server's clock an export may be dated. The time comes from the clock of
 * the player's computer; one set years ahead would otherwise make every later, real export look
 * "not newer" and be ignored.
 */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/**
 * Applies a validated PATTSync export (the gateway parsed the file) as one `addon` run, in ONE
 * transaction: the run, the notes and online data of every matched character, a `note_changed`
 * roster event per changed guild note, and a `character-changed` event (source `addon`) per
 * character whose guild or officer note changed. If anything fails, nothing of it is stored.
 * An export not newer than the last applied one is recorded as a run that changed nothing.
 */
@Injectable()
export class AddonUploadsService {
  constructor(
    private readonly uploads: AddonUploadsRepository,
    private readonly characters: CharactersRepository,
    private readonly rosterEvents: RosterEventsRepository,
    private readonly events: EventPublisher,
  ) {}

  apply(upload: AddonUpload): Promise<AddonUploadResult> {
    const exportedAt = exportDate(upload.exportTime);
    return this.characters.transaction((manager) => this.applyIn(manager, upload, exportedAt));
  }

  private async applyIn(manager: EntityManager, upload: AddonUpload, exportedAt: Date): Promise<AddonUploadResult> {
    // One upload at a time (so "newer than the last applied" holds across replicas), and ordered
    // with the Blizzard runs' roster-synced events, which carry the notes too.
    await this.characters.lockNotes(manager);
    const runId = randomUUID();
    const at = new Date();
    const { matched, notFound } = matchAddonMembers(upload.characters, await this.uploads.characters(manager));
    const found = upload.characters.length;
    const summary = { exportedAt: exportedAt.toISOString(), addonVersion: upload.addonVersion, guildName: upload.guildName, matched: matched.length, notFound: notFound.length };

    const lastApplied = await this.uploads.lastAppliedExport(manager);
    if (lastApplied !== null && exportedAt.getTime() <= lastApplied.getTime()) {
      const reason =
        `This export (${summary.exportedAt}) is not newer than the last applied one (${lastApplied.toISOString()}), ` +
        'so nothing was changed. Export again in game (/pattsync force, then /reload) and upload the new file.';
      await this.uploads.insertRun(manager, {
        id: runId,
        members: found,
        counts: { ...NO_COUNTS, found, notModified: matched.length },
        upload: { ...summary, applied: false, reason },
      });
      return { runId, matched: matched.length, updated: 0, notFound: notFound.length, applied: false };
    }

    const plan = planAddonChanges(matched, at);
    await this.uploads.insertRun(manager, {
      id: runId,
      members: found,
      counts: { ...NO_COUNTS, found, updated: plan.changed.length, notModified: matched.length - plan.changed.length },
      upload: { ...summary, applied: true, reason: null },
    });
    await this.uploads.storeCharacterData(manager, plan.rows, at);
    await this.rosterEvents.insert(manager, runId, plan.rosterChanges);
    for (const { character, notes } of plan.changed) {
      await this.events.emit(manager, Events.CharacterChanged, {
        character: toRosterCharacter(character, notes),
        source: 'addon',
        runId,
        changedAt: at.toISOString(),
      });
    }
    return { runId, matched: matched.length, updated: plan.changed.length, notFound: notFound.length, applied: true };
  }
}

/** The export's time, refused when it lies in the future (see FUTURE_TOLERANCE_MS). */
function exportDate(exportTime: number): Date {
  const exportedAt = new Date(exportTime * 1000);
  if (Number.isNaN(exportedAt.getTime()) || exportedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
    const problem = `exportTime ${exportTime} is in the future (${Number.isNaN(exportedAt.getTime()) ? 'beyond any date' : exportedAt.toISOString()})`;
    throw new ServiceException(
      ErrorCode.ValidationFailed,
      `The export's exportTime ${exportTime} lies in the future: check the clock of the computer that ran the game, export again and upload the new file. Nothing was applied.`,
      [{ field: 'exportTime', problems: [problem] }],
    );
  }
  return exportedAt;
}
