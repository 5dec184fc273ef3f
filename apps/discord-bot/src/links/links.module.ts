import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LinkedMemberEntity } from './linked-member.entity';
import { LinkedMembersRepository } from './linked-members.repository';

/** The Discord users identity linked to persons, with their ranks. */
@Module({
  imports: [TypeOrmModule.forFeature([LinkedMemberEntity])],
  providers: [LinkedMembersRepository],
  exports: [LinkedMembersRepository],
})
export class LinksModule {}
