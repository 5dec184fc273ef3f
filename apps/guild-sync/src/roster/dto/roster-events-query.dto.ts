import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { CharacterHistoryRequest, ROSTER_EVENT_TYPES, RosterEventsRequest, RosterEventType } from '@patt/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

export class RosterEventsQueryDto extends PageQueryDto implements RosterEventsRequest {
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO-8601 time, e.g. 2025-01-31T18:00:00Z' })
  since?: string;

  @IsOptional()
  @IsIn(ROSTER_EVENT_TYPES, { message: `type must be one of ${ROSTER_EVENT_TYPES.join(', ')}` })
  type?: RosterEventType;
}

export class CharacterHistoryDto extends PageQueryDto implements CharacterHistoryRequest {
  @IsUUID('all', { message: 'characterId must be a character id (a UUID)' })
  characterId!: string;
}
