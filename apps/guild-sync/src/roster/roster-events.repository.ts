import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { RosterChange, RosterEventType } from '@patt/contracts';
import { RosterEventEntity } from './roster-event.entity';

export interface RosterEventFilter {
  since?: Date;
  type?: RosterEventType;
  characterId?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class RosterEventsRepository {
  constructor(@InjectRepository(RosterEventEntity) private readonly events: Repository<RosterEventEntity>) {}

  /** A run's roster events, in the order the run found them. */
  async insert(manager: EntityManager, runId: string | null, changes: readonly RosterChange[]): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `INSERT INTO roster_events (run_id, character_id, type, character_name, realm_slug, from_value, to_value, at)
       SELECT $1::uuid, v.character_id, v.type, v.character_name, v.realm_slug, v.from_value, v.to_value, v.at
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
              WITH ORDINALITY AS v(character_id, type, character_name, realm_slug, from_value, to_value, at, n)
        ORDER BY v.n`,
      [
        runId,
        changes.map((c) => c.characterId),
        changes.map((c) => c.type),
        changes.map((c) => c.characterName),
        changes.map((c) => c.realmSlug),
        changes.map((c) => c.from),
        changes.map((c) => c.to),
        changes.map((c) => c.at),
      ],
    );
  }

  /** Newest first. */
  page(filter: RosterEventFilter): Promise<[RosterEventEntity[], number]> {
    const query = this.events.createQueryBuilder('event');
    if (filter.since) query.andWhere('event.at >= :since', { since: filter.since });
    if (filter.type) query.andWhere('event.type = :type', { type: filter.type });
    if (filter.characterId) query.andWhere('event.character_id = :characterId', { characterId: filter.characterId });
    return query.orderBy('event.at', 'DESC').addOrderBy('event.seq', 'DESC').limit(filter.limit).offset(filter.offset).getManyAndCount();
  }
}
