import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rank, Requests } from '@patt/contracts';
import { UpdateRankDto } from './dto/update-rank.dto';
import { RanksService } from './ranks.service';

@Controller()
export class RanksController {
  constructor(private readonly ranks: RanksService) {}

  @MessagePattern(Requests.RanksList)
  list(): Promise<Rank[]> {
    return this.ranks.list();
  }

  @MessagePattern(Requests.RanksUpdate)
  update(@Payload() change: UpdateRankDto): Promise<Rank> {
    return this.ranks.update(change);
  }
}
