import { Global, Module } from '@nestjs/common';
import { DiscordConnection } from './discord-connection';
import { DiscordGuild, DiscordJsGuild } from './discord-guild';
import { GatewayLeadership } from './gateway-leadership';

/** The connection to Discord and the guild port every feature uses. */
@Global()
@Module({
  providers: [GatewayLeadership, DiscordConnection, { provide: DiscordGuild, useClass: DiscordJsGuild }],
  exports: [GatewayLeadership, DiscordConnection, DiscordGuild],
})
export class DiscordModule {}
