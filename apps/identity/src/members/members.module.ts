import { Module } from '@nestjs/common';
import { CharactersController } from '../characters/characters.controller';
import { CharactersService } from '../characters/characters.service';
import { LinksController } from '../links/links.controller';
import { LinksService } from '../links/links.service';
import { RanksModule } from '../ranks/ranks.module';
import { SuggestionsController } from '../suggestions/suggestions.controller';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { MemberEvents } from './member-events';
import { MemberUpkeep } from './member-upkeep.service';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { RegistrationsHandler } from './registrations.handler';

/**
 * Who is who, as officers and members see and change it: members, characters, links and
 * suggestions. Exports LinksService for features that make officer links in bulk (the import).
 */
@Module({
  imports: [RanksModule],
  controllers: [MembersController, CharactersController, LinksController, SuggestionsController],
  providers: [MembersService, CharactersService, LinksService, SuggestionsService, MemberEvents, MemberUpkeep, RegistrationsHandler],
  exports: [LinksService, MemberEvents],
})
export class MembersModule {}
