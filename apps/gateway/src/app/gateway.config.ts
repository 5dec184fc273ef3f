import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUrl, Max, Min, ValidateBy } from 'class-validator';
import { resolve } from 'node:path';
import { BaseConfig, emptyAsUndefined, IsJwtSecret } from '@patt/service-kit';
import { isWebRoot } from '../web/web-root';

/** A directory (relative to the working directory, or absolute) that holds the built web app. */
const IsWebRoot = () =>
  ValidateBy({
    name: 'isWebRoot',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isWebRoot(resolve(value)),
      defaultMessage: () =>
        'WEB_ROOT must be a directory holding the built web app (its index.html): build it with `npx nx build web`, or leave WEB_ROOT unset',
    },
  });

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

  /**
   * The built web app served at /. Unset: dist/apps/web under the working directory when it has
   * been built (as in the image and under `npm start`), else the gateway serves the API alone.
   */
  @emptyAsUndefined()
  @IsOptional()
  @IsWebRoot()
  WEB_ROOT?: string;
}
