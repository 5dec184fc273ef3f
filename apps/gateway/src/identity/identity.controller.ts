import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ConfirmSuggestionBodyDto,
  ConflictsQueryDto,
  CreateLinkBody,
  IdentityLink,
  IdParam,
  IntegrityIssue,
  IntegrityRunResult,
  IssuesQueryDto,
  LinkSuggestion,
  MatchingConflict,
  MatchingRunResult,
  NoBody,
  Page,
  PageQueryDto,
  ReportAccepted,
  ReportBody,
  Requests,
} from '@patt/contracts';
import { EmptyBodyPipe, ServiceClient } from '@patt/service-kit';
import { OfficerOnly } from '../access/access.decorator';
import {
  IdentityLinkDto,
  IntegrityIssuePageDto,
  IntegrityRunResultDto,
  LinkSuggestionPageDto,
  MatchingConflictPageDto,
  MatchingRunResultDto,
  ReportAcceptedDto,
} from './dto/identity-responses.dto';

/** A run reads and decides over the whole guild; a large one takes seconds, not the usual milliseconds. */
const RUN_TIMEOUT_MS = 60_000;

const EMPTY_BODY = { schema: { type: 'object', additionalProperties: false, example: {} } };

/** Officers' tools for who is who: links, suggestions, runs, issues and reports. */
@ApiTags('identity')
@Controller('identity')
export class IdentityController {
  constructor(private readonly services: ServiceClient) {}

  @Post('links')
  @OfficerOnly()
  @ApiCreatedResponse({ type: IdentityLinkDto, description: 'The character and/or Discord user now belong to the member' })
  @ApiNotFoundResponse({ description: 'No member, character or Discord user has that id' })
  @ApiConflictResponse({ description: 'A subject belongs to another member, the member has another Discord user, or an officer’s link says so already' })
  createLink(@Body() body: CreateLinkBody): Promise<IdentityLink> {
    return this.services.send(Requests.LinksCreate, { personId: body.personId, characterId: body.characterId, discordUserId: body.discordUserId });
  }

  @Delete('links/:id')
  @OfficerOnly()
  @ApiOkResponse({ description: '`data: null`; the pairs the link joined are not linked automatically again' })
  @ApiNotFoundResponse({ description: 'No link has this id' })
  removeLink(@Param() { id }: IdParam): Promise<null> {
    return this.services.send(Requests.LinksDelete, { id });
  }

  @Get('suggestions')
  @OfficerOnly()
  @ApiOkResponse({ type: LinkSuggestionPageDto, description: 'Open suggestions, best first' })
  suggestions(@Query() { limit, offset }: PageQueryDto): Promise<Page<LinkSuggestion>> {
    return this.services.send(Requests.SuggestionsList, { limit, offset });
  }

  @Post('suggestions/:id/confirm')
  @OfficerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiBody({ type: ConfirmSuggestionBodyDto, required: false })
  @ApiOkResponse({ type: IdentityLinkDto, description: 'The link made (with `all`, the other characters of the name joined the same member)' })
  @ApiNotFoundResponse({ description: 'No suggestion has this id' })
  @ApiConflictResponse({ description: 'The suggestion was rejected, or a subject belongs to another member' })
  confirm(@Param() { id }: IdParam, @Body() body: ConfirmSuggestionBodyDto): Promise<IdentityLink> {
    return this.services.send(Requests.SuggestionsConfirm, { id, all: body.all ?? false });
  }

  @Post('suggestions/:id/reject')
  @OfficerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiBody(EMPTY_BODY)
  @ApiOkResponse({ description: '`data: null`; the pair is never suggested nor linked automatically again' })
  @ApiNotFoundResponse({ description: 'No suggestion has this id' })
  reject(@Param() { id }: IdParam, @Body(EmptyBodyPipe) _body: NoBody): Promise<null> {
    return this.services.send(Requests.SuggestionsReject, { id });
  }

  @Post('matching-runs')
  @OfficerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiBody(EMPTY_BODY)
  @ApiOkResponse({ type: MatchingRunResultDto, description: 'Matching ran (and the integrity checks after it)' })
  matchingRun(@Body(EmptyBodyPipe) body: NoBody): Promise<MatchingRunResult> {
    return this.services.send(Requests.MatchingRunsStart, body, { timeoutMs: RUN_TIMEOUT_MS });
  }

  @Get('issues')
  @OfficerOnly()
  @ApiOkResponse({ type: IntegrityIssuePageDto, description: 'Open issues (most severe first), or resolved ones with resolved=true' })
  issues(@Query() { type, severity, resolved, limit, offset }: IssuesQueryDto): Promise<Page<IntegrityIssue>> {
    return this.services.send(Requests.IssuesList, { type, severity, resolved, limit, offset });
  }

  @Get('conflicts')
  @OfficerOnly()
  @ApiOkResponse({ type: MatchingConflictPageDto, description: 'What the last matching run saw and did not act on, newest first' })
  conflicts(@Query() { kind, limit, offset }: ConflictsQueryDto): Promise<Page<MatchingConflict>> {
    return this.services.send(Requests.ConflictsList, { kind, limit, offset });
  }

  @Post('integrity-runs')
  @OfficerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiBody(EMPTY_BODY)
  @ApiOkResponse({ type: IntegrityRunResultDto })
  integrityRun(@Body(EmptyBodyPipe) body: NoBody): Promise<IntegrityRunResult> {
    return this.services.send(Requests.IntegrityRunsStart, body, { timeoutMs: RUN_TIMEOUT_MS });
  }

  @Post('reports')
  @OfficerOnly()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: ReportAcceptedDto, description: 'The Discord bot posts the report to the audit channel' })
  report(@Body() body: ReportBody): Promise<ReportAccepted> {
    return this.services.send(Requests.ReportsCreate, { full: body.full ?? false });
  }
}
