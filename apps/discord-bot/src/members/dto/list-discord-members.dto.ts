import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, ListDiscordMembersRequest, MAX_PAGE_LIMIT } from '@patt/contracts';

/** The list request as it arrives over NATS: the gateway has turned the query string into values. */
export class ListDiscordMembersDto implements ListDiscordMembersRequest {
  @IsOptional()
  @IsBoolean({ message: 'linked must be true or false' })
  linked?: boolean;

  @IsOptional()
  @IsBoolean({ message: 'present must be true or false' })
  present?: boolean;

  @IsOptional()
  @IsString({ message: 'q must be text' })
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;

  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(MAX_PAGE_LIMIT, { message: `limit must be at most ${MAX_PAGE_LIMIT}` })
  limit: number = DEFAULT_PAGE_LIMIT;

  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must be 0 or more' })
  offset = 0;
}
