import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GuildSyncStatus, NoBody, Page, PageQueryDto, Requests, SyncRun, SyncRunIdParam } from '@patt/contracts';
import { EmptyBodyPipe } from '@patt/service-kit';
import { SyncRunsService } from './sync-runs.service';

@Controller()
export class SyncRunsController {
  constructor(private readonly runs: SyncRunsService) {}

  @MessagePattern(Requests.SyncRunsStart)
  start(@Payload(EmptyBodyPipe) _body: NoBody): Promise<SyncRun> {
    return this.runs.startManual();
  }

  @MessagePattern(Requests.SyncRunsList)
  list(@Payload() page: PageQueryDto): Promise<Page<SyncRun>> {
    return this.runs.list(page.limit, page.offset);
  }

  @MessagePattern(Requests.SyncRunsGet)
  get(@Payload() { id }: SyncRunIdParam): Promise<SyncRun> {
    return this.runs.get(id);
  }

  @MessagePattern(Requests.GuildSyncStatus)
  status(@Payload(EmptyBodyPipe) _body: NoBody): Promise<GuildSyncStatus> {
    return this.runs.status();
  }
}
