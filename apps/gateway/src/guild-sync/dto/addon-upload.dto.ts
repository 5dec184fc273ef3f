import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ADDON_UPLOAD_LIMITS, AddonUploadResult, AddonUploadSummary } from '@patt/contracts';

// Shapes for the OpenAPI document. The body is checked by @patt/savedvariables (both forms go
// through one validator), not by class-validator: these classes only describe it.

class AddonMemberJsonDto {
  @ApiProperty({ example: 'Zatañña', maxLength: ADDON_UPLOAD_LIMITS.shortText })
  name!: string;
  @ApiProperty({ description: 'As the game gives it: "Area52", "Senjin", or one\'s own realm as displayed ("Sen\'jin")', example: 'Senjin' })
  realm!: string;
  @ApiProperty({ description: 'Localized class name', example: 'Chasseur de démons' })
  class!: string;
  @ApiProperty({ example: 'DEMONHUNTER' })
  classFile!: string;
  @ApiProperty({ minimum: 1 })
  level!: number;
  @ApiProperty({ minimum: 0, description: 'In-game rank index, 0 = guild master' })
  rank!: number;
  @ApiProperty()
  rankName!: string;
  @ApiPropertyOptional({ maxLength: ADDON_UPLOAD_LIMITS.zone })
  zone?: string;
  @ApiPropertyOptional({ maxLength: ADDON_UPLOAD_LIMITS.note, description: 'Guild note; "" clears the stored one' })
  note?: string;
  @ApiPropertyOptional({
    maxLength: ADDON_UPLOAD_LIMITS.note,
    description: 'Left out when the exporting player may not read officer notes: the stored one is then kept; "" clears it',
  })
  officerNote?: string;
  @ApiPropertyOptional()
  isOnline?: boolean;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }], description: 'Hours since last online (0 when online)' })
  lastOnline?: string | number;
  @ApiPropertyOptional({ minimum: 0 })
  achievementPoints?: number;
}

/** The JSON form of an export (docs/api.md, "Guild sync"); unknown fields are refused. */
export class AddonUploadJsonFormDto {
  @ApiProperty({ description: 'Unix time (seconds) of the export; an export not newer than the last applied one changes nothing', example: 1764000000 })
  exportTime!: number;
  @ApiPropertyOptional({ format: 'date-time' })
  exportTimeISO?: string;
  @ApiProperty({ example: '1.4.0' })
  addonVersion!: string;
  @ApiProperty({ example: 'Pull All The Things' })
  guildName!: string;
  @ApiPropertyOptional({ minimum: 0 })
  memberCount?: number;
  @ApiProperty({ type: [AddonMemberJsonDto], maxItems: ADDON_UPLOAD_LIMITS.members })
  characters!: AddonMemberJsonDto[];
}

export class AddonUploadResultDto implements AddonUploadResult {
  @ApiProperty({ format: 'uuid', description: "The upload's run (source addon, trigger upload), in GET /guild-sync/runs" })
  runId!: string;

  @ApiProperty({ description: 'Exported members matched to a stored character by name and realm' })
  matched!: number;

  @ApiProperty({ description: 'Matched characters whose guild or officer note changed' })
  updated!: number;

  @ApiProperty({ description: 'Exported members no stored character matched (a Blizzard sync has not seen them yet, or another guild)' })
  notFound!: number;

  @ApiProperty({ description: 'False when the export was not newer than the last applied one: nothing was changed' })
  applied!: boolean;
}

export class AddonUploadSummaryDto implements AddonUploadSummary {
  @ApiProperty({ format: 'date-time', description: "The export's own time (the player's computer clock)" })
  exportedAt!: string;
  @ApiProperty()
  addonVersion!: string;
  @ApiProperty()
  guildName!: string;
  @ApiProperty()
  matched!: number;
  @ApiProperty()
  notFound!: number;
  @ApiProperty({ description: 'False when the export was not newer than the last applied one' })
  applied!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why the export was not applied; null when it was' })
  reason!: string | null;
}
