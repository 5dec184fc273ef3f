import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CharacterHistoryRequestDto, Page, Requests, RosterEvent, RosterEventsQueryDto } from '@patt/contracts';
import { currentActor } from '@patt/service-kit';
import { RosterHistoryService } from './roster-history.service';

@Controller()
export class RosterHistoryController {
  constructor(private readonly history: RosterHistoryService) {}

  @MessagePattern(Requests.RosterEventsList)
  list(@Payload() query: RosterEventsQueryDto): Promise<Page<RosterEvent>> {
    return this.history.list(query);
  }

  @MessagePattern(Requests.CharacterHistory)
  ofCharacter(@Payload() query: CharacterHistoryRequestDto): Promise<Page<RosterEvent>> {
    return this.history.ofCharacter(query, currentActor().rank);
  }
}
