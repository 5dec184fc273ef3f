// What the checks compare the Docker files against, read from the apps themselves: which apps
// are deployed as containers, the variables each one's config class declares (from its
// class-validator metadata, the same list loadConfig reads), the schema it owns, and the
// database setup's own list of schemas.
//
// App files are loaded by computed path (await import(path)) because the apps are discovered,
// not listed: a new app is checked the day it gets a src/main.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { BaseConfig, ServiceConfig } from '@patt/service-kit';
import { ComposeFile, parseCompose } from './compose';
import { Dockerfile, parseDockerfile } from './dockerfile';

export const ROOT = resolve(__dirname, '../../..');

/**
 * Apps with a src/main.ts that are NOT deployed as a container of their own, and why. Every other
 * app under apps/ must have apps/<app>/Dockerfile and a Compose service named after it.
 */
export const NOT_CONTAINERISED: Readonly<Record<string, string>> = {
  web: 'the web app is a static bundle the gateway serves at /, shipped inside the gateway image',
  companion: "the companion uploader runs on a player's own computer, next to World of Warcraft",
};

/**
 * Apps whose build ships inside another app's image, by the app whose image carries it: that
 * Dockerfile may copy (and must ship) the other's files.
 */
export const SHIPPED_INSIDE: Readonly<Record<string, string>> = {
  web: 'gateway',
};

/** Which path each kind of app's probe answers on, by the variable that sets its port. */
export const PROBE_PATHS: Readonly<Record<'HEALTH_PORT' | 'PORT', string>> = {
  // A backend service: ready once its database, NATS and migrations are.
  HEALTH_PORT: '/health/ready',
  // The gateway: answered by the gateway alone (/health is 503 while any backend is down).
  PORT: '/api/v1/version',
};

export type ConfigClass = new () => object;

export interface AppConfig {
  className: string;
  schema: ConfigClass;
  /** Every variable the class declares (a property with a validation decorator). */
  variables: string[];
  /** Declared with @IsOptional(): may be unset. */
  optional: string[];
  /** Neither optional nor given a default by the class: the environment must set them. */
  required: string[];
  /** The class's own default of each variable that has one. */
  defaults: Record<string, string>;
  /** A backend service (ServiceConfig: a schema and HEALTH_PORT), or else the gateway kind. */
  isService: boolean;
}

export interface App {
  name: string;
  config: AppConfig;
  /** The schema the app's module says it owns (`export const SCHEMA`), for services. */
  schema?: string;
  dockerfilePath: string;
  /** Undefined when apps/<app>/Dockerfile does not exist. */
  dockerfile?: Dockerfile;
}

export interface SetupContract {
  adminVariable: string;
  services: ReadonlyArray<{ schema: string; variable: string }>;
}

export interface PackageManifest {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

export interface Workspace {
  root: string;
  apps: App[];
  compose: ComposeFile;
  setup: SetupContract;
  manifest: PackageManifest;
  /** Packages npm ci --omit=dev leaves out (package-lock.json marks them "dev"). */
  devOnlyPackages: Set<string>;
  /** The patterns of .dockerignore, comments and blank lines dropped. */
  dockerignore: string[];
}

/** Every app under apps/ that has a src/main.ts and is not in NOT_CONTAINERISED. */
export function containerisedApps(root = ROOT): string[] {
  const appsDir = join(root, 'apps');
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'src', 'main.ts')))
    .map((entry) => entry.name)
    .filter((name) => !(name in NOT_CONTAINERISED))
    .sort();
}

function isConfigClass(value: unknown): value is ConfigClass {
  return typeof value === 'function' && value.prototype instanceof BaseConfig;
}

