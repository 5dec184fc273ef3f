import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BattlenetLinkFinishDto, BattlenetLinkFinished, BattlenetLinkStartDto, BattlenetLinkStarted, Requests } from '@patt/contracts';
import { BattlenetLinkService } from './battlenet-link.service';

@Controller()
export class BattlenetController {
  constructor(private readonly link: BattlenetLinkService) {}

  @MessagePattern(Requests.BattlenetLinkStart)
  start(@Payload() body: BattlenetLinkStartDto): Promise<BattlenetLinkStarted> {
    return this.link.start(body);
  }

  @MessagePattern(Requests.BattlenetLinkFinish)
  finish(@Payload() body: BattlenetLinkFinishDto): Promise<BattlenetLinkFinished> {
    return this.link.finish(body);
  }
}
