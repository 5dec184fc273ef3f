import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DiscordMember, DiscordSyncAccepted, Page, Requests } from '@patt/contracts';
import { ServiceClient } from '@patt/service-kit';
import { OfficerOnly } from '../access/access.decorator';
import { DiscordMemberPageDto, DiscordSyncAcceptedDto } from './dto/discord-member.dto';
import { ListDiscordMembersQuery } from './dto/list-discord-members.query';
import { StartDiscordSyncBody } from './dto/start-sync.body';

@ApiTags('discord')
@Controller('discord')
export class DiscordController {
  constructor(private readonly services: ServiceClient) {}

  @Get('members')
  @OfficerOnly()
  @ApiOkResponse({ type: DiscordMemberPageDto, description: 'The mirror of the Discord server’s members' })
  members(@Query() query: ListDiscordMembersQuery): Promise<Page<DiscordMember>> {
    const { linked, present, q, limit, offset } = query;
    return this.services.send(Requests.DiscordMembersList, { linked, present, q, limit, offset });
  }

  @Post('syncs')
  @OfficerOnly()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: DiscordSyncAcceptedDto, description: 'A full member sync runs (or was running already)' })
  startSync(@Body() _body: StartDiscordSyncBody): Promise<DiscordSyncAccepted> {
    return this.services.send(Requests.DiscordSyncsStart, {});
  }
}
