import { Injectable } from '@nestjs/common';
import { CharacterHistoryRequest, Page, RankLevel, RosterEvent, RosterEventsRequest } from '@patt/contracts';
import { ServiceException } from '@patt/service-kit';
import { CharactersRepository } from './characters.repository';
import { RosterEventsRepository } from './roster-events.repository';

/** The roster's history as officers read it: what joined, left and changed, newest first. */
@Injectable()
export class RosterHistoryService {
  constructor(
    private readonly events: RosterEventsRepository,
    private readonly characters: CharactersRepository,
  ) {}

  async list(query: RosterEventsRequest): Promise<Page<RosterEvent>> {
    const [rows, total] = await this.events.page({
      since: query.since === undefined ? undefined : new Date(query.since),
      type: query.type,
      limit: query.limit,
      offset: query.offset,
    });
    return { items: rows.map((row) => row.toRosterEvent()), total };
  }

  /**
   * Any member may read a character's history, but notes are for officers (docs/api.md, "Ranks,
   * members, characters": a character's notes are null below Officer): a reader below Officer sees that the note changed, not its text.
   */
  async ofCharacter(query: CharacterHistoryRequest, readerRank: RankLevel): Promise<Page<RosterEvent>> {
    if (!(await this.characters.exists(query.characterId))) throw ServiceException.notFound(`Character ${query.characterId}`);
    const [rows, total] = await this.events.page({ characterId: query.characterId, limit: query.limit, offset: query.offset });
    const seesNotes = readerRank >= RankLevel.Officer;
    return { items: rows.map((row) => (seesNotes ? row.toRosterEvent() : withoutNoteText(row.toRosterEvent()))), total };
  }
}

function withoutNoteText(event: RosterEvent): RosterEvent {
  return event.type === 'note_changed' ? { ...event, from: null, to: null } : event;
}
