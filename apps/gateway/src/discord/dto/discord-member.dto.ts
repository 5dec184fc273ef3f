import { ApiProperty } from '@nestjs/swagger';
import { DiscordGuildRole, DiscordMember, DiscordSyncAccepted, RANK_LEVELS, RankLevel } from '@patt/contracts';

export class DiscordGuildRoleDto implements DiscordGuildRole {
  @ApiProperty({ enum: RANK_LEVELS, description: '1 Initiate … 5 Guild Leader' })
  level!: RankLevel;
  @ApiProperty()
  name!: string;
  @ApiProperty({ description: 'Discord role id (snowflake)' })
  roleId!: string;
}

export class DiscordMemberDto implements DiscordMember {
  @ApiProperty({ description: 'Discord user id (snowflake)' })
  userId!: string;
  @ApiProperty()
  username!: string;
  @ApiProperty({ description: 'Server nickname, else global display name, else username' })
  displayName!: string;
  @ApiProperty({ type: [String] })
  roleIds!: string[];
  @ApiProperty({ type: DiscordGuildRoleDto, nullable: true, description: 'The highest guild rank among the roles, by the rank → role mapping' })
  highestGuildRole!: DiscordGuildRoleDto | null;
  @ApiProperty({ description: 'False once the user left the server' })
  present!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The person identity linked this user to' })
  personId!: string | null;
}

export class DiscordMemberPageDto {
  @ApiProperty({ type: [DiscordMemberDto] })
  items!: DiscordMemberDto[];
  @ApiProperty()
  total!: number;
}

export class DiscordSyncAcceptedDto implements DiscordSyncAccepted {
  @ApiProperty({ format: 'uuid' })
  syncId!: string;
  @ApiProperty({ description: 'A sync was running already; no second one was started' })
  alreadyRunning!: boolean;
}
