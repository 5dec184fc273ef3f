import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RankLevel } from '@patt/contracts';

/**
 * A Discord user identity linked to a person, with that person's rank: a projection of identity's
 * member-matched and member-rank-changed events. It is also role sync's record of what a member's
 * roles should be; `rolesDue` says they have to be checked against the mirror (and fixed), and
 * `rolesVersion` grows with every new intent, so a check that began before it does not clear it.
 */
@Entity({ name: 'linked_members' })
export class LinkedMemberEntity {
  @PrimaryColumn({ name: 'discord_user_id', type: 'text' })
  discordUserId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'rank_level', type: 'smallint' })
  rankLevel!: RankLevel;

  /** As of when identity said so (the event's time): an older event never overwrites a newer one. */
  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;

  @Column({ name: 'roles_due', type: 'boolean' })
  rolesDue!: boolean;

  @Column({ name: 'roles_version', type: 'integer' })
  rolesVersion!: number;

  @Column({ name: 'roles_retry_at', type: 'timestamptz', nullable: true })
  rolesRetryAt!: Date | null;

  @Column({ name: 'roles_error', type: 'text', nullable: true })
  rolesError!: string | null;

  @Column({ name: 'roles_checked_at', type: 'timestamptz', nullable: true })
  rolesCheckedAt!: Date | null;
}
