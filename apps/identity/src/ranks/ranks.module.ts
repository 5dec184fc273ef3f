import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RankEntity } from './rank.entity';
import { RanksController } from './ranks.controller';
import { RanksRepository } from './ranks.repository';
import { RanksService } from './ranks.service';

@Module({
  imports: [TypeOrmModule.forFeature([RankEntity])],
  controllers: [RanksController],
  providers: [RanksRepository, RanksService],
  exports: [RanksService],
})
export class RanksModule {}
