import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { MembersModule } from '../members/members.module';
import { BattlenetClaimsService } from './battlenet-claims.service';
import { BattlenetController } from './battlenet.controller';

/** Battle.net claims, coverage and reminders; exports the claims service for the runs (claims that can link now). */
@Module({
  imports: [IdentityDataModule, MembersModule],
  controllers: [BattlenetController],
  providers: [BattlenetClaimsService],
  exports: [BattlenetClaimsService],
})
export class BattlenetModule {}
