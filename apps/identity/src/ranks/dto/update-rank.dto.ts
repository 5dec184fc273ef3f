import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { RANK_LEVELS, RankLevel, UpdateRankRequest } from '@patt/contracts';

export class UpdateRankDto implements UpdateRankRequest {
  @Type(() => Number)
  @IsIn(RANK_LEVELS, { message: 'level must be a rank level from 1 to 5' })
  level!: RankLevel;

  @IsOptional()
  @IsString({ message: 'name must be text' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(50, { message: 'name must be at most 50 characters' })
  name?: string;

  /** null clears the mapping; a Discord role id is a snowflake, a string of digits. */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'discordRoleId must be a Discord role id (a string of digits) or null' })
  @Matches(/^\d{15,21}$/, { message: 'discordRoleId must be a Discord role id (a string of 15 to 21 digits) or null' })
  discordRoleId?: string | null;

  @IsOptional()
  @IsArray({ message: 'gameRankIndexes must be a list of in-game rank indexes' })
  @ArrayMaxSize(10, { message: 'gameRankIndexes can hold at most 10 indexes' })
  @IsInt({ each: true, message: 'gameRankIndexes must hold whole numbers' })
  @Min(0, { each: true, message: 'gameRankIndexes must be 0 (guild master) to 9' })
  @Max(9, { each: true, message: 'gameRankIndexes must be 0 (guild master) to 9' })
  gameRankIndexes?: number[];
}
