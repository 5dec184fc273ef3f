import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Character, CharactersQueryDto, IdParam, Page, Requests } from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { AnyMember } from '../access/access.decorator';
import { CharacterDto, CharacterPageDto } from './dto/identity-responses.dto';

/** Characters as identity knows them. Their roster history is guild-sync's (CharacterHistoryController). */
@ApiTags('characters')
@Controller('characters')
export class CharactersController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @AnyMember()
  @ApiOkResponse({ type: CharacterPageDto, description: 'Ordered by name; notes only for officers' })
  list(@Query() { q, realm, inGuild, linked, limit, offset }: CharactersQueryDto): Promise<Page<Character>> {
    return this.services.send(Requests.CharactersList, { q, realm, inGuild, linked, limit, offset });
  }

  @Get(':id')
  @AnyMember()
  @ApiOkResponse({ type: CharacterDto })
  @ApiNotFoundResponse({ description: 'No character has this id' })
  get(@Param() { id }: IdParam): Promise<Character> {
    return this.services.send(Requests.CharactersGet, { id });
  }
}
