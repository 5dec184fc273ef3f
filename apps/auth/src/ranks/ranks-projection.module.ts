import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RankProjectionEntity } from './rank-projection.entity';
import { RankProjectionRepository } from './rank-projection.repository';
import { RanksProjectionHandler } from './ranks-projection.handler';

@Module({
  imports: [TypeOrmModule.forFeature([RankProjectionEntity])],
  providers: [RankProjectionRepository, RanksProjectionHandler],
  exports: [RankProjectionRepository],
})
export class RanksProjectionModule {}
