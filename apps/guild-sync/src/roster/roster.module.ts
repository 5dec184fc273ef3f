import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CharacterEntity } from './character.entity';
import { CharactersRepository } from './characters.repository';
import { RosterEventEntity } from './roster-event.entity';
import { RosterEventsRepository } from './roster-events.repository';
import { RosterHistoryController } from './roster-history.controller';
import { RosterHistoryService } from './roster-history.service';

/** The roster store (characters keyed by Blizzard id) and its history of roster events. */
@Module({
  imports: [TypeOrmModule.forFeature([CharacterEntity, RosterEventEntity])],
  controllers: [RosterHistoryController],
  providers: [CharactersRepository, RosterEventsRepository, RosterHistoryService],
  exports: [CharactersRepository, RosterEventsRepository],
})
export class RosterModule {}
