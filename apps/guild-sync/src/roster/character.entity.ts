import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, ValueTransformer } from 'typeorm';
import { CharacterRole } from '@patt/contracts';
import { Character } from './character';

/** Postgres bigint arrives as a string; Blizzard's ids are well within a JS number. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@Entity({ name: 'characters' })
export class CharacterEntity implements Character {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'blizzard_id', type: 'bigint', transformer: bigintAsNumber })
  blizzardId!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'realm_slug', type: 'text' })
  realmSlug!: string;

  @Column({ name: 'realm_name', type: 'text', nullable: true })
  realmName!: string | null;

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

  @Column({ name: 'rank_index', type: 'smallint' })
  rankIndex!: number;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @Column({ name: 'in_guild', type: 'boolean' })
  inGuild!: boolean;

  @Column({ name: 'joined_at', type: 'timestamptz' })
  joinedAt!: Date;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt!: Date | null;

  @Column({ name: 'profile_last_modified', type: 'text', nullable: true })
  profileLastModified!: string | null;

  @Column({ name: 'profile_missing', type: 'boolean' })
  profileMissing!: boolean;

  // What the last applied addon upload said (never written by Blizzard runs): notes officers keep
  // in game, and when the character was last seen online. Null until an upload matched it.
  @Column({ name: 'guild_note', type: 'text', nullable: true })
  guildNote!: string | null;

  @Column({ name: 'officer_note', type: 'text', nullable: true })
  officerNote!: string | null;

  @Column({ name: 'is_online', type: 'boolean', nullable: true })
  isOnline!: boolean | null;

  @Column({ name: 'last_online', type: 'text', nullable: true })
  lastOnline!: string | null;

  @Column({ type: 'text', nullable: true })
  zone!: string | null;

  @Column({ name: 'addon_seen_at', type: 'timestamptz', nullable: true })
  addonSeenAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
