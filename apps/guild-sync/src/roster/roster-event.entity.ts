import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RosterEvent, RosterEventType } from '@patt/contracts';

@Entity({ name: 'roster_events' })
export class RosterEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Insertion order; events of one run share their time. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId!: string | null;

  @Column({ name: 'character_id', type: 'uuid' })
  characterId!: string;

  @Column({ type: 'text' })
  type!: RosterEventType;

  @Column({ name: 'character_name', type: 'text' })
  characterName!: string;

  @Column({ name: 'realm_slug', type: 'text' })
  realmSlug!: string;

  @Column({ name: 'from_value', type: 'text', nullable: true })
  from!: string | null;

  @Column({ name: 'to_value', type: 'text', nullable: true })
  to!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  toRosterEvent(): RosterEvent {
    return {
      id: this.id,
      type: this.type,
      characterId: this.characterId,
      characterName: this.characterName,
      realmSlug: this.realmSlug,
      at: this.at.toISOString(),
      from: this.from,
      to: this.to,
    };
  }
}
