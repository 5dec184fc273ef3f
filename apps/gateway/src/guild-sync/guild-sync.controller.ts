import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { GuildSyncStatus, NoBody, Page, PageQueryDto, Requests, RosterEvent, RosterEventsQueryDto, SyncRun, SyncRunIdParam } from '@patt/contracts';
import { EmptyBodyPipe, ServiceClient } from '@patt/service-kit';
import { OfficerOnly } from '../access/access.decorator';
import { GuildSyncStatusDto, RosterEventPageDto, SyncRunDto, SyncRunPageDto } from './dto/sync-run.dto';

@ApiTags('guild-sync')
@Controller('guild-sync')
export class GuildSyncController {
  constructor(private readonly services: ServiceClient) {}

  @Post('runs')
  @HttpCode(HttpStatus.ACCEPTED)
  @OfficerOnly()
  @ApiBody({ schema: { type: 'object', additionalProperties: false, example: {} } })
  @ApiAcceptedResponse({ type: SyncRunDto, description: 'A Blizzard roster sync was queued; it runs in the background' })
  @ApiConflictResponse({ description: 'SYNC_IN_PROGRESS: a run is going on; details name its runId' })
  @ApiServiceUnavailableResponse({ description: 'Roster sync is not configured (the error says what to set), or guild-sync is down' })
  start(@Body(EmptyBodyPipe) body: NoBody): Promise<SyncRun> {
    return this.services.send(Requests.SyncRunsStart, body);
  }

  @Get('runs')
  @OfficerOnly()
  @ApiOkResponse({ type: SyncRunPageDto, description: 'Newest first' })
  listRuns(@Query() { limit, offset }: PageQueryDto): Promise<Page<SyncRun>> {
    return this.services.send(Requests.SyncRunsList, { limit, offset });
  }

  @Get('runs/:id')
  @OfficerOnly()
  @ApiOkResponse({ type: SyncRunDto })
  @ApiNotFoundResponse({ description: 'No run has this id' })
  getRun(@Param() { id }: SyncRunIdParam): Promise<SyncRun> {
    return this.services.send(Requests.SyncRunsGet, { id });
  }

  @Get('roster-events')
  @OfficerOnly()
  @ApiOkResponse({ type: RosterEventPageDto, description: 'Newest first' })
  listRosterEvents(@Query() { since, type, limit, offset }: RosterEventsQueryDto): Promise<Page<RosterEvent>> {
    return this.services.send(Requests.RosterEventsList, { since, type, limit, offset });
  }

  @Get('status')
  @OfficerOnly()
  @ApiOkResponse({ type: GuildSyncStatusDto })
  status(): Promise<GuildSyncStatus> {
    return this.services.send(Requests.GuildSyncStatus, {});
  }
}
