import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
  ValidationError,
} from 'class-validator';

/** Thrown at start when the environment is wrong; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service} cannot start; fix its environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Empty strings count as unset, as they do in Compose files and shell exports. */
export const emptyAsUndefined = () =>
  Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));

/**
 * A bus password: nats-server reads Compose's from its environment as a bare word of its own
 * configuration language, where digits would be a number and `a b` two words; this shape is
 * always one string.
 */
export const NATS_PASSWORD_SHAPE = /^[A-Za-z][A-Za-z0-9_-]{15,}$/;
export const NATS_PASSWORD_RULE = 'NATS_PASSWORD must be at least 16 letters, digits, - or _, starting with a letter';

/** What every service needs: the bus, its log level and the port its probes are served on. */
export class BaseConfig {
  @emptyAsUndefined()
  @Matches(/^(nats|tls):\/\/[^\s]+$/, { message: 'NATS_URL must be a nats:// URL, e.g. nats://127.0.0.1:4222' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /**
   * The service's NATS user (README, "Trust between services"): by default the service's own
   * name, which is the user the generated authorization gives its permissions to. Set only with
   * NATS_PASSWORD.
   */
  @emptyAsUndefined()
  @IsOptional()
  @Matches(/^[a-z0-9_-]+$/, { message: 'NATS_USER must be a user of the bus: letters, digits, - or _ (by default the service’s own name)' })
  NATS_USER?: string;

  /**
   * The service's NATS password. Without it the service connects anonymously, which a bus with
   * users refuses (an open bus, e.g. a developer's own nats-server, takes it).
   */
  @emptyAsUndefined()
  @ValidateIf((config: BaseConfig) => config.NATS_PASSWORD !== undefined || config.NATS_USER !== undefined)
  @IsString({ message: 'NATS_PASSWORD is missing: NATS_USER needs its password' })
  @Matches(NATS_PASSWORD_SHAPE, { message: NATS_PASSWORD_RULE })
  NATS_PASSWORD?: string;

  /** The subject root of events and requests; test suites pick their own so runs never meet. */
  @emptyAsUndefined()
  @Matches(/^[a-z0-9_-]+$/i, { message: 'NATS_SUBJECT_ROOT must be one subject token of letters, digits, - or _' })
  NATS_SUBJECT_ROOT = 'patt';

  /** The JetStream stream the events are kept in. */
  @emptyAsUndefined()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'NATS_STREAM must be letters, digits, - or _' })
  NATS_STREAM = 'PATT_EVENTS';

  /** How long a request over NATS may take before the caller gives up (ms). */
  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'NATS_REQUEST_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  @Max(120_000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  @emptyAsUndefined()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * Whether the process keeps Prometheus metrics (docs/operations.md, Metrics). `false` serves no
   * /metrics (404 on a service's health port; the gateway opens no METRICS_PORT), starts none of
   * the default collectors, and leaves the per-request families of the gateway and of requests
   * between services out of the request path: what the gateway bench compares against.
   */
  @emptyAsUndefined()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'METRICS_ENABLED must be true or false' })
  METRICS_ENABLED = true;
}

/** A backend service: it owns a schema and serves liveness and readiness on HEALTH_PORT. */
export class ServiceConfig extends BaseConfig {
  @emptyAsUndefined()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_URL must be a postgres:// URL with the service’s own role' })
  DATABASE_URL!: string;

  @emptyAsUndefined()
  @Type(() => Number)
  @IsInt({ message: 'HEALTH_PORT must be a port number' })
  @Min(0)
  @Max(65535)
  HEALTH_PORT!: number;
}

/** A secret for signing tokens: HS256 wants at least 32 bytes of key. */
export function IsJwtSecret() {
  return (target: object, key: string) => {
    IsString({ message: `${key} is required` })(target, key);
    MinLength(32, { message: `${key} must be at least 32 bytes` })(target, key);
  };
}

export { IsOptional };

/** The variables a config class declares: every property that carries a validation decorator. */
function variablesOf(schema: new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** One line per bad variable: "X is missing", or what is wrong with its value (never the value). */
function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => {
    if (error.value === undefined) return [`${error.property} is missing`];
    return Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    );
  });
}

/**
 * Reads the environment into a typed, validated config object. Every problem is listed, so an
 * operator fixes them in one go rather than one restart at a time. Values are never echoed:
 * some of them are secrets.
 */
export function loadConfig<T extends object>(
  service: string,
  schema: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const source: Record<string, unknown> = { ...(new schema() as Record<string, unknown>) };
  for (const key of variablesOf(schema)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') source[key] = value;
  }
  const config = plainToInstance(schema, source, { exposeDefaultValues: true });
  const problems = describe(validateSync(config, { forbidUnknownValues: false }));
  if (problems.length > 0) throw new ConfigError(service, problems);
  return config;
}

/** Reads config or, when it is wrong, prints what to fix and exits: a service never half-starts. */
export function loadConfigOrExit<T extends object>(service: string, schema: new () => T): T {
  try {
    return loadConfig(service, schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
