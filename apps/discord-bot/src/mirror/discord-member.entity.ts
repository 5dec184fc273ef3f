import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DiscordMemberState } from '@patt/contracts';
import { sortRoleIds } from './member-state';

/** One member of the Discord server as the bot last saw them; kept after they leave. */
@Entity({ name: 'discord_members' })
export class DiscordMemberEntity {
  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'role_ids', type: 'text', array: true })
  roleIds!: string[];

  @Column({ type: 'boolean' })
  present!: boolean;

  @Column({ name: 'joined_at', type: 'timestamptz', nullable: true })
  joinedAt!: Date | null;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt!: Date | null;

  /**
   * When the mirror learned this state. A full sync reads Discord over many seconds; it never
   * overwrites a member observed after it started (by a gateway event or a role change of ours).
   */
  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt!: Date;

  toState(): DiscordMemberState {
    return {
      userId: this.userId,
      username: this.username,
      displayName: this.displayName,
      roleIds: sortRoleIds(this.roleIds),
      present: this.present,
      joinedAt: this.joinedAt ? this.joinedAt.toISOString() : null,
    };
  }
}
