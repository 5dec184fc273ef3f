import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IntegrityRunResult, MatchingRunResult, NoBody, Requests } from '@patt/contracts';
import { EmptyBodyPipe } from '@patt/service-kit';
import { IdentityRuns } from './identity-runs.service';

@Controller()
export class RunsController {
  constructor(private readonly runs: IdentityRuns) {}

  /** Matching now (and the integrity checks after it, in the same transaction); answers the matching counts. */
  @MessagePattern(Requests.MatchingRunsStart)
  async matching(@Payload(EmptyBodyPipe) _body: NoBody): Promise<MatchingRunResult> {
    return (await this.runs.matchAndCheck('officer')).matching;
  }

  @MessagePattern(Requests.IntegrityRunsStart)
  integrity(@Payload(EmptyBodyPipe) _body: NoBody): Promise<IntegrityRunResult> {
    return this.runs.check();
  }
}
