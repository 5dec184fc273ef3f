import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A role of the Discord server (not @everyone). */
@Entity({ name: 'discord_roles' })
export class DiscordRoleEntity {
  @PrimaryColumn({ name: 'role_id', type: 'text' })
  roleId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'integer' })
  color!: number;

  @Column({ type: 'boolean' })
  managed!: boolean;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;
}
