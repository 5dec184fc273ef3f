// The Discord bot's endpoints' DTOs. Each class serves both doors: the gateway validates the query
// with it, and the bot validates the same request again as it arrives over NATS (query strings
// arrive as text at the first, as JSON values at the second; the transforms take both).
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { DiscordMembersFilter } from '../api/discord';
import type { ListDiscordMembersRequest } from '../requests/discord';
import { PageQueryDto } from './auth.dto';
import { ToBoolean } from './validators';

/** `GET /discord/members`: the mirror of the server's members, filtered and paged. */
export class DiscordMembersQueryDto extends PageQueryDto implements DiscordMembersFilter, ListDiscordMembersRequest {
  @ApiPropertyOptional({ description: 'true: only members linked to a person; false: only unlinked ones' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'linked must be true or false' })
  linked?: boolean;

  @ApiPropertyOptional({ description: 'true: only members on the server; false: only those who left' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'present must be true or false' })
  present?: boolean;

  @ApiPropertyOptional({ description: 'Part of the username or display name (case-insensitive)', maxLength: 100 })
  @IsOptional()
  @IsString({ message: 'q must be text' })
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;
}
