import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  DEAD_LETTER_SERVICES,
  DeadLetter,
  DeadLetterIdParam,
  DeadLetterPageDto,
  DeadLetterReplay,
  DeadLetterReplayDto,
  deadLetterPatterns,
  DeadLetterService,
  DeadLettersQueryDto,
  NoBody,
  Page,
  parseDeadLetterId,
  RequestPattern,
} from '@patt/contracts';
import { EmptyBodyPipe, ServiceClient, ServiceException } from '@patt/service-kit';
import { GuildLeaderOnly } from '../access/access.decorator';

/**
 * The Guild Leader's repair of dead letters: each event-consuming service keeps its own (in its
 * schema) and answers for them; this lists them across the services and sends a replay or a
 * discard to the service an id names (`<service>.<number>`).
 */
@ApiTags('operations')
@Controller('ops/dead-letters')
export class DeadLettersController {
  constructor(private readonly services: ServiceClient) {}

  /**
   * Every service (or the one asked for) is asked for its first `offset + limit`, newest first; the
   * merge is ordered the same way and paged here, and the total is the sum of theirs. A service
   * that does not answer makes the whole list a 503, rather than a list that silently lacks it.
   */
  @Get()
  @GuildLeaderOnly()
  @ApiOkResponse({ type: DeadLetterPageDto, description: 'The dead letters waiting for repair, newest first' })
  async list(@Query() query: DeadLettersQueryDto): Promise<Page<DeadLetter>> {
    const { service, limit, offset } = query;
    const asked: readonly DeadLetterService[] = service ? [service] : DEAD_LETTER_SERVICES;
    const pages = await Promise.all(asked.map((s) => this.services.send(pattern(s, 'list'), { limit: offset + limit, offset: 0 })));
    const merged = pages
      .flatMap((page) => page.items)
      .sort((a, b) => b.failedAt.localeCompare(a.failedAt) || a.id.localeCompare(b.id));
    return { items: merged.slice(offset, offset + limit), total: pages.reduce((sum, page) => sum + page.total, 0) };
  }

  @Post(':id/replay')
  @GuildLeaderOnly()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: DeadLetterReplayDto, description: 'The event went through its consumer again (or its inbox holds it as applied)' })
  replay(@Param() { id }: DeadLetterIdParam, @Body(EmptyBodyPipe) _body: NoBody): Promise<DeadLetterReplay> {
    const { service, row } = target(id);
    return this.services.send(pattern(service, 'replay'), { row }) as Promise<DeadLetterReplay>;
  }

  @Delete(':id')
  @GuildLeaderOnly()
  @ApiOkResponse({ description: 'Discarded: `data` is null' })
  async discard(@Param() { id }: DeadLetterIdParam): Promise<null> {
    const { service, row } = target(id);
    await this.services.send(pattern(service, 'discard'), { row });
    return null;
  }
}

function target(id: string): { service: DeadLetterService; row: string } {
  const parsed = parseDeadLetterId(id);
  // The param's validation has passed, so this holds; kept for the types.
  if (!parsed) throw ServiceException.invalid('id must be a dead letter id: <service>.<number>, e.g. identity.12');
  return parsed;
}

/** The service's dead-letter pattern, as the request map types it (auth's stand for all five). */
function pattern<V extends 'list' | 'replay' | 'discard'>(service: DeadLetterService, verb: V) {
  return deadLetterPatterns(service)[verb] as RequestPattern as V extends 'list'
    ? 'auth.dead-letters.list'
    : V extends 'replay'
      ? 'auth.dead-letters.replay'
      : 'auth.dead-letters.discard';
}
