import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ImportResult, Requests } from '@patt/contracts';
import { ImportRequestDto } from './import-request.dto';
import { ImportsService } from './imports.service';

@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @MessagePattern(Requests.ImportsApply)
  apply(@Payload() { csv }: ImportRequestDto): Promise<ImportResult> {
    return this.imports.import(csv);
  }
}
