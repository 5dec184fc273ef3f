import { Module } from '@nestjs/common';
import { IdentityDataModule } from '../app/identity-data.module';
import { CharacterChangedHandler } from './character-changed.handler';
import { DiscordMemberChangedHandler } from './discord-member-changed.handler';
import { DiscordMembersSyncedHandler } from './discord-members-synced.handler';
import { RosterSyncedHandler } from './roster-synced.handler';

/**
 * The picture of the roster and the Discord server, kept from guild-sync's and the bot's events;
 * every change applied asks for a matching run (common/matching-requests.repository.ts).
 */
@Module({
  imports: [IdentityDataModule],
  providers: [RosterSyncedHandler, CharacterChangedHandler, DiscordMembersSyncedHandler, DiscordMemberChangedHandler],
})
export class ProjectionsModule {}