/** Reads a config class the way loadConfig does: its class-validator metadata. */
export function describeConfig(className: string, schema: ConfigClass): AppConfig {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  const variables = [...new Set(metadata.map((m) => m.propertyName))].sort();
  const optional = [...new Set(metadata.filter((m) => m.type === 'conditionalValidation').map((m) => m.propertyName))].sort();
  const instance = new schema() as Record<string, unknown>;
  const defaults: Record<string, string> = {};
  for (const name of variables) if (instance[name] !== undefined) defaults[name] = String(instance[name]);
  const required = variables.filter((name) => !optional.includes(name) && !(name in defaults));
  return { className, schema, variables, optional, required, defaults, isService: schema.prototype instanceof ServiceConfig };
}

/** The one config class in apps/<app>/src/app/*.config.ts. */
export async function loadAppConfig(app: string, root = ROOT): Promise<AppConfig> {
  const dir = join(root, 'apps', app, 'src', 'app');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.config.ts')) : [];
  const classes: Array<[string, ConfigClass]> = [];
  for (const file of files) {
    const exported = (await import(join(dir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) if (isConfigClass(value)) classes.push([name, value]);
  }
  if (classes.length !== 1) {
    throw new Error(`apps/${app}/src/app/*.config.ts must export exactly one BaseConfig class; found ${classes.length}`);
  }
  const [className, schema] = classes[0]!;
  return describeConfig(className, schema);
}

/** `export const SCHEMA` of apps/<app>/src/app/<app>.module.ts, if there is one. */
export async function loadAppSchema(app: string, root = ROOT): Promise<string | undefined> {
  const file = join(root, 'apps', app, 'src', 'app', `${app}.module.ts`);
  if (!existsSync(file)) return undefined;
  const exported = (await import(file)) as Record<string, unknown>;
  const schema = exported['SCHEMA'];
  return typeof schema === 'string' ? schema : undefined;
}

/** What libs/persistence/src/setup-cli.ts reads: its own exported list, not a copy of it. */
export async function loadSetupContract(root = ROOT): Promise<SetupContract> {
  const cli = (await import(join(root, 'libs', 'persistence', 'src', 'setup-cli.ts'))) as Record<string, unknown>;
  const adminVariable = cli['ADMIN_URL_VARIABLE'];
  const services = cli['SETUP_SERVICES'];
  const valid =
    typeof adminVariable === 'string' &&
    Array.isArray(services) &&
    services.every((s: unknown) => typeof s === 'object' && s !== null && 'schema' in s && 'variable' in s);
  if (!valid) throw new Error('libs/persistence/src/setup-cli.ts must export ADMIN_URL_VARIABLE and SETUP_SERVICES');
  return { adminVariable, services: services as SetupContract['services'] };
}

export function readManifest(root = ROOT): PackageManifest {
  const json = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Partial<PackageManifest>;
  return { dependencies: json.dependencies ?? {}, devDependencies: json.devDependencies ?? {} };
}

/** Top-level packages the lockfile marks dev-only: `npm ci --omit=dev` does not install them. */
export function devOnlyPackages(root = ROOT): Set<string> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages?: Record<string, { dev?: boolean }>;
  };
  const devOnly = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const name = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path)?.[1];
    if (name && entry.dev === true) devOnly.add(name);
  }
  return devOnly;
}

export function readDockerignore(root = ROOT): string[] {
  const file = join(root, '.dockerignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Reads everything the checks need from the working tree. */
export async function loadWorkspace(root = ROOT): Promise<Workspace> {
  const apps: App[] = [];
  for (const name of containerisedApps(root)) {
    const dockerfilePath = join('apps', name, 'Dockerfile');
    const absolute = join(root, dockerfilePath);
    const config = await loadAppConfig(name, root);
    apps.push({
      name,
      config,
      schema: config.isService ? await loadAppSchema(name, root) : undefined,
      dockerfilePath,
      dockerfile: existsSync(absolute) ? parseDockerfile(readFileSync(absolute, 'utf8')) : undefined,
    });
  }
  return {
    root,
    apps,
    compose: parseCompose(readFileSync(join(root, 'docker-compose.yml'), 'utf8')),
    setup: await loadSetupContract(root),
    manifest: readManifest(root),
    devOnlyPackages: devOnlyPackages(root),
    dockerignore: readDockerignore(root),
  };
}
