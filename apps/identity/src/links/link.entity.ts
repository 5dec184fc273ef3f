import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LinkMethod } from '@patt/contracts';
import type { Evidence } from '../matching';

/** Why a character or Discord user is a member's: how it was decided, how sure, and who said so. */
@Entity({ name: 'links' })
export class LinkEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'character_id', type: 'uuid', nullable: true })
  characterId!: string | null;

  @Column({ name: 'discord_user_id', type: 'text', nullable: true })
  discordUserId!: string | null;

  @Column({ type: 'text' })
  method!: LinkMethod;

  @Column({ type: 'real' })
  score!: number;

  @Column({ type: 'jsonb', nullable: true })
  evidence!: Evidence | null;

  @Column({ name: 'confirmed_by_user_id', type: 'uuid', nullable: true })
  confirmedByUserId!: string | null;

  /** The officer's username, for people reading the link later. */
  @Column({ name: 'confirmed_by', type: 'text', nullable: true })
  confirmedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
