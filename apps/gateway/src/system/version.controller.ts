import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../access/access.decorator';
import { EnvelopedResponse, objectSchema } from '../http/envelope-schemas';

export interface VersionInfo {
  name: string;
  version: string;
  apiVersion: 'v1';
}

export const VERSION_SCHEMA = objectSchema<VersionInfo>({ name: { type: 'string' }, version: { type: 'string' }, apiVersion: { type: 'string' } });

const VERSION: VersionInfo = { name: 'patt-gateway', version: process.env['npm_package_version'] ?? '0.1.0', apiVersion: 'v1' };

/** What is running; answered by the gateway alone (the baseline of the gateway benchmark). */
@ApiTags('system')
@Controller('version')
export class VersionController {
  @Get()
  @Public()
  @EnvelopedResponse(VERSION_SCHEMA)
  version(): VersionInfo {
    return VERSION;
  }
}
