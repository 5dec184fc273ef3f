import { Column, Entity, PrimaryColumn } from 'typeorm';

/** identity's projection of a member of the guild's Discord server, present or departed. */
@Entity({ name: 'discord_members' })
export class DiscordMemberEntity {
  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ type: 'text' })
  username!: string;

  /** The server nickname, else the global display name, else the username (as the bot gives it). */
  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'role_ids', type: 'text', array: true })
  roleIds!: string[];

  @Column({ type: 'boolean' })
  present!: boolean;

  @Column({ name: 'joined_at', type: 'timestamptz', nullable: true })
  joinedAt!: Date | null;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
