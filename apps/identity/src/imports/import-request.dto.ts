import { IsString, MaxLength } from 'class-validator';
import { ImportRequest, MAX_MESSAGE_BYTES } from '@patt/contracts';

/** The largest sheet identity takes: what fits one NATS message. */
export const MAX_SHEET_CHARACTERS = MAX_MESSAGE_BYTES;

export class ImportRequestDto implements ImportRequest {
  @IsString()
  @MaxLength(MAX_SHEET_CHARACTERS, { message: `the sheet must be at most ${MAX_SHEET_CHARACTERS} characters` })
  csv!: string;
}
