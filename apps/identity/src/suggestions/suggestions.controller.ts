import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByIdRequestDto, ConfirmSuggestionRequestDto, IdentityLink, LinkSuggestion, Page, PageQueryDto, Requests } from '@patt/contracts';
import { SuggestionsService } from './suggestions.service';

@Controller()
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @MessagePattern(Requests.SuggestionsList)
  list(@Payload() page: PageQueryDto): Promise<Page<LinkSuggestion>> {
    return this.suggestions.list(page);
  }

  @MessagePattern(Requests.SuggestionsConfirm)
  confirm(@Payload() { id, all }: ConfirmSuggestionRequestDto): Promise<IdentityLink> {
    return this.suggestions.confirm(id, all);
  }

  @MessagePattern(Requests.SuggestionsReject)
  reject(@Payload() { id }: ByIdRequestDto): Promise<null> {
    return this.suggestions.reject(id);
  }
}
