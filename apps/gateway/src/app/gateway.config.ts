import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { BaseConfig, emptyAsUndefined, IsJwtSecret } from '@patt/service-kit';

export class GatewayConfig extends BaseConfig {
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'PORT must be a port number' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @emptyAsUndefined()
  @IsJwtSecret()
  JWT_SECRET!: string;

  /** Where members reach the web app; shown in the OpenAPI document's servers. */
  @emptyAsUndefined()
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  /** Largest request body accepted (bytes); an addon upload is at most 2 MiB. */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'BODY_LIMIT_BYTES must be a whole number of bytes' })
  @Min(1024)
  BODY_LIMIT_BYTES = 2 * 1024 * 1024;

  /**
   * Whether to believe X-Forwarded-For (behind a reverse proxy). Off by default: the throttles
   * count per client address, and a client must not choose its own.
   */
  @emptyAsUndefined()
  @Transform(({ value }) => (typeof value === 'string' ? value === 'true' || value === '1' : value))
  @IsBoolean({ message: 'TRUST_PROXY must be true or false' })
  TRUST_PROXY = false;
}
