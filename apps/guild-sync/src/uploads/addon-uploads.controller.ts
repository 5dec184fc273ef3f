import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AddonUploadDto, AddonUploadResult, Requests } from '@patt/contracts';
import { AddonUploadsService } from './addon-uploads.service';

@Controller()
export class AddonUploadsController {
  constructor(private readonly uploads: AddonUploadsService) {}

  @MessagePattern(Requests.AddonUploadApply)
  apply(@Payload() upload: AddonUploadDto): Promise<AddonUploadResult> {
    return this.uploads.apply(upload);
  }
}
