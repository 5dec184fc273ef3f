import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { getMetadataStorage, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync, ValidationError } from 'class-validator';

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

/** What every service needs: the bus, its log level and the port its probes are served on. */
export class BaseConfig {
  @emptyAsUndefined()
  @Matches(/^(nats|tls):\/\/[^\s]+$/, { message: 'NATS_URL must be a nats:// URL, e.g. nats://127.0.0.1:4222' })
  NATS_URL = 'nats://127.0.0.1:4222';

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
