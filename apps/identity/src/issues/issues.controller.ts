import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateReportRequestDto, IntegrityIssue, IssuesQueryDto, Page, ReportAccepted, Requests } from '@patt/contracts';
import { IssuesService } from './issues.service';

@Controller()
export class IssuesController {
  constructor(private readonly issues: IssuesService) {}

  @MessagePattern(Requests.IssuesList)
  list(@Payload() query: IssuesQueryDto): Promise<Page<IntegrityIssue>> {
    return this.issues.list(query);
  }

  @MessagePattern(Requests.ReportsCreate)
  report(@Payload() { full }: CreateReportRequestDto): Promise<ReportAccepted> {
    return this.issues.report(full);
  }
}
