import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RankLevel } from '@patt/contracts';

/** A member: one person, whose characters and Discord user the links name. */
@Entity({ name: 'members' })
export class MemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Set by an officer; null: the Discord display name, else the main character's name. */
  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  /** The shown name as the last change stored it: what the members list is ordered by. */
  @Column({ name: 'sort_name', type: 'text' })
  sortName!: string;

  @Column({ name: 'main_character_id', type: 'uuid', nullable: true })
  mainCharacterId!: string | null;

  /** As last computed; null when no character of theirs is in the guild (and no override). */
  @Column({ name: 'rank_level', type: 'smallint', nullable: true })
  rankLevel!: RankLevel | null;

  @Column({ name: 'rank_override', type: 'smallint', nullable: true })
  rankOverride!: RankLevel | null;

  @Column({ name: 'checked_rank_level', type: 'smallint', nullable: true })
  checkedRankLevel!: RankLevel | null;

  @Column({ name: 'rank_checked_at', type: 'timestamptz', nullable: true })
  rankCheckedAt!: Date | null;

  /** The account auth registered for this member (from `user-registered`). */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true })
  registeredAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
