import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Character, CharacterListItem, CharactersQueryDto, IdParam, Page, Requests } from '@patt/contracts';
import { EnvelopedReply, ServiceClient } from '@patt/service-kit';
import { AnyMember } from '../access/access.decorator';
import { CharacterDto, CharacterListPageDto } from './dto/identity-responses.dto';

/** Characters as identity knows them. Their roster history is guild-sync's (CharacterHistoryController). */
@ApiTags('characters')
@Controller('characters')
export class CharactersController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @AnyMember()
  @ApiOkResponse({ type: CharacterListPageDto, description: 'Ordered by name unless sorted otherwise; notes only for officers' })
  list(@Query() query: CharactersQueryDto): Promise<Page<CharacterListItem> | EnvelopedReply> {
    const { q, realm, inGuild, linked, rank, className, role, activeWithinDays, sort, order, group, limit, offset } = query;
    // A large page comes from identity as the answer's gzipped bytes, passed on as they are.
    return this.services.sendPassingLarge(Requests.CharactersList, { q, realm, inGuild, linked, rank, className, role, activeWithinDays, sort, order, group, limit, offset });
  }

  @Get(':id')
  @AnyMember()
  @ApiOkResponse({ type: CharacterDto })
  @ApiNotFoundResponse({ description: 'No character has this id' })
  get(@Param() { id }: IdParam): Promise<Character> {
    return this.services.send(Requests.CharactersGet, { id });
  }
}
