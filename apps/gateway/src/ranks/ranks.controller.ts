import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, Rank, RankDto, RankLevelParam, Requests, UpdateRankBody } from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { AnyMember, GuildLeaderOnly } from '../access/access.decorator';
import { RanksCache } from '../caches/ranks-cache';
import { EnvelopedResponse, RANKS_PAGE_SCHEMA } from '../http/envelope-schemas';

@ApiTags('ranks')
@Controller('ranks')
export class RanksController {
  constructor(
    private readonly services: ServiceClient,
    private readonly cache: RanksCache,
  ) {}

  @Get()
  @AnyMember()
  @ApiOkResponse({ type: [RankDto] })
  @EnvelopedResponse(RANKS_PAGE_SCHEMA)
  list(): Page<Rank> | Promise<Page<Rank>> {
    // identity's table as last answered or announced (caches/ranks-cache.ts).
    return this.cache.page(() => this.services.send(Requests.RanksList, {}));
  }

  @Patch(':level')
  @GuildLeaderOnly()
  @ApiOkResponse({ type: RankDto })
  update(@Param() { level }: RankLevelParam, @Body() body: UpdateRankBody): Promise<Rank> {
    return this.services.send(Requests.RanksUpdate, { level, ...body });
  }
}
