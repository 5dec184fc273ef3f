import { Global, Module } from '@nestjs/common';
import { DiscordConnection } from './discord-connection';
import { DiscordGuild, DiscordJsGuild } from './discord-guild';

/** The connection to Discord and the guild port every feature uses. */
@Global()
@Module({
  providers: [DiscordConnection, { provide: DiscordGuild, useClass: DiscordJsGuild }],
  exports: [DiscordConnection, DiscordGuild],
})
export class DiscordModule {}
