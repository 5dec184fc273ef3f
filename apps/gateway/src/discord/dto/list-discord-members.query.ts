import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { DiscordMembersFilter } from '@patt/contracts';
import { PageQueryDto } from '../../http/page-query.dto';

/** "true" and "false" only; anything else stays as given, for IsBoolean to refuse. */
const queryBoolean = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ListDiscordMembersQuery extends PageQueryDto implements DiscordMembersFilter {
  @ApiPropertyOptional({ description: 'true: only members linked to a person; false: only unlinked ones' })
  @IsOptional()
  @queryBoolean()
  @IsBoolean({ message: 'linked must be true or false' })
  linked?: boolean;

  @ApiPropertyOptional({ description: 'true: only members on the server; false: only those who left' })
  @IsOptional()
  @queryBoolean()
  @IsBoolean({ message: 'present must be true or false' })
  present?: boolean;

  @ApiPropertyOptional({ description: 'Part of the username or display name (case-insensitive)', maxLength: 100 })
  @IsOptional()
  @IsString({ message: 'q must be text' })
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;
}
