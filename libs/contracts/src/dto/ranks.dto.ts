import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Rank, RANK_LEVELS, RankLevel } from '../api/ranks';
import { UpdateRankRequest } from '../requests/identity';

export class RankDto implements Rank {
  @ApiProperty({ enum: RANK_LEVELS, description: '1 Initiate … 5 Guild Leader' })
  level!: RankLevel;
  @ApiProperty()
  name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Discord role id (snowflake)' })
  discordRoleId!: string | null;
  @ApiProperty({ type: [Number], description: 'In-game rank indexes (0 = guild master) that map to this rank' })
  gameRankIndexes!: number[];
}

export class RankLevelParam {
  @Type(() => Number)
  @IsIn(RANK_LEVELS, { message: 'level must be a rank level from 1 to 5' })
  level!: RankLevel;
}

/** PATCH /ranks/{level}: what a Guild Leader may change. */
export class UpdateRankBody {
  @ApiPropertyOptional({ maxLength: 50 })
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(50, { message: 'name must be at most 50 characters' })
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'discordRoleId must be a Discord role id (a string of digits) or null' })
  @Matches(/^\d{15,21}$/, { message: 'discordRoleId must be a Discord role id (a string of 15 to 21 digits) or null' })
  discordRoleId?: string | null;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray({ message: 'gameRankIndexes must be a list of in-game rank indexes' })
  @ArrayMaxSize(10, { message: 'gameRankIndexes can hold at most 10 indexes' })
  @IsInt({ each: true, message: 'gameRankIndexes must hold whole numbers' })
  @Min(0, { each: true, message: 'gameRankIndexes must be 0 (guild master) to 9' })
  @Max(9, { each: true, message: 'gameRankIndexes must be 0 (guild master) to 9' })
  gameRankIndexes?: number[];
}

/** The same change as it reaches identity: the body and the rank it is for. */
export class UpdateRankRequestDto extends UpdateRankBody implements UpdateRankRequest {
  @Type(() => Number)
  @IsIn(RANK_LEVELS, { message: 'level must be a rank level from 1 to 5' })
  level!: RankLevel;
}
