import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CharacterRole } from '@patt/contracts';

/** identity's projection of a character: guild-sync's roster, with the addon's notes. */
@Entity({ name: 'characters' })
export class CharacterEntity {
  /** guild-sync's characterId. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  // bigint comes back from pg as a string; Blizzard's ids fit a double exactly.
  @Column({ name: 'blizzard_id', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  blizzardId!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'realm_slug', type: 'text' })
  realmSlug!: string;

  @Column({ name: 'realm_name', type: 'text' })
  realmName!: string;

  @Column({ name: 'class_name', type: 'text', nullable: true })
  className!: string | null;

  @Column({ name: 'spec_name', type: 'text', nullable: true })
  specName!: string | null;

  @Column({ type: 'text', nullable: true })
  role!: CharacterRole | null;

  @Column({ type: 'smallint' })
  level!: number;

  @Column({ name: 'item_level', type: 'smallint', nullable: true })
  itemLevel!: number | null;

  @Column({ name: 'guild_rank_index', type: 'smallint' })
  guildRankIndex!: number;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @Column({ name: 'in_guild', type: 'boolean' })
  inGuild!: boolean;

  @Column({ name: 'joined_at', type: 'timestamptz', nullable: true })
  joinedAt!: Date | null;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt!: Date | null;

  @Column({ name: 'guild_note', type: 'text', nullable: true })
  guildNote!: string | null;

  @Column({ name: 'officer_note', type: 'text', nullable: true })
  officerNote!: string | null;

  @Column({ name: 'roster_seen_at', type: 'timestamptz' })
  rosterSeenAt!: Date;

  @Column({ name: 'notes_changed_at', type: 'timestamptz', nullable: true })
  notesChangedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
