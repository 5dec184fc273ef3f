import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CharacterIdParam, Page, PageQueryDto, Requests, RosterEvent } from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { AnyMember } from '../access/access.decorator';
import { RosterEventPageDto } from './dto/sync-run.dto';

/** A character's roster history lives with the roster, in guild-sync; the character itself is identity's. */
@ApiTags('characters')
@Controller('characters')
export class CharacterHistoryController {
  constructor(private readonly services: ServiceClient) {}

  @Get(':id/history')
  @AnyMember()
  @ApiOkResponse({ type: RosterEventPageDto, description: "The character's roster events, newest first" })
  @ApiNotFoundResponse({ description: 'No character has this id' })
  history(@Param() { id }: CharacterIdParam, @Query() { limit, offset }: PageQueryDto): Promise<Page<RosterEvent>> {
    return this.services.send(Requests.CharacterHistory, { characterId: id, limit, offset });
  }
}
