import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  BattlenetClaims,
  BattlenetCoverage,
  BattlenetCoverageQueryDto,
  BattlenetReminderDto,
  BattlenetRemindersQueued,
  Page,
  Requests,
} from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { AnyMember, OfficerOnly } from '../access/access.decorator';

/** Battle.net: a member's own claimed characters, officers' coverage and reminders. */
@ApiTags('identity')
@Controller('identity')
export class BattlenetController {
  constructor(private readonly services: ServiceClient) {}

  @Get('battlenet-coverage')
  @OfficerOnly()
  @ApiOkResponse({ description: 'Members with a character in the guild: {personId, displayName, linkedAt|null, characters, claimedCharacters, discordUserId}, without a link first' })
  coverage(@Query() query: BattlenetCoverageQueryDto): Promise<Page<BattlenetCoverage>> {
    return this.services.send(Requests.BattlenetCoverageList, { limit: query.limit, offset: query.offset, ...(query.linked !== undefined ? { linked: query.linked } : {}) });
  }

  @Post('battlenet-reminders')
  @OfficerOnly()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: '{queued, skipped}: a DM is queued for each member without a link who has a Discord user and was not reminded in the last day' })
  remind(@Body() body: BattlenetReminderDto): Promise<BattlenetRemindersQueued> {
    return this.services.send(Requests.BattlenetRemindersSend, body.personIds ? { personIds: body.personIds } : {});
  }

  @Get('battlenet/mine')
  @AnyMember()
  @ApiOkResponse({ description: 'The caller’s Battle.net account and the characters it proved: {account, linkedAt, refreshedAt, characters: [{blizzardId, name, realmSlug, characterId, status: linked|waiting|conflict}]}' })
  mine(): Promise<BattlenetClaims> {
    return this.services.send(Requests.BattlenetClaimsMine, {});
  }
}
