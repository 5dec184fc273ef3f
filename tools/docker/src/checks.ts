// The checks of docker-compose.yml and the root Dockerfile (read per app, build argument APP) against the apps. Each takes the
// Workspace (workspace.ts) and returns its problems, one readable line each, [] when all is well;
// being pure functions of that data, the spec can break a copy and watch them fail.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUS_SERVICES, BUS_SETUP_USER } from '@patt/contracts';
import { BUS_USERS, natsPasswordVariable } from '@patt/messaging';
import { allReferences, ComposeService, interpolate, soleReference } from './compose';
import {
  configLoadProblems,
  declaredVariableProblems,
  imageProbeProblems,
  instructionsOf,
  mainPath,
  OMITTED_WITH_SAFE_DEFAULT,
  PLACEHOLDER,
  probeOf,
  roleFor,
  SECRET_NAME,
} from './app-checks';
import { APP_ARG, baseImage, Dockerfile, execForm, finalStage, Instruction, keyValues, lineage } from './dockerfile';
import { RuntimeRequires } from './runtime-deps';
import { composeNatsConfig, NATS_CONFIG_IN_CONTAINER, NATS_STORE_IN_CONTAINER } from './nats-config';
import { App, NATS_CONFIG_FILE, SHIPPED_INSIDE, Workspace } from './workspace';

export { mainPath, OMITTED_WITH_SAFE_DEFAULT, PLACEHOLDER, roleFor, SECRET_NAME };

/**
 * Variables each service reads under one name but the operator sets once per service: the
 * service's own NATS password (AUTH_NATS_PASSWORD for auth …), by the variable Compose passes.
 */
export const PER_SERVICE_VARIABLES: Readonly<Record<string, (service: string) => string>> = {
  NATS_PASSWORD: natsPasswordVariable,
};

const POSTGRES_SERVICE = 'postgres';
const NATS_SERVICE = 'nats';
const SETUP_SERVICE = 'db-setup';
const BUS_SETUP_SERVICE = 'bus-setup';

// --- helpers ------------------------------------------------------------------------------------

/** The services of the containerised apps, skipping apps with no service (checkCoverage says so). */
function appServices(ws: Workspace): Array<[App, ComposeService]> {
  return ws.apps.flatMap((app): Array<[App, ComposeService]> => {
    const service = ws.compose.services[app.name];
    return service ? [[app, service]] : [];
  });
}

/** Variables some `${VAR:?…}` in the file makes the operator set. */
function operatorRequired(ws: Workspace): Set<string> {
  const names = new Set<string>();
  for (const service of Object.values(ws.compose.services)) {
    for (const value of Object.values(service.environment)) {
      for (const ref of allReferences(value)) if (ref.operator === ':?' || ref.operator === '?') names.add(ref.name);
    }
  }
  return names;
}

/**
 * The environment a service gets when the operator sets only what Compose insists on: those
 * variables get PLACEHOLDER, every other reference takes its default (or stays empty).
 */
export function resolvedEnvironment(ws: Workspace, service: ComposeService): Record<string, string> {
  const required = operatorRequired(ws);
  const host = (name: string) => (required.has(name) ? PLACEHOLDER : undefined);
  return Object.fromEntries(Object.entries(service.environment).map(([key, value]) => [key, interpolate(value, host)]));
}

/** A value with every reference replaced by `ref`: its shape (URL parts) without the secrets. */
function masked(value: string): string {
  return interpolate(value, () => 'ref');
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(masked(value));
  } catch {
    return undefined;
  }
}

/** The port an app's container listens on for its probe: Compose's value, else the class default. */
function probePort(ws: Workspace, app: App, service: ComposeService, variable: string): string | undefined {
  const fromCompose = resolvedEnvironment(ws, service)[variable];
  return fromCompose !== undefined && fromCompose !== '' ? fromCompose : app.config.defaults[variable];
}

const LOCAL_URL = /https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)(\/[^\s'"`)]*)?/;

/** COPY's flags and paths: `COPY --from=build /app/x ./x` -> { from: 'build', sources: ['/app/x'], dest: './x' }. */
function copyParts(args: string): { from?: string; sources: string[]; dest: string } {
  const json = execForm(args);
  const words = json ?? args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1] ?? '' };
}

const isNpmCi = (i: Instruction) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args);
const isProdNpmCi = (i: Instruction) => isNpmCi(i) && /--omit=dev\b/.test(i.args);

