import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RankLevel } from '@patt/contracts';

/** The bot's copy of identity's rank table: each rank's name and the Discord role that stands for it. */
@Entity({ name: 'rank_roles' })
export class RankRoleEntity {
  @PrimaryColumn({ type: 'smallint' })
  level!: RankLevel;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'discord_role_id', type: 'text', nullable: true })
  discordRoleId!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
