import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Evidence, SuggestionSource } from '../matching';

export type SuggestionStatus = 'open' | 'rejected';

/** "This character may be that Discord user": open for officers, or rejected for good. */
@Entity({ name: 'suggestions' })
export class SuggestionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'character_id', type: 'uuid' })
  characterId!: string;

  @Column({ name: 'discord_user_id', type: 'text' })
  discordUserId!: string;

  @Column({ type: 'text' })
  status!: SuggestionStatus;

  @Column({ type: 'real' })
  score!: number;

  @Column({ type: 'text' })
  reason!: string;

  /** The pass that found it, or `link_removed` for a rejection an officer made by removing a link. */
  @Column({ type: 'text' })
  source!: SuggestionSource | 'link_removed';

  @Column({ type: 'jsonb', nullable: true })
  evidence!: Evidence | null;

  @Column({ name: 'decided_by_user_id', type: 'uuid', nullable: true })
  decidedByUserId!: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
