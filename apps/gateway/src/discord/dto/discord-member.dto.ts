import { ApiProperty } from '@nestjs/swagger';
import { DiscordGuildRole, DiscordMember, DiscordRole, DiscordSyncAccepted, RANK_LEVELS, RankLevel } from '@patt/contracts';

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

export class DiscordRoleDto implements DiscordRole {
  @ApiProperty({ description: 'Discord role id (snowflake)' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ description: 'Discord’s position: higher is above' })
  position!: number;
  @ApiProperty({ description: 'Managed by an integration (a bot’s own role, a booster role)' })
  managed!: boolean;
  @ApiProperty({ description: 'Not managed and below the bot’s highest role: the bot may give and take it (false while it is not connected)' })
  assignable!: boolean;
}

export class DiscordRolePageDto {
  @ApiProperty({ type: [DiscordRoleDto] })
  items!: DiscordRoleDto[];
  @ApiProperty()
  total!: number;
}

export class DiscordSyncAcceptedDto implements DiscordSyncAccepted {
  @ApiProperty({ format: 'uuid' })
  syncId!: string;
  @ApiProperty({ description: 'A sync was running already; no second one was started' })
  alreadyRunning!: boolean;
}
