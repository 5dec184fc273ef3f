// The Guild Leader's operations routes: dead letters across the services.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, Max } from 'class-validator';
import { DEAD_LETTER_ID, DEAD_LETTER_SERVICES, DeadLetter, DeadLetterReplay, DeadLetterService, DeadLettersQuery } from '../api/operations';
import { PageQueryDto } from './auth.dto';

/**
 * The gateway merges the services' lists and pages the merge, so it asks each for the first
 * `offset + limit`: the offset is bounded to keep that small.
 */
export const MAX_DEAD_LETTER_OFFSET = 10_000;

export class DeadLettersQueryDto extends PageQueryDto implements DeadLettersQuery {
  @ApiPropertyOptional({ enum: DEAD_LETTER_SERVICES, description: 'Only the dead letters this service holds' })
  @IsOptional()
  @IsIn(DEAD_LETTER_SERVICES, { message: `service must be one of ${DEAD_LETTER_SERVICES.join(', ')}` })
  service?: DeadLetterService;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_DEAD_LETTER_OFFSET })
  @Max(MAX_DEAD_LETTER_OFFSET, { message: `offset must be at most ${MAX_DEAD_LETTER_OFFSET}` })
  override offset = 0;
}

export class DeadLetterIdParam {
  @ApiProperty({ example: 'identity.12' })
  @Matches(DEAD_LETTER_ID, { message: 'id must be a dead letter id: <service>.<number>, e.g. identity.12' })
  id!: string;
}

export class DeadLetterDto implements DeadLetter {
  @ApiProperty({ example: 'identity.12' }) id!: string;
  @ApiProperty({ enum: DEAD_LETTER_SERVICES }) service!: DeadLetterService;
  @ApiProperty({ example: 'patt.guild-sync.roster-synced' }) subject!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'identity--guild-sync_roster-synced' }) consumer!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty() lastError!: string;
  @ApiProperty({ format: 'date-time' }) failedAt!: string;
  @ApiProperty() replayable!: boolean;
}

export class DeadLetterPageDto {
  @ApiProperty({ type: [DeadLetterDto] }) items!: DeadLetterDto[];
  @ApiProperty() total!: number;
}

export class DeadLetterReplayDto implements DeadLetterReplay {
  @ApiProperty({ example: 'identity.12' }) id!: string;
  @ApiProperty({ enum: ['applied', 'already-applied'] }) outcome!: 'applied' | 'already-applied';
  @ApiProperty({ format: 'date-time' }) replayedAt!: string;
  @ApiProperty() replayedBy!: string;
}
