import { Module } from '@nestjs/common';
import { AddonUploadsController } from './addon-uploads.controller';
import { CharacterHistoryController } from './character-history.controller';
import { GuildSyncController } from './guild-sync.controller';

/** The guild-sync endpoints (docs/api.md, "Guild sync"): controllers that validate, send one request to the service, and map. */
@Module({
  controllers: [GuildSyncController, CharacterHistoryController, AddonUploadsController],
})
export class GuildSyncApiModule {}
