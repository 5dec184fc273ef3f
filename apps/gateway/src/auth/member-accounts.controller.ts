import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DisableAccountBody, IdParam, Member, MemberAccount, NoBody, Requests } from '@patt/contracts';
import { EmptyBodyPipe, ServiceClient } from '@patt/service-kit';
import { OfficerOnly } from '../access/access.decorator';
import { MemberDto } from '../identity/dto/identity-responses.dto';

const WITHIN_RANK_RULES = 'Below Officer, or not within the rank rules: an officer acts only on members ranked below themselves, never on their own account';

/**
 * Officers disable and enable members' accounts. Auth decides and answers the account; the answer
 * is the member as identity shows it, with that account (identity hears of it a moment later).
 */
@ApiTags('members')
@Controller('members')
export class MemberAccountsController {
  constructor(private readonly services: ServiceClient) {}

  @Post(':id/account/disable')
  @OfficerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: MemberDto, description: 'The member; every sign-in and API key of the account stopped working' })
  @ApiForbiddenResponse({ description: WITHIN_RANK_RULES })
  @ApiNotFoundResponse({ description: 'The member has no account' })
  @ApiConflictResponse({ description: 'An officer disabled the account already' })
  async disable(@Param() { id }: IdParam, @Body() { reason }: DisableAccountBody): Promise<Member> {
    return this.withAccount(id, await this.services.send(Requests.AccountsDisable, { personId: id, reason }));
  }

  @Post(':id/account/enable')
  @OfficerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiBody({ schema: { type: 'object', additionalProperties: false, example: {} } })
  @ApiOkResponse({ type: MemberDto, description: 'The member; the account works again (its old sign-ins stay ended)' })
  @ApiForbiddenResponse({ description: WITHIN_RANK_RULES })
  @ApiNotFoundResponse({ description: 'The member has no account' })
  @ApiConflictResponse({ description: 'The account is not disabled' })
  async enable(@Param() { id }: IdParam, @Body(EmptyBodyPipe) _body: NoBody): Promise<Member> {
    return this.withAccount(id, await this.services.send(Requests.AccountsEnable, { personId: id }));
  }

  private async withAccount(id: string, account: MemberAccount): Promise<Member> {
    const member = await this.services.send(Requests.MembersGet, { id });
    return { ...member, registered: true, account };
  }
}
