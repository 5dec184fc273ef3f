import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { ROSTER_EVENT_TYPES, RosterEventType } from '@patt/contracts';
import { PageQueryDto } from '../../http/page-query.dto';

export class RosterEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only events at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO-8601 time, e.g. 2025-01-31T18:00:00Z' })
  since?: string;

  @ApiPropertyOptional({ enum: ROSTER_EVENT_TYPES })
  @IsOptional()
  @IsIn(ROSTER_EVENT_TYPES, { message: `type must be one of ${ROSTER_EVENT_TYPES.join(', ')}` })
  type?: RosterEventType;
}

export class SyncRunIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a sync run id (a UUID)' })
  id!: string;
}

export class CharacterIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a character id (a UUID)' })
  id!: string;
}
