import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rank, Requests, UpdateRankRequestDto } from '@patt/contracts';
import { RanksService } from './ranks.service';

@Controller()
export class RanksController {
  constructor(private readonly ranks: RanksService) {}

  @MessagePattern(Requests.RanksList)
  list(): Promise<Rank[]> {
    return this.ranks.list();
  }

  @MessagePattern(Requests.RanksUpdate)
  update(@Payload() change: UpdateRankRequestDto): Promise<Rank> {
    return this.ranks.update(change);
  }
}
