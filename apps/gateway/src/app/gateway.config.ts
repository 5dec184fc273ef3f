import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsUrl, Max, Min, ValidateBy } from 'class-validator';
import { resolve } from 'node:path';
import { BaseConfig, emptyAsUndefined, IsJwtSecret } from '@patt/service-kit';
import { readTrustProxy, TrustedProxies } from '../http/trusted-proxies';
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

/** A TRUST_PROXY that readTrustProxy understood; its sentence otherwise, naming the bad entry. */
const IsTrustProxy = () =>
  ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind !== 'invalid',
      defaultMessage: (args) => (args?.value as { problem?: string } | undefined)?.problem ?? 'TRUST_PROXY is not a hop count nor a list of addresses',
    },
  });

export class GatewayConfig extends BaseConfig {
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'PORT must be a port number' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * Where GET /metrics (Prometheus) is served: a port of its own, never the public PORT, for the
   * scraper inside the deployment's network. 0: any free one (tests).
   */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'METRICS_PORT must be a port number' })
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;

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
   * Which X-Forwarded-For entries to believe (behind reverse proxies): a hop count or the proxies'
   * addresses/CIDRs, never `true` (trusted-proxies.ts). Off by default: the throttles count per
   * client address, and a client must not choose its own.
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? readTrustProxy(value) : value))
  @IsTrustProxy()
  TRUST_PROXY: TrustedProxies = { kind: 'off' };

  /**
   * The built web app served at /. Unset: dist/apps/web under the working directory when it has
   * been built (as in the image and under `npm start`), else the gateway serves the API alone.
   */
  @emptyAsUndefined()
  @IsOptional()
  @IsWebRoot()
  WEB_ROOT?: string;
}