// --- the checks ---------------------------------------------------------------------------------

/** Every containerised app has a Compose service built from the Dockerfile with APP set to it. */
export function checkCoverage(ws: Workspace): string[] {
  const problems: string[] = [];
  for (const app of ws.apps) {
    if (!app.dockerfile) problems.push(`${app.name}: ${app.dockerfilePath} is missing`);
    const service = ws.compose.services[app.name];
    if (!service) {
      problems.push(`${app.name}: docker-compose.yml has no service named ${app.name}`);
      continue;
    }
    if (service.build?.context !== '.' || service.build.dockerfile !== app.dockerfilePath || service.build.args[APP_ARG] !== app.name) {
      problems.push(`${app.name}: the service must build with context ., dockerfile ${app.dockerfilePath} and args { ${APP_ARG}: ${app.name} }`);
    }
  }
  for (const service of Object.values(ws.compose.services)) {
    if (!service.build) continue;
    const dockerfile = service.build.dockerfile;
    if (!ws.apps.some((app) => app.dockerfilePath === dockerfile)) {
      problems.push(`${service.name}: builds ${dockerfile}, which is not the apps' Dockerfile`);
    } else if (!ws.apps.some((app) => app.name === service.build?.args[APP_ARG])) {
      problems.push(`${service.name}: builds with ${APP_ARG}=${service.build.args[APP_ARG] ?? '(unset)'}, which is no containerised app`);
    }
  }
  return problems;
}

/**
 * Each app service's environment is exactly what its config class declares (less
 * OMITTED_WITH_SAFE_DEFAULT); required variables cannot end up empty; Compose defaults agree with
 * the class defaults; pass-through references use the variable's own name.
 */
export function checkEnvironment(ws: Workspace): string[] {
  const problems: string[] = [];
  for (const [app, service] of appServices(ws)) {
    const { className, required, defaults } = app.config;
    const env = service.environment;
    problems.push(...declaredVariableProblems(app, Object.keys(env), 'Compose'));
    for (const variable of required) {
      const value = env[variable];
      if (value === undefined) continue; // reported above
      let empty: boolean;
      try {
        empty = interpolate(value, () => undefined).trim() === '';
      } catch {
        empty = false; // a ${VAR:?…}: Compose refuses to start without it
      }
      if (empty) problems.push(`${app.name}: ${variable} is required by ${className} but its Compose value can be empty; use \${${variable}:?…} or a default`);
    }
    for (const [key, value] of Object.entries(env)) {
      for (const ref of allReferences(value)) {
        if (ref.operator === '') problems.push(`${app.name}: ${key} uses ${ref.raw}; write \${${ref.name}:-} or \${${ref.name}:?…} so an unset variable is intended`);
      }
      const sole = soleReference(value);
      if (!sole) continue;
      const perService = PER_SERVICE_VARIABLES[key]?.(app.name);
      if (perService !== undefined && sole.name !== perService) {
        problems.push(`${app.name}: ${key} reads the host's ${sole.name}; it is ${app.name}'s own, \${${perService}:?…}`);
      } else if (perService === undefined && sole.name !== key) {
        problems.push(`${app.name}: ${key} reads the host's ${sole.name}; pass ${key} through under its own name`);
      }
      const classDefault = defaults[key];
      if ((sole.operator === ':-' || sole.operator === '-') && sole.argument !== '' && classDefault !== undefined && sole.argument !== classDefault) {
        problems.push(`${app.name}: ${key} defaults to "${sole.argument}" in Compose but to "${classDefault}" in ${className}`);
      }
    }
  }
  return problems;
}

/** Each app's config class accepts its Compose environment (loadConfig, as at start). */
export function checkConfigsLoad(ws: Workspace): string[] {
  return appServices(ws).flatMap(([app, service]) => configLoadProblems(app, resolvedEnvironment(ws, service), 'Compose'));
}

/**
 * Compose's healthcheck of each app asks the probe path on the port its environment sets; the
 * image's HEALTHCHECK asks the same path on the same variable; the image's ENV and EXPOSE agree.
 */
