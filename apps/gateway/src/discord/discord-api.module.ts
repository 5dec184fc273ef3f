import { Module } from '@nestjs/common';
import { DiscordController } from './discord.controller';

/** The discord endpoints (docs/api.md, "Discord"): controllers that validate, send one request to the service, and map. */
@Module({
  controllers: [DiscordController],
})
export class DiscordApiModule {}
