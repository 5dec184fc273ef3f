import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AddonUploadResult, ErrorCode, Requests } from '@patt/contracts';
import { ServiceClient, ServiceException } from '@patt/service-kit';
import { OfficerOrApiKey } from '../access/access.decorator';
import { Consumes } from '../http/content-type.guard';
import { exportOfBody, MAX_UPLOAD_REQUEST_BYTES, trimmedExport } from './addon-upload-body';
import { AddonUploadJsonFormDto, AddonUploadResultDto } from './dto/addon-upload.dto';

/** Applying a whole guild's notes writes an event per changed character; give it time. */
const APPLY_TIMEOUT_MS = 30_000;

/**
 * The gateway parses and validates the file itself (with the pure, bounded @patt/savedvariables
 * reader) and sends guild-sync only the typed export, trimmed to what it stores: the raw file
 * (up to 2 MiB) would not fit in one NATS message, the trimmed export does.
 */
@ApiTags('guild-sync')
@Controller('guild-sync')
export class AddonUploadsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('addon-uploads')
  @HttpCode(HttpStatus.OK)
  @OfficerOrApiKey()
  @Consumes('text/plain')
  @ApiExtraModels(AddonUploadJsonFormDto)
  @ApiOperation({
    summary: "Upload the PATTSync addon's export",
    description:
      'The SavedVariables file (WTF/Account/<ACCOUNT>/SavedVariables/PATTSync.lua) as text/plain, or its JSON form as ' +
      'application/json. Members are matched to stored characters by name and realm; their notes and online data are ' +
      'stored as one run (source addon, trigger upload). An export not newer than the last applied one changes nothing ' +
      '(applied: false). Nothing of a rejected upload is applied.',
    requestBody: {
      required: true,
      content: {
        'text/plain': {
          schema: { type: 'string', description: 'The Lua file as the game writes it: PATTSyncDB = { ["lastExport"] = { ... }, ... }' },
        },
        'application/json': { schema: { $ref: getSchemaPath(AddonUploadJsonFormDto) } },
      },
    },
  })
  @ApiOkResponse({ type: AddonUploadResultDto })
  @ApiBadRequestResponse({ description: 'Not a SavedVariables table (the error says the line and column), or a bad field (the error names it)' })
  @ApiPayloadTooLargeResponse({ description: 'The file is over 2 MiB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither text/plain nor application/json' })
  upload(@Req() request: FastifyRequest): Promise<AddonUploadResult> {
    const upload = trimmedExport(exportOfBody(request.body));
    const bytes = Buffer.byteLength(JSON.stringify(upload));
    if (bytes > MAX_UPLOAD_REQUEST_BYTES) {
      throw new ServiceException(
        ErrorCode.PayloadTooLarge,
        `The export's ${upload.characters.length} members make ${bytes} bytes of notes and names, more than one upload can apply ` +
          `(${MAX_UPLOAD_REQUEST_BYTES}); nothing was applied.`,
      );
    }
    return this.services.send(Requests.AddonUploadApply, upload, { timeoutMs: APPLY_TIMEOUT_MS });
  }
}
