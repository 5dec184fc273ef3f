import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Rank, RankLevel } from '@patt/contracts';

@Entity({ name: 'ranks' })
export class RankEntity {
  @PrimaryColumn({ type: 'smallint' })
  level!: RankLevel;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'discord_role_id', type: 'text', nullable: true })
  discordRoleId!: string | null;

  @Column({ name: 'game_rank_indexes', type: 'smallint', array: true })
  gameRankIndexes!: number[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  toRank(): Rank {
    return {
      level: this.level,
      name: this.name,
      discordRoleId: this.discordRoleId,
      gameRankIndexes: [...this.gameRankIndexes].sort((a, b) => a - b),
    };
  }
}
