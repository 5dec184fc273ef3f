import { IsString, MaxLength } from 'class-validator';
import { ImportRequest } from '@patt/contracts';

/** The largest sheet identity takes: what fits one NATS message with room for the envelope. */
export const MAX_SHEET_CHARACTERS = 900 * 1024;

export class ImportRequestDto implements ImportRequest {
  @IsString()
  @MaxLength(MAX_SHEET_CHARACTERS, { message: `the sheet must be at most ${MAX_SHEET_CHARACTERS} characters` })
  csv!: string;
}
