import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  GuildSyncStatus,
  Page,
  ROSTER_EVENT_TYPES,
  RosterEvent,
  RosterEventType,
  SYNC_RUN_STATUSES,
  SYNC_SOURCES,
  SYNC_TRIGGERS,
  SyncRun,
  SyncRunCounts,
  SyncRunProgress,
  SyncRunStatus,
  SyncSource,
  SyncTrigger,
} from '@patt/contracts';
import { AddonUploadSummaryDto } from './addon-upload.dto';

// Response shapes for the OpenAPI document; the types they implement are the contract.

class SyncRunProgressDto implements SyncRunProgress {
  @ApiProperty({ description: 'Characters handled so far' })
  done!: number;
  @ApiProperty({ description: 'Characters on the roster (0 until the roster is in)' })
  total!: number;
}

class SyncRunCountsDto implements SyncRunCounts {
  @ApiProperty({ description: 'Characters on the roster' })
  found!: number;
  @ApiProperty({ description: 'Characters that joined or rejoined' })
  added!: number;
  @ApiProperty({ description: 'Characters already in the guild whose stored state changed' })
  updated!: number;
  @ApiProperty({ description: 'Characters that left' })
  removed!: number;
  @ApiProperty()
  rankChanges!: number;
  @ApiProperty({ description: 'Profiles unchanged since the last run (HTTP 304)' })
  notModified!: number;
  @ApiProperty({ description: 'Profiles that could not be read; the run is then partial' })
  profileErrors!: number;
}

export class SyncRunDto implements SyncRun {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: SYNC_SOURCES })
  source!: SyncSource;
  @ApiProperty({ enum: SYNC_TRIGGERS })
  trigger!: SyncTrigger;
  @ApiProperty({ enum: SYNC_RUN_STATUSES })
  status!: SyncRunStatus;
  @ApiProperty({ type: SyncRunProgressDto })
  progress!: SyncRunProgressDto;
  @ApiProperty({ type: SyncRunCountsDto })
  counts!: SyncRunCountsDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the run failed, or what a partial run could not read' })
  error!: string | null;
  @ApiProperty({
    type: AddonUploadSummaryDto,
    nullable: true,
    description: 'Addon runs: what the upload brought (counts: found = exported members, updated = notes changed, notModified = notes unchanged); null for Blizzard runs',
  })
  upload!: AddonUploadSummaryDto | null;
}

export class SyncRunPageDto implements Page<SyncRun> {
  @ApiProperty({ type: [SyncRunDto] })
  items!: SyncRunDto[];
  @ApiProperty()
  total!: number;
}

export class RosterEventDto implements RosterEvent {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: ROSTER_EVENT_TYPES })
  type!: RosterEventType;
  @ApiProperty({ format: 'uuid' })
  characterId!: string;
  @ApiProperty({ description: 'The name when it happened' })
  characterName!: string;
  @ApiProperty()
  realmSlug!: string;
  @ApiProperty({ format: 'date-time' })
  at!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Before: rank index, name or level' })
  from!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'After: rank index, name or level' })
  to!: string | null;
}

export class RosterEventPageDto implements Page<RosterEvent> {
  @ApiProperty({ type: [RosterEventDto] })
  items!: RosterEventDto[];
  @ApiProperty()
  total!: number;
}

class LastRunsDto {
  @ApiPropertyOptional({ type: SyncRunDto, nullable: true })
  blizzard!: SyncRunDto | null;
  @ApiPropertyOptional({ type: SyncRunDto, nullable: true })
  addon!: SyncRunDto | null;
}

export class GuildSyncStatusDto implements GuildSyncStatus {
  @ApiProperty({ type: LastRunsDto })
  lastRuns!: LastRunsDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextScheduledAt!: string | null;
}
