import { IsEmpty, IsOptional } from 'class-validator';

/**
 * The body of POST /discord/syncs: `{}` (or none). The one declared property is never allowed; it
 * exists because the validation pipe refuses a class with no rules at all, and with it any other
 * field is refused as unknown.
 */
export class StartDiscordSyncBody {
  @IsOptional()
  @IsEmpty({ message: 'the body takes no fields' })
  readonly nothing?: never;
}
