import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApiKeySummary, CreateApiKeyBody, CreatedApiKey, IdParam, Page, PageQueryDto, Requests, VerifiedApiKey, VerifyApiKeyRequestDto } from '@patt/contracts';
import { currentActor } from '@patt/service-kit';
import { ApiKeysService } from './api-keys.service';

@Controller()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @MessagePattern(Requests.ApiKeysCreate)
  create(@Payload() { name }: CreateApiKeyBody): Promise<CreatedApiKey> {
    return this.keys.create(name, currentActor().userId);
  }

  @MessagePattern(Requests.ApiKeysList)
  list(@Payload() page: PageQueryDto): Promise<Page<ApiKeySummary>> {
    return this.keys.list(page);
  }

  @MessagePattern(Requests.ApiKeysRevoke)
  async revoke(@Payload() { id }: IdParam): Promise<null> {
    await this.keys.revoke(id);
    return null;
  }

  @MessagePattern(Requests.ApiKeysVerify)
  verify(@Payload() { key }: VerifyApiKeyRequestDto): Promise<VerifiedApiKey> {
    return this.keys.verify(key);
  }
}
