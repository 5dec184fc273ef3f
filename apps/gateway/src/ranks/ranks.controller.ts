import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, Rank, RankDto, RankLevelParam, Requests, UpdateRankBody } from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { AnyMember, GuildLeaderOnly } from '../access/access.decorator';

@ApiTags('ranks')
@Controller('ranks')
export class RanksController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @AnyMember()
  @ApiOkResponse({ type: [RankDto] })
  async list(): Promise<Page<Rank>> {
    const ranks = await this.services.send(Requests.RanksList, {});
    return { items: ranks, total: ranks.length };
  }

  @Patch(':level')
  @GuildLeaderOnly()
  @ApiOkResponse({ type: RankDto })
  update(@Param() { level }: RankLevelParam, @Body() body: UpdateRankBody): Promise<Rank> {
    return this.services.send(Requests.RanksUpdate, { level, ...body });
  }
}
