import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DiscordMember, DiscordMembersQueryDto, DiscordRole, DiscordSyncAccepted, NoBody, Page, PageQueryDto, Requests } from '@patt/contracts';
import { EmptyBodyPipe, ServiceClient } from '@patt/service-kit';
import { OfficerOnly } from '../access/access.decorator';
import { DiscordMemberPageDto, DiscordRolePageDto, DiscordSyncAcceptedDto } from './dto/discord-member.dto';

@ApiTags('discord')
@Controller('discord')
export class DiscordController {
  constructor(private readonly services: ServiceClient) {}

  @Get('members')
  @OfficerOnly()
  @ApiOkResponse({ type: DiscordMemberPageDto, description: 'The mirror of the Discord server’s members' })
  members(@Query() query: DiscordMembersQueryDto): Promise<Page<DiscordMember>> {
    const { linked, present, q, limit, offset } = query;
    return this.services.send(Requests.DiscordMembersList, { linked, present, q, limit, offset });
  }

  @Get('roles')
  @OfficerOnly()
  @ApiOkResponse({ type: DiscordRolePageDto, description: 'The mirror of the Discord server’s roles, highest first (@everyone left out)' })
  roles(@Query() query: PageQueryDto): Promise<Page<DiscordRole>> {
    const { limit, offset } = query;
    return this.services.send(Requests.DiscordRolesList, { limit, offset });
  }

  @Post('syncs')
  @OfficerOnly()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: DiscordSyncAcceptedDto, description: 'A full member sync runs (or was running already)' })
  startSync(@Body(EmptyBodyPipe) _body: NoBody): Promise<DiscordSyncAccepted> {
    return this.services.send(Requests.DiscordSyncsStart, {});
  }
}
