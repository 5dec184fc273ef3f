// What every deployment of the apps (docker-compose.yml, deploy/kubernetes) is checked against
// alike: the variables an app's config class declares, that the class loads what it is given,
// the probe each app answers, and what its image (the root Dockerfile with APP) sets for that
// probe. checks.ts (Compose) and kubernetes.ts say where the values come from; these say whether
// they fit the app. `source` names the deployment in the sentences ("Compose", "the manifests").
import { ConfigError, loadConfig } from '@patt/service-kit';
import { finalStage, healthcheck, Instruction, keyValues, lineage, Stage } from './dockerfile';
import { App, PROBE_PATHS } from './workspace';

/**
 * Variables a config class declares that the deployments leave to the class default on purpose.
 * Keep it short: each entry is a knob no operator of a deployment should turn.
 */
export const OMITTED_WITH_SAFE_DEFAULT: Readonly<Record<string, string>> = {
  NATS_SUBJECT_ROOT: 'separates test suites sharing one NATS; every container must agree, so all keep "patt"',
  NATS_STREAM: 'likewise: the one JetStream stream every service publishes to and consumes from',
};

/** Variables that hold secrets, by name. (Passwords inside URLs are checked separately.) */
export const SECRET_NAME = /PASSWORD|SECRET|TOKEN/;

/** Stands in for a value the operator must set: long enough for JWT_SECRET, URL-safe. */
export const PLACEHOLDER = 'compose-placeholder-0123456789abcdef01234567';

/** The database role of the service owning a schema: as `npm start` (tools/dev/start.ts) names it. */
export const roleFor = (schema: string): string => `patt_${schema}`;

/** Where the build puts an app's entry point: build-app.mjs compiles apps/<app>/src into dist/apps/<app>/apps/<app>/src. */
export const mainPath = (app: string): string => `dist/apps/${app}/apps/${app}/src/main.js`;

/** The port variable of an app and the path its probe answers on. */
export function probeOf(app: App): { variable: 'HEALTH_PORT' | 'PORT'; path: string } | undefined {
  const variable = app.config.variables.includes('HEALTH_PORT') ? 'HEALTH_PORT' : app.config.variables.includes('PORT') ? 'PORT' : undefined;
  return variable ? { variable, path: PROBE_PATHS[variable] } : undefined;
}

/**
 * The names an app's environment sets, against the variables its config class declares: each
 * declared one (less OMITTED_WITH_SAFE_DEFAULT) set, nothing undeclared, nothing omitted on purpose.
 */
export function declaredVariableProblems(app: App, names: readonly string[], source: string): string[] {
  const { className, variables, required } = app.config;
  const problems: string[] = [];
  for (const variable of variables.filter((v) => !(v in OMITTED_WITH_SAFE_DEFAULT))) {
    if (!names.includes(variable)) {
      problems.push(`${app.name}: ${variable} is declared by ${className}${required.includes(variable) ? ' (required)' : ''} but ${source} does not set it`);
    }
  }
  for (const key of names) {
    if (!variables.includes(key)) problems.push(`${app.name}: ${key} is not a variable ${className} declares`);
    else if (key in OMITTED_WITH_SAFE_DEFAULT) problems.push(`${app.name}: ${key} is in OMITTED_WITH_SAFE_DEFAULT yet set; drop one or the other`);
  }
  return problems;
}

/** The app's config class accepts an environment (loadConfig, as at start): each refusal, named. */
export function configLoadProblems(app: App, env: Record<string, string>, source: string): string[] {
  try {
    loadConfig(app.name, app.config.schema, env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${app.name}: ${app.config.className} rejects its ${source} environment: ${p}`);
  }
}

export function instructionsOf(stages: Stage[], keyword: string): Instruction[] {
  return stages.flatMap((s) => s.instructions.filter((i) => i.keyword === keyword));
}

/**
 * The app's image agrees with the probe port a deployment gives it: its HEALTHCHECK asks the probe
 * path on the same variable, its ENV sets that variable to the port and it EXPOSEs the port.
 */
export function imageProbeProblems(app: App, port: string | undefined, source: string): string[] {
  const probe = probeOf(app);
  const stage = app.dockerfile && finalStage(app.dockerfile);
  if (!probe || !app.dockerfile || !stage) return [];
  const problems: string[] = [];
  const stages = lineage(app.dockerfile, stage);
  const check = instructionsOf(stages, 'HEALTHCHECK').pop();
  const command = check ? (healthcheck(check.args).command ?? []).join(' ') : '';
  if (!command.includes(`process.env.${probe.variable}`) || !command.includes(probe.path)) {
    problems.push(`${app.name}: the Dockerfile's HEALTHCHECK must fetch ${probe.path} on process.env.${probe.variable}`);
  }
  const env = Object.assign({}, ...instructionsOf(stages, 'ENV').map((i) => keyValues(i.args))) as Record<string, string>;
  if (env[probe.variable] !== port) problems.push(`${app.name}: the Dockerfile sets ${probe.variable}=${env[probe.variable]}, ${source} ${port}`);
  const exposed = instructionsOf(stages, 'EXPOSE').flatMap((i) => i.args.split(/\s+/).map((p) => p.split('/')[0]));
  if (port === undefined || !exposed.includes(port)) problems.push(`${app.name}: the Dockerfile must EXPOSE ${port}`);
  return problems;
}
