import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConflictsQueryDto, MatchingConflict, Page, Requests } from '@patt/contracts';
import { ConflictsService } from './conflicts.service';

@Controller()
export class ConflictsController {
  constructor(private readonly conflicts: ConflictsService) {}

  @MessagePattern(Requests.ConflictsList)
  list(@Payload() query: ConflictsQueryDto): Promise<Page<MatchingConflict>> {
    return this.conflicts.list(query);
  }
}