export function checkHealthchecks(ws: Workspace): string[] {
  const problems: string[] = [];
  for (const [app, service] of appServices(ws)) {
    const probe = probeOf(app);
    if (!probe) {
      problems.push(`${app.name}: ${app.config.className} declares neither HEALTH_PORT nor PORT; nothing to probe`);
      continue;
    }
    const port = probePort(ws, app, service, probe.variable);
    const test = service.healthcheck?.disable === false ? service.healthcheck.test.join(' ') : '';
    const url = LOCAL_URL.exec(test);
    if (!url) problems.push(`${app.name}: Compose healthcheck must fetch http://127.0.0.1:<${probe.variable}>${probe.path}`);
    else {
      if (url[1] !== port) problems.push(`${app.name}: Compose healthcheck probes port ${url[1]} but ${probe.variable} is ${port}`);
      if (url[2] !== probe.path) problems.push(`${app.name}: Compose healthcheck asks ${url[2] ?? '/'}, should be ${probe.path}`);
    }
    if (probe.variable === 'PORT' && !service.ports.some((p) => p.split(':').pop() === port)) {
      problems.push(`${app.name}: no published port maps to its PORT ${port}`);
    }
    problems.push(...imageProbeProblems(app, port, 'Compose'));
  }
  return problems;
}

