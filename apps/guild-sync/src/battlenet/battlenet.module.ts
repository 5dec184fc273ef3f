import { Module } from '@nestjs/common';
import { BattlenetFlowsRepository } from './battlenet-flows.repository';
import { BattlenetController } from './battlenet.controller';
import { BattlenetLinkService } from './battlenet-link.service';

/** Link Battle.net: the member's OAuth flow with Blizzard, up to the account's characters (identity claims them). */
@Module({
  controllers: [BattlenetController],
  providers: [BattlenetFlowsRepository, BattlenetLinkService],
})
export class BattlenetModule {}
