import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RankRoleEntity } from './rank-role.entity';
import { RankRolesRepository } from './rank-roles.repository';
import { RankRolesService } from './rank-roles.service';

/** The rank → Discord role mapping, as identity's ranks-changed events tell it. */
@Module({
  imports: [TypeOrmModule.forFeature([RankRoleEntity])],
  providers: [RankRolesRepository, RankRolesService],
  exports: [RankRolesService],
})
export class RanksModule {}
