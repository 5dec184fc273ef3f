import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RankProjectionEntity } from './rank-projection.entity';
import { RankProjectionRepository } from './rank-projection.repository';
import { RanksChangedHandler } from './ranks-changed.handler';

@Module({
  imports: [TypeOrmModule.forFeature([RankProjectionEntity])],
  providers: [RankProjectionRepository, RanksChangedHandler],
  exports: [RankProjectionRepository],
})
export class RanksProjectionModule {}
