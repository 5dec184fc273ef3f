import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiConsumes, ApiOkResponse, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode, ImportResult, MAX_MESSAGE_BYTES, Requests } from '@patt/contracts';
import { ServiceClient, ServiceException } from '@patt/service-kit';
import { OfficerOnly } from '../access/access.decorator';
import { Consumes } from '../http/content-type.guard';

/**
 * The sheet travels to identity in one NATS request, which NATS caps at 1 MiB; a guild's sheet
 * is a few hundred KiB at most (5,000 rows of about 40 bytes is 200 KiB).
 */
export const MAX_SHEET_BYTES = MAX_MESSAGE_BYTES;

const CSV_HINT = 'send the sheet as text/csv (in a spreadsheet: File → Download/Save as → CSV, UTF-8)';

/** The CSV body as text: UTF-8 (a byte-order mark is fine), refused whole when it is not. */
export function sheetOfBody(body: unknown): string {
  if (!Buffer.isBuffer(body)) {
    throw new ServiceException(ErrorCode.UnsupportedMediaType, `This endpoint takes text/csv: ${CSV_HINT}.`);
  }
  if (body.length === 0) throw new ServiceException(ErrorCode.BadRequest, `The body is empty: ${CSV_HINT}.`);
  if (body.length > MAX_SHEET_BYTES) {
    throw new ServiceException(ErrorCode.PayloadTooLarge, `The sheet is ${body.length} bytes; an import takes at most ${MAX_SHEET_BYTES}. Split it into several imports.`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ServiceException(
      ErrorCode.BadRequest,
      `The sheet is not UTF-8 text (a spreadsheet saving "CSV" in a legacy encoding does this); save it as "CSV UTF-8" and import it again. Nothing was imported.`,
    );
  }
}

@ApiTags('identity')
@Controller('identity')
export class ImportsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('imports')
  @HttpCode(HttpStatus.OK)
  @OfficerOnly()
  @Consumes('text/csv')
  @ApiConsumes('text/csv')
  @ApiBody({
    description: 'The roster sheet as CSV with the columns Discord, Character, Realm, MainAlt (any order; other columns ignored)',
    schema: { type: 'string', example: 'Discord,Character,Realm,MainAlt\ntrogdor,Trog,Area 52,Main\ntrogdor,Trogalt,Area 52,Alt\n' },
  })
  @ApiOkResponse({ description: '{linked, skipped, skippedRows: [{line, reason}]}: rows naming nobody the platform knows are skipped, with the reason' })
  @ApiBadRequestResponse({ description: 'A bad row or header: the error names its line, details list each problem; nothing was imported' })
  @ApiConflictResponse({ description: "A row contradicts an officer's link: the error names its line; nothing was imported" })
  @ApiPayloadTooLargeResponse({ description: 'The sheet is over 900 KiB' })
  import(@Body() body: unknown): Promise<ImportResult> {
    return this.services.send(Requests.ImportsApply, { csv: sheetOfBody(body) });
  }
}
