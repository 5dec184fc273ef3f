import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IdParam, Member, MembersQueryDto, Page, Requests, UpdateMemberBody } from '@patt/contracts';
import { EnvelopedReply, ServiceClient } from '@patt/service-kit';
import { AnyMember, OfficerOnly } from '../access/access.decorator';
import { MemberDto, MemberPageDto } from './dto/identity-responses.dto';

/** Members (persons) as identity knows them. Their invites are auth's (InvitesController). */
@ApiTags('members')
@Controller('members')
export class MembersController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @AnyMember()
  @ApiOkResponse({ type: MemberPageDto, description: 'Ordered by display name; character notes only for officers' })
  list(@Query() { q, rank, limit, offset }: MembersQueryDto): Promise<Page<Member> | EnvelopedReply> {
    // A page of hundreds of members comes from identity as the answer's gzipped bytes, passed on as they are.
    return this.services.sendPassingLarge(Requests.MembersList, { q, rank, limit, offset });
  }

  @Get(':id')
  @AnyMember()
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ description: 'No member has this id' })
  get(@Param() { id }: IdParam): Promise<Member> {
    return this.services.send(Requests.MembersGet, { id });
  }

  @Patch(':id')
  @OfficerOnly()
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ description: 'No member (or main character) has this id' })
  @ApiConflictResponse({ description: 'The main character is not one of the member’s' })
  update(@Param() { id }: IdParam, @Body() body: UpdateMemberBody): Promise<Member> {
    return this.services.send(Requests.MembersUpdate, { id, ...body });
  }
}
