import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Page, Requests, RosterEvent } from '@patt/contracts';
import { currentActor } from '@patt/service-kit';
import { CharacterHistoryDto, RosterEventsQueryDto } from './dto/roster-events-query.dto';
import { RosterHistoryService } from './roster-history.service';

@Controller()
export class RosterHistoryController {
  constructor(private readonly history: RosterHistoryService) {}

  @MessagePattern(Requests.RosterEventsList)
  list(@Payload() query: RosterEventsQueryDto): Promise<Page<RosterEvent>> {
    return this.history.list(query);
  }

  @MessagePattern(Requests.CharacterHistory)
  ofCharacter(@Payload() query: CharacterHistoryDto): Promise<Page<RosterEvent>> {
    return this.history.ofCharacter(query, currentActor().rank);
  }
}
