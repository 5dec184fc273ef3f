import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RankLevel } from '@patt/contracts';

/** Auth's copy of identity's rank table: the names it puts into tokens and `me`. */
@Entity({ name: 'ranks' })
export class RankProjectionEntity {
  @PrimaryColumn({ type: 'smallint' })
  level!: RankLevel;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'discord_role_id', type: 'text', nullable: true })
  discordRoleId!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