/** One Dockerfile's problems; see checkDockerfiles. */
export function dockerfileProblems(app: string, dockerfile: Dockerfile): string[] {
  const problems: string[] = [];
  const say = (text: string) => problems.push(`${app}: Dockerfile ${text}`);
  const final = finalStage(dockerfile);
  if (!final) return [`${app}: Dockerfile has no FROM`];
  const finalStages = lineage(dockerfile, final);

  // One base image for every stage: node_modules (bcrypt's native binary) are copied between them.
  const bases = new Set(dockerfile.stages.map((s) => baseImage(dockerfile, s)));
  if (bases.size !== 1) say(`stages rest on different images (${[...bases].join(', ')}); native modules need one libc`);
  const [base] = [...bases];
  if (!base || !/^node:20[.-]/.test(base)) say(`must build on a node:20 image (the engines of package.json), not ${base}`);

  // The build names this app, and only this app's sources go in.
  const runs = dockerfile.stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN'));
  const built = runs.flatMap((i) => [
    ...[...i.args.matchAll(/build-app\.mjs\s+([\w-]+)/g)].map((m) => m[1]!),
    ...[...i.args.matchAll(/\bnx\s+(?:run\s+([\w-]+):build|build\s+([\w-]+))/g)].map((m) => (m[1] ?? m[2])!),
  ]);
  if (built.length === 0) say('never builds the app (node tools/build/build-app.mjs <app> or nx build <app>)');
  for (const name of built) if (name !== app) say(`builds ${name}, not ${app}`);
  for (const copy of instructionsOf(dockerfile.stages, 'COPY')) {
    for (const source of copyParts(copy.args).sources) {
      const other = /(?:^|\/)(?:dist\/)?apps\/([\w-]+)/.exec(source)?.[1];
      if (other && other !== app && SHIPPED_INSIDE[other] !== app) say(`line ${copy.line} copies ${source}, another app's files`);
    }
  }

  // The runtime stage: the built app, production dependencies, not root, production mode.
  const cmd = instructionsOf(finalStages, 'CMD').pop();
  const command = cmd && execForm(cmd.args);
  if (!command || command.join(' ') !== `node ${mainPath(app)}`) {
    say(`CMD must be ["node", "${mainPath(app)}"] in exec form (so node gets SIGTERM), not ${cmd?.args ?? 'missing'}`);
  }
  const copiesBuildOf = (name: string) =>
    instructionsOf(finalStages, 'COPY').some((c) => {
      const parts = copyParts(c.args);
      return parts.from !== undefined && parts.sources.some((s) => s.replace(/^\/app\//, '').replace(/\/$/, '') === `dist/apps/${name}`);
    });
  if (!copiesBuildOf(app)) say(`runtime stage must COPY --from=<build stage> dist/apps/${app}`);
  for (const [shipped, host] of Object.entries(SHIPPED_INSIDE)) {
    if (host === app && !copiesBuildOf(shipped)) say(`runtime stage must COPY --from=<build stage> dist/apps/${shipped}, which ${app} ships`);
  }
  const prodModules =
    finalStages.some((s) => s.instructions.some(isProdNpmCi)) ||
    instructionsOf(finalStages, 'COPY').some((c) => {
      const parts = copyParts(c.args);
      const from = dockerfile.stages.find((s) => s.name === parts.from);
      return parts.sources.some((s) => s.endsWith('node_modules')) && from !== undefined && lineage(dockerfile, from).some((s) => s.instructions.some(isProdNpmCi));
    });
  if (!prodModules) say('runtime node_modules must come from `npm ci --omit=dev`');
  const user = instructionsOf(finalStages, 'USER').pop()?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') say('must run as a non-root USER');
  const env = Object.assign({}, ...instructionsOf(finalStages, 'ENV').map((i) => keyValues(i.args))) as Record<string, string>;
  if (env['NODE_ENV'] !== 'production') say('runtime stage must set NODE_ENV=production');
  if (instructionsOf(finalStages, 'STOPSIGNAL').pop()?.args !== 'SIGTERM') say('must say STOPSIGNAL SIGTERM');
  if (instructionsOf(finalStages, 'EXPOSE').length === 0) say('must EXPOSE its port');
  if (instructionsOf(finalStages, 'HEALTHCHECK').length === 0) say('must have a HEALTHCHECK');

  // Installs: a full `npm ci` to build with; manifests copied alone before it, for layer caching.
  if (!runs.some((i) => isNpmCi(i) && !isProdNpmCi(i))) say('never runs `npm ci` (with dev dependencies) to build');
  for (const stage of dockerfile.stages) {
    const ordered = lineage(dockerfile, stage).flatMap((s) => s.instructions);
    const firstCi = ordered.findIndex(isNpmCi);
    if (firstCi < 0 || !stage.instructions.some(isNpmCi)) continue;
    const before = ordered.slice(0, firstCi).filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD').map((i) => copyParts(i.args));
    const copied = before.filter((c) => c.from === undefined).flatMap((c) => c.sources);
    if (!copied.includes('package.json') || !copied.includes('package-lock.json')) {
      say(`stage ${stage.name ?? stage.from}: COPY package.json package-lock.json before npm ci`);
    }
    const extra = copied.filter((s) => s !== 'package.json' && s !== 'package-lock.json');
    if (extra.length > 0) say(`stage ${stage.name ?? stage.from}: copies ${extra.join(', ')} before npm ci, so any change re-installs`);
  }
  return problems;
}

/** The app whose image a one-shot service builds: the Dockerfile's, with APP. */
function imageAppOf(ws: Workspace, service: ComposeService): string | undefined {
  const build = service.build;
  return build && ws.apps.some((a) => a.dockerfilePath === build.dockerfile) ? build.args[APP_ARG] : undefined;
}

/** Every app's Dockerfile: see dockerfileProblems. */
export function checkDockerfiles(ws: Workspace): string[] {
  return ws.apps.flatMap((app) => (app.dockerfile ? dockerfileProblems(app.name, app.dockerfile) : []));
}

/**
 * db-setup gives setup-cli exactly the variables it reads; each <SERVICE>_DATABASE_URL is that
 * service's own DATABASE_URL, with role patt_<schema> for the schema the service's module owns;
 * the services wait for db-setup to finish.
 */
export function checkDatabaseSetup(ws: Workspace): string[] {
  const problems: string[] = [];
  const setup = ws.compose.services[SETUP_SERVICE];
  if (!setup) return [`docker-compose.yml has no ${SETUP_SERVICE} service`];
  const say = (text: string) => problems.push(`${SETUP_SERVICE}: ${text}`);

  const imageApp = imageAppOf(ws, setup);
  if (!imageApp || !ws.apps.some((a) => a.name === imageApp)) say("must build one of the apps' images (the Dockerfile with args APP)");
  const cli = `dist/apps/${imageApp}/libs/persistence/src/setup-cli.js`;
  if (setup.command?.join(' ') !== `node ${cli}`) say(`command must be ["node", "${cli}"]`);
  if (setup.restart !== undefined && setup.restart !== 'no') say(`is a one-shot: restart must be "no", not ${setup.restart}`);
  if (setup.dependsOn[POSTGRES_SERVICE] !== 'service_healthy') say(`must wait for ${POSTGRES_SERVICE}: service_healthy`);

  const expected = [ws.setup.adminVariable, ...ws.setup.services.map((s) => s.variable)].sort();
  const actual = Object.keys(setup.environment).sort();
  if (expected.join() !== actual.join()) say(`environment must be exactly ${expected.join(', ')} (setup-cli reads those); has ${actual.join(', ')}`);

  const admin = parseUrl(setup.environment[ws.setup.adminVariable] ?? '');
  const postgres = ws.compose.services[POSTGRES_SERVICE];
  if (!admin || admin.hostname !== POSTGRES_SERVICE) say(`${ws.setup.adminVariable} must be a postgres:// URL to host ${POSTGRES_SERVICE}`);
  else if (postgres && decodeURIComponent(admin.username) !== (postgres.environment['POSTGRES_USER'] ?? 'postgres')) {
    say(`${ws.setup.adminVariable} must connect as the ${POSTGRES_SERVICE} superuser`);
  }
  const adminPassword = soleReference(/:(\$\{[^}]+\})@/.exec(setup.environment[ws.setup.adminVariable] ?? '')?.[1] ?? '');
  const superPassword = soleReference(postgres?.environment['POSTGRES_PASSWORD'] ?? '');
  if (!adminPassword || !superPassword || adminPassword.name !== superPassword.name) {
    say(`${ws.setup.adminVariable}'s password must be the same variable as ${POSTGRES_SERVICE}'s POSTGRES_PASSWORD`);
  }

  const databases = new Set<string>();
  for (const [app, service] of appServices(ws)) {
    if (!app.config.variables.includes('DATABASE_URL')) continue;
    const url = service.environment['DATABASE_URL'];
    if (!app.schema) {
      problems.push(`${app.name}: apps/${app.name}/src/app/${app.name}.module.ts must export its SCHEMA`);
      continue;
    }
    const entry = ws.setup.services.find((s) => s.schema === app.schema);
    if (!entry) {
      problems.push(`${app.name}: schema ${app.schema} is not in setup-cli's SETUP_SERVICES`);
      continue;
    }
    if (url === undefined) continue; // checkEnvironment reports it
    if (setup.environment[entry.variable] !== url) say(`${entry.variable} must be exactly ${app.name}'s DATABASE_URL`);
    const parsed = parseUrl(url);
    if (!parsed || !/^postgres(ql)?:$/.test(parsed.protocol)) {
      problems.push(`${app.name}: DATABASE_URL must be a postgres:// URL`);
      continue;
    }
    if (decodeURIComponent(parsed.username) !== roleFor(app.schema)) {
      problems.push(`${app.name}: DATABASE_URL connects as ${parsed.username || 'nobody'}; the owner of schema ${app.schema} is ${roleFor(app.schema)}`);
    }
    if (parsed.hostname !== POSTGRES_SERVICE) problems.push(`${app.name}: DATABASE_URL must point at host ${POSTGRES_SERVICE}`);
    databases.add(parsed.pathname);
    if (service.dependsOn[SETUP_SERVICE] !== 'service_completed_successfully') {
      problems.push(`${app.name}: must depend on ${SETUP_SERVICE} with condition service_completed_successfully`);
    }
    if (service.dependsOn[POSTGRES_SERVICE] !== 'service_healthy') problems.push(`${app.name}: must depend on ${POSTGRES_SERVICE} with condition service_healthy`);
  }
  if (databases.size > 1) say(`the services use different databases (${[...databases].join(', ')}); setup wants one`);
  for (const entry of ws.setup.services) {
    if (!ws.apps.some((a) => a.schema === entry.schema)) say(`SETUP_SERVICES has schema ${entry.schema}, which no app owns`);
  }
  return problems;
}

/**
 * NATS runs the generated configuration (tools/docker/nats-server.conf, up to date with the
 * contracts), JetStream on a volume, from an image that can run its healthcheck, with every bus
 * user's password from the operator; each app reaches it as its own user with its own password.
 */
export function checkNats(ws: Workspace): string[] {
  const nats = ws.compose.services[NATS_SERVICE];
  if (!nats) return [`docker-compose.yml has no ${NATS_SERVICE} service`];
  const problems: string[] = [];
  const say = (text: string) => problems.push(`${NATS_SERVICE}: ${text}`);
  if (!/^nats:2\.\d+(\.\d+)?-alpine/.test(nats.image ?? '')) say(`image ${nats.image} must be a nats:2.x-alpine tag (the scratch ones have no wget for the healthcheck)`);
  if ((nats.command ?? []).join(' ') !== `-c ${NATS_CONFIG_IN_CONTAINER}`) say(`command must be ["-c", "${NATS_CONFIG_IN_CONTAINER}"]: the generated configuration`);
  if (!nats.volumes.includes(`./${NATS_CONFIG_FILE}:${NATS_CONFIG_IN_CONTAINER}:ro`)) say(`must mount ./${NATS_CONFIG_FILE} at ${NATS_CONFIG_IN_CONTAINER}, read-only`);
  if (!nats.volumes.some((v) => v.split(':')[1] === NATS_STORE_IN_CONTAINER && !v.startsWith('.'))) say(`no volume is mounted at its store ${NATS_STORE_IN_CONTAINER}`);
  if (ws.natsConfig === null) say(`${NATS_CONFIG_FILE} is missing: run npm run nats:config`);
  else if (ws.natsConfig !== composeNatsConfig()) say(`${NATS_CONFIG_FILE} is not what the contracts generate: run npm run nats:config`);
  const test = nats.healthcheck?.disable === false ? nats.healthcheck.test.join(' ') : '';
  if (!test.includes('127.0.0.1:8222/healthz?js-enabled-only=true')) say('healthcheck must ask http://127.0.0.1:8222/healthz?js-enabled-only=true');
  const passwords = BUS_USERS.map(natsPasswordVariable).sort();
  const given = Object.keys(nats.environment).sort();
  if (passwords.join() !== given.join()) say(`environment must be exactly every bus user's password (${passwords.join(', ')}); has ${given.join(', ') || 'none'}`);
  for (const variable of passwords) {
    const ref = soleReference(nats.environment[variable] ?? '');
    if (variable in nats.environment && (ref?.name !== variable || ref.operator !== ':?')) say(`${variable} must be \${${variable}:?…}`);
  }

  for (const [app, service] of appServices(ws)) {
    const url = parseUrl(service.environment['NATS_URL'] ?? '');
    if (!url || url.protocol !== 'nats:' || url.hostname !== NATS_SERVICE || url.port !== '4222' || url.username !== '') {
      problems.push(`${app.name}: NATS_URL must be nats://${NATS_SERVICE}:4222`);
    }
    if (!(BUS_SERVICES as readonly string[]).includes(app.name)) {
      problems.push(`${app.name}: is no user of the bus; add it to BUS_SERVICES in libs/contracts/src/bus/access.ts and run npm run nats:config`);
      continue;
    }
    if (service.environment['NATS_USER'] !== app.name) problems.push(`${app.name}: NATS_USER must be "${app.name}", its own user of the bus`);
    const password = soleReference(service.environment['NATS_PASSWORD'] ?? '');
    if (password?.name !== natsPasswordVariable(app.name) || password.operator !== ':?') {
      problems.push(`${app.name}: NATS_PASSWORD must be \${${natsPasswordVariable(app.name)}:?…}, its own password on the bus`);
    }
    if (service.dependsOn[BUS_SETUP_SERVICE] !== 'service_completed_successfully') {
      problems.push(`${app.name}: must depend on ${BUS_SETUP_SERVICE} with condition service_completed_successfully (it makes the stream)`);
    }
  }
  return problems;
}

/** bus-setup: a one-shot of bus-setup-cli as the setup user, after nats is healthy. */
export function checkBusSetup(ws: Workspace): string[] {
  const setup = ws.compose.services[BUS_SETUP_SERVICE];
  if (!setup) return [`docker-compose.yml has no ${BUS_SETUP_SERVICE} service`];
  const problems: string[] = [];
  const say = (text: string) => problems.push(`${BUS_SETUP_SERVICE}: ${text}`);
  const imageApp = imageAppOf(ws, setup);
  if (!imageApp || !ws.apps.some((a) => a.name === imageApp && a.config.isService)) say("must build one of the backend services' images (the Dockerfile with args APP)");
  const cli = `dist/apps/${imageApp}/libs/messaging/src/bus-setup-cli.js`;
  if (setup.command?.join(' ') !== `node ${cli}`) say(`command must be ["node", "${cli}"]`);
  if (setup.restart !== undefined && setup.restart !== 'no') say(`is a one-shot: restart must be "no", not ${setup.restart}`);
  if (setup.dependsOn[NATS_SERVICE] !== 'service_healthy') say(`must wait for ${NATS_SERVICE}: service_healthy`);
  const actual = Object.keys(setup.environment).sort().join(', ');
  if (actual !== 'NATS_PASSWORD, NATS_URL') say(`environment must be exactly NATS_PASSWORD, NATS_URL (bus-setup-cli reads those; its user is ${BUS_SETUP_USER}); has ${actual}`);
  if (setup.environment['NATS_URL'] !== `nats://${NATS_SERVICE}:4222`) say(`NATS_URL must be nats://${NATS_SERVICE}:4222`);
  const password = soleReference(setup.environment['NATS_PASSWORD'] ?? '');
  if (password?.name !== natsPasswordVariable(BUS_SETUP_USER) || password.operator !== ':?') {
    say(`NATS_PASSWORD must be \${${natsPasswordVariable(BUS_SETUP_USER)}:?…}, the setup user's password`);
  }
  return problems;
}

/** Postgres: a supported image with a pg_isready healthcheck and its data on a volume. */
export function checkPostgres(ws: Workspace): string[] {
  const postgres = ws.compose.services[POSTGRES_SERVICE];
  if (!postgres) return [`docker-compose.yml has no ${POSTGRES_SERVICE} service`];
  const problems: string[] = [];
  if (!/^postgres:1[67]\b/.test(postgres.image ?? '')) problems.push(`${POSTGRES_SERVICE}: image must be postgres:16 or postgres:17, not ${postgres.image}`);
  if (!postgres.healthcheck?.test.some((part) => part.includes('pg_isready'))) problems.push(`${POSTGRES_SERVICE}: healthcheck must run pg_isready`);
  if (!postgres.volumes.some((v) => v.split(':')[1] === '/var/lib/postgresql/data')) problems.push(`${POSTGRES_SERVICE}: /var/lib/postgresql/data must be a volume`);
  return problems;
}

/**
 * Secrets come from the operator's environment, never from the file: a variable named like a
 * secret is `${ITSELF:?…}` (or `${ITSELF:-}` when the app treats it as optional, a pass-through),
 * and a password inside a URL is a `${VAR:?…}`.
 */
export function checkSecrets(ws: Workspace): string[] {
  const problems: string[] = [];
  for (const service of Object.values(ws.compose.services)) {
    const app = ws.apps.find((a) => a.name === service.name);
    for (const [key, value] of Object.entries(service.environment)) {
      if (SECRET_NAME.test(key)) {
        const ref = soleReference(value);
        const own = service.name === BUS_SETUP_SERVICE ? natsPasswordVariable(BUS_SETUP_USER) : PER_SERVICE_VARIABLES[key]?.(service.name);
        const fromOperator = (ref?.name === key || (own !== undefined && ref?.name === own)) && ref?.operator === ':?';
        const optionalPassThrough = ref?.name === key && ref.operator === ':-' && ref.argument === '' && app?.config.optional.includes(key) === true;
        if (!fromOperator && !optionalPassThrough) problems.push(`${service.name}: ${key} is a secret; it must be \${${own ?? key}:?…}, not a literal or a default`);
      }
      // scheme://user:password@host…: the password runs to the last @ (a reference may hold spaces).
      const credentials = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:(.*)@[^@]*$/i.exec(value);
      if (credentials) {
        const ref = soleReference(credentials[1]!);
        if (!ref || ref.operator !== ':?') problems.push(`${service.name}: the password in ${key} must be a \${VAR:?…} reference, not a literal or a default`);
      }
    }
  }
  return problems;
}

/** Start order and restarts: infrastructure healthy first, the gateway after every service. */
export function checkStartOrder(ws: Workspace): string[] {
  const problems: string[] = [];
  for (const name of [POSTGRES_SERVICE, NATS_SERVICE]) {
    const service = ws.compose.services[name];
    if (service && service.restart !== 'unless-stopped') problems.push(`${name}: restart must be unless-stopped`);
  }
  const backends = ws.apps.filter((a) => a.config.isService);
  for (const [app, service] of appServices(ws)) {
    if (service.restart !== 'unless-stopped') problems.push(`${app.name}: restart must be unless-stopped`);
    if (service.dependsOn[NATS_SERVICE] !== 'service_healthy') problems.push(`${app.name}: must depend on ${NATS_SERVICE} with condition service_healthy`);
    if (app.config.isService) continue;
    for (const backend of backends) {
      if (service.dependsOn[backend.name] !== 'service_healthy') problems.push(`${app.name}: must depend on ${backend.name} with condition service_healthy`);
    }
  }
  return problems;
}

/**
 * Every package an app requires at runtime is a "dependency" of package.json, so that
 * `npm ci --omit=dev` in its image installs it, and the lockfile agrees.
 */
export function checkRuntimeDependencies(ws: Workspace, walks: Record<string, RuntimeRequires>): string[] {
  const problems: string[] = [];
  for (const [app, walk] of Object.entries(walks)) {
    problems.push(...walk.problems.map((p) => `${app}: ${p}`));
    for (const [name, files] of walk.packages) {
      const where = `${files[0]}${files.length > 1 ? ` and ${files.length - 1} more` : ''}`;
      if (name in ws.manifest.dependencies) {
        if (ws.devOnlyPackages.has(name)) problems.push(`${app}: ${name} is a dependency but package-lock.json marks it dev-only; run npm install`);
      } else if (name in ws.manifest.devDependencies) {
        problems.push(`${app}: requires ${name} (${where}), a devDependency that npm ci --omit=dev leaves out of the image`);
      } else {
        problems.push(`${app}: requires ${name} (${where}), which package.json does not list in "dependencies"`);
      }
    }
  }
  return problems;
}

/** Paths that must never reach the build context: secrets, host dependencies, outputs, history. */
export const NEVER_IN_CONTEXT = ['.env', '.data/db-password', 'node_modules/pg/package.json', 'dist/apps/auth/apps/auth/src/main.js', '.git/HEAD', '.nx/workspace-data/x'];

/** A .dockerignore pattern as a regular expression: `*` within a segment, `**` across them. */
function patternRegExp(pattern: string): RegExp {
  const p = pattern.replace(/^\/+|\/+$/g, '');
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      // `**/` also matches no directory at all: **/node_modules matches node_modules.
      if (p[i + 2] === '/') {
        body += '(?:.*/)?';
        i += 2;
      } else {
        body += '.*';
        i += 1;
      }
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += /[\\^$.|+()[\]{}]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${body}$`);
}

/**
 * Whether .dockerignore leaves a path in the build context, as Docker decides: the last pattern
 * matching the path or one of its parent directories wins, `!` patterns re-including.
 */
export function inContext(patterns: string[], path: string): boolean {
  const parts = path.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let included = true;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const regexp = patternRegExp(negated ? raw.slice(1) : raw);
    if (prefixes.some((prefix) => regexp.test(prefix))) included = negated;
  }
  return included;
}

/** One file under a directory (itself, when it is a file), to test the context with. */
function sampleFile(root: string, path: string): string | undefined {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return undefined;
  if (statSync(absolute).isFile()) return path;
  for (const entry of readdirSync(absolute).sort()) {
    if (entry === 'node_modules' || entry.endsWith('.spec.ts')) continue;
    const found = sampleFile(root, `${path}/${entry}`);
    if (found) return found;
  }
  return undefined;
}

/** .dockerignore keeps what the Dockerfiles COPY from the context, and keeps out secrets and host files. */
export function checkDockerignore(ws: Workspace): string[] {
  const problems: string[] = [];
  const sources = new Set<string>();
  for (const app of ws.apps) {
    for (const copy of instructionsOf(app.dockerfile?.stages ?? [], 'COPY')) {
      const parts = copyParts(copy.args);
      if (parts.from === undefined) for (const source of parts.sources) sources.add(source.replace(/^\.\//, '').replace(/\/$/, ''));
    }
  }
  for (const source of sources) {
    const sample = sampleFile(ws.root, source);
    if (!sample) problems.push(`.dockerignore: COPY ${source} names nothing in the repository`);
    else if (!inContext(ws.dockerignore, sample)) problems.push(`.dockerignore: leaves ${sample} out of the context, yet a Dockerfile COPYs ${source}`);
  }
  for (const path of NEVER_IN_CONTEXT) {
    if (inContext(ws.dockerignore, path)) problems.push(`.dockerignore: lets ${path} into the build context`);
  }
  return problems;
}

/** Every synchronous check by name, for the spec's table. */
export const CHECKS: Readonly<Record<string, (ws: Workspace) => string[]>> = {
  'every containerised app has a Dockerfile and a Compose service': checkCoverage,
  'each service environment is exactly what its config class declares': checkEnvironment,
  'each config class loads from its Compose environment': checkConfigsLoad,
  'healthchecks probe the port and path each app serves': checkHealthchecks,
  'each Dockerfile builds and runs its own app': checkDockerfiles,
  '.dockerignore lets in what the Dockerfiles copy, and nothing secret': checkDockerignore,
  'db-setup and the services agree on roles, schemas and URLs': checkDatabaseSetup,
  'nats runs the generated configuration, and each service is its own user': checkNats,
  'bus-setup makes the stream as the setup user': checkBusSetup,
  'postgres is healthchecked and keeps its data': checkPostgres,
  'secrets come from the environment only': checkSecrets,
  'start order and restart policies': checkStartOrder,
};
