import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  BattlenetClaimDto,
  BattlenetClaimResult,
  BattlenetClaims,
  BattlenetCoverage,
  BattlenetCoverageQueryDto,
  BattlenetReminderDto,
  BattlenetRemindersQueued,
  Page,
  Requests,
} from '@patt/contracts';
import { BattlenetClaimsService } from './battlenet-claims.service';

@Controller()
export class BattlenetController {
  constructor(private readonly claims: BattlenetClaimsService) {}

  @MessagePattern(Requests.BattlenetClaim)
  claim(@Payload() body: BattlenetClaimDto): Promise<BattlenetClaimResult> {
    return this.claims.claim(body);
  }

  @MessagePattern(Requests.BattlenetClaimsMine)
  mine(): Promise<BattlenetClaims> {
    return this.claims.mine();
  }

  @MessagePattern(Requests.BattlenetCoverageList)
  coverage(@Payload() query: BattlenetCoverageQueryDto): Promise<Page<BattlenetCoverage>> {
    return this.claims.coverage(query);
  }

  @MessagePattern(Requests.BattlenetRemindersSend)
  remind(@Payload() body: BattlenetReminderDto): Promise<BattlenetRemindersQueued> {
    return this.claims.remind(body);
  }
}
