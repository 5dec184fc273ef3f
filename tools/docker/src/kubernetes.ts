// deploy/kubernetes read as typed data, and the checks of it against the apps, as checks.ts does
// for docker-compose.yml: each check takes the Workspace (workspace.ts) and the manifests and
// returns its problems, one sentence each, [] when all is well; being pure functions of that
// data, kubernetes.spec.ts breaks a copy and watches each fail. What holds for every deployment
// alike (declared variables, the config class loading them, the image's probe port) is shared
// with the Compose checks through app-checks.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { BUS_SERVICES, BUS_SETUP_USER } from '@patt/contracts';
import { BUS_USERS, natsPasswordVariable, ROUTE_PASSWORD_VARIABLE, routeVariable, streamReplicasFrom } from '@patt/messaging';
import {
  configLoadProblems,
  declaredVariableProblems,
  imageProbeProblems,
  mainPath,
  PLACEHOLDER,
  probeOf,
  roleFor,
  SECRET_NAME,
} from './app-checks';
import { clusterRoutes, KUBERNETES_NATS_CLUSTER, kubernetesNatsConfig, NATS_CLIENT_PORT, NATS_CONFIG_IN_CONTAINER, NATS_MONITOR_PORT, SERVER_NAME_VARIABLE } from './nats-config';
import { App, ROOT, Workspace } from './workspace';

export const KUBERNETES_DIR = 'deploy/kubernetes';

/** The file of Secrets the operator makes from its example (git ignores it); the checks read the example. */
export const SECRETS_FILE = 'secrets.yaml';
export const SECRETS_EXAMPLE = 'secrets.example.yaml';

/** Files of the directory that are no resource of the kustomization, and why. */
export const NOT_RESOURCES: Readonly<Record<string, string>> = {
  'kustomization.yaml': 'the kustomization itself',
  [SECRETS_EXAMPLE]: `copied by the operator to ${SECRETS_FILE}, which is the resource`,
};

/** Each app's image: the root Dockerfile built with APP=<app> and tagged patt-<app>. */
export const imageOf = (app: string): string => `patt-${app}`;

/** The one-shots, Compose's db-setup and bus-setup, as Jobs. */
export const DB_SETUP_JOB = 'db-setup';
export const BUS_SETUP_JOB = 'bus-setup';

/** The Secrets the credentials live in, by what they hold. */
export const POSTGRES_SECRET = 'patt-postgres';
export const NATS_SECRET = 'patt-nats';

/** The ConfigMap nats-server.conf becomes (kustomization.yaml's configMapGenerator), and its key. */
export const NATS_CONFIG_MAP = 'nats-config';
export const NATS_CONFIG_KEY = 'patt.conf';
export const NATS_CONFIG_SOURCE = 'nats-server.conf';

/** The Service clients reach the bus at. */
export const NATS_CLIENT_SERVICE = 'nats';
export const NATS_URL = `nats://${NATS_CLIENT_SERVICE}:${NATS_CLIENT_PORT}`;

// --- the objects, as far as the checks read them --------------------------------------------------

export interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef; fieldRef?: { fieldPath: string } };
}

export interface Probe {
  httpGet?: { path?: string; port: number | string };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

export interface PodSpec {
  containers: Container[];
  volumes?: Array<{ name: string; configMap?: { name: string } }>;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: {
    replicas?: number;
    serviceName?: string;
    selector?: { matchLabels?: Record<string, string> } & Record<string, unknown>;
    template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
    clusterIP?: string;
    publishNotReadyAddresses?: boolean;
    ports?: Array<{ name?: string; port: number; targetPort?: number | string }>;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  } & Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface Manifest {
  /** The file it is in, relative to deploy/kubernetes (the example, for the Secrets). */
  file: string;
  object: K8sObject;
}

export interface Kustomization {
  namespace?: string;
  resources: string[];
  configMapGenerator: Array<{ name: string; files: string[] }>;
  images: Array<{ name: string; newName?: string; newTag?: string }>;
}

export interface KubernetesDeployment {
  /** The YAML files of deploy/kubernetes, by name. */
  files: string[];
  kustomization: Kustomization;
  manifests: Manifest[];
  /** deploy/kubernetes/nats-server.conf as it is on disk (null when missing). */
  natsConfig: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readKustomization(source: string): Kustomization {
  const raw = loadAll(source)[0];
  if (!isRecord(raw)) throw new Error('kustomization.yaml must be a mapping');
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  return {
    namespace: typeof raw['namespace'] === 'string' ? raw['namespace'] : undefined,
    resources: list(raw['resources']).map(String),
    configMapGenerator: list(raw['configMapGenerator']).filter(isRecord).map((g) => ({ name: String(g['name']), files: list(g['files']).map(String) })),
    images: list(raw['images'])
      .filter(isRecord)
      .map((i) => ({ name: String(i['name']), newName: i['newName'] as string | undefined, newTag: i['newTag'] as string | undefined })),
  };
}

/** The objects of one YAML file (empty documents skipped). */
export function parseManifests(file: string, source: string): Manifest[] {
  return loadAll(source)
    .filter((doc) => doc !== null && doc !== undefined)
    .map((doc, i) => {
      if (!isRecord(doc) || typeof doc['kind'] !== 'string' || typeof doc['apiVersion'] !== 'string' || !isRecord(doc['metadata'])) {
        throw new Error(`${file}: document ${i + 1} is not a Kubernetes object (apiVersion, kind, metadata)`);
      }
      return { file, object: doc as unknown as K8sObject };
    });
}

/** Reads deploy/kubernetes: the kustomization, each resource it lists (the Secrets from their example). */
export function loadKubernetes(root = ROOT): KubernetesDeployment {
  const dir = join(root, KUBERNETES_DIR);
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) || f === NATS_CONFIG_SOURCE).sort();
  const kustomization = readKustomization(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
  const manifests: Manifest[] = [];
  for (const resource of kustomization.resources) {
    const file = resource === SECRETS_FILE ? SECRETS_EXAMPLE : resource;
    if (existsSync(join(dir, file))) manifests.push(...parseManifests(file, readFileSync(join(dir, file), 'utf8')));
  }
  const natsConfigPath = join(dir, NATS_CONFIG_SOURCE);
  return { files, kustomization, manifests, natsConfig: existsSync(natsConfigPath) ? readFileSync(natsConfigPath, 'utf8') : null };
}

/** A deep copy, for tests that break a copy of the real manifests to see a check fail. */
export function cloneKubernetes(k8s: KubernetesDeployment): KubernetesDeployment {
  return structuredClone(k8s);
}

// --- helpers ------------------------------------------------------------------------------------

const objectsOf = (k8s: KubernetesDeployment, kind: string): K8sObject[] => k8s.manifests.filter((m) => m.object.kind === kind).map((m) => m.object);

export function find(k8s: KubernetesDeployment, kind: string, name: string): K8sObject | undefined {
  return objectsOf(k8s, kind).find((o) => o.metadata.name === name);
}

/** The one container of a workload's pods (the checks want exactly one). */
export function containerOf(workload: K8sObject): Container | undefined {
  const containers = workload.spec?.template?.spec.containers ?? [];
  return containers.length === 1 ? containers[0] : undefined;
}

/** Where a container's variable comes from. */
export type EnvSource =
  | { kind: 'configMap'; configMap: string; value: string }
  | { kind: 'literal'; value: string }
  | { kind: 'secret'; secret: string; key: string }
  | { kind: 'other' }
  | { kind: 'missing'; configMap: string };

/** Every variable a container gets, by name: from envFrom ConfigMaps, then env (which wins, as in Kubernetes). */
export function environmentOf(k8s: KubernetesDeployment, container: Container): Record<string, EnvSource> {
  const sources: Record<string, EnvSource> = {};
  for (const from of container.envFrom ?? []) {
    if (from.secretRef) {
      sources[`(envFrom secretRef ${from.secretRef.name})`] = { kind: 'other' };
      continue;
    }
    const name = from.configMapRef?.name ?? '';
    const configMap = find(k8s, 'ConfigMap', name);
    if (!configMap) sources[`(envFrom configMapRef ${name})`] = { kind: 'missing', configMap: name };
    for (const [key, value] of Object.entries(configMap?.data ?? {})) sources[key] = { kind: 'configMap', configMap: name, value };
  }
  for (const variable of container.env ?? []) {
    const secretRef = variable.valueFrom?.secretKeyRef;
    const configMapRef = variable.valueFrom?.configMapKeyRef;
    if (secretRef) sources[variable.name] = { kind: 'secret', secret: secretRef.name, key: secretRef.key };
    else if (configMapRef) {
      const value = find(k8s, 'ConfigMap', configMapRef.name)?.data?.[configMapRef.key];
      sources[variable.name] = value === undefined ? { kind: 'missing', configMap: configMapRef.name } : { kind: 'configMap', configMap: configMapRef.name, value };
    } else if (variable.valueFrom) sources[variable.name] = { kind: 'other' };
    else sources[variable.name] = { kind: 'literal', value: variable.value ?? '' };
  }
  return sources;
}

const valueOf = (source: EnvSource | undefined): string | undefined =>
  source?.kind === 'configMap' || source?.kind === 'literal' ? source.value : undefined;

/** The app's Deployment and its container, for apps that have both. */
function appWorkloads(ws: Workspace, k8s: KubernetesDeployment): Array<[App, K8sObject, Container]> {
  return ws.apps.flatMap((app): Array<[App, K8sObject, Container]> => {
    const deployment = find(k8s, 'Deployment', app.name);
    const container = deployment && containerOf(deployment);
    return deployment && container ? [[app, deployment, container]] : [];
  });
}

/** The Secret key the manifests must read a service's DATABASE_URL from: db-setup's variable for its schema. */
function databaseKeyOf(ws: Workspace, app: App): string | undefined {
  return ws.setup.services.find((s) => s.schema === app.schema)?.variable;
}

/** The Secret and key an app's secret variable must come from, when the variable is one only it has. */
function ownSecretKey(ws: Workspace, app: App, variable: string): KeyRef | undefined {
  if (variable === 'DATABASE_URL') {
    const key = databaseKeyOf(ws, app);
    return key ? { name: POSTGRES_SECRET, key } : undefined;
  }
  if (variable === 'NATS_PASSWORD') return { name: NATS_SECRET, key: natsPasswordVariable(app.name) };
  return undefined;
}

/** A variable that carries a secret: by its name, or a database URL (its password). */
const isSecretVariable = (name: string): boolean => SECRET_NAME.test(name) || /DATABASE(_ADMIN)?_URL$/.test(name);

/**
 * Secrets the class takes as optional that this deployment needs all the same: the bus has users
 * (nats-server.conf), so a service without its password is refused.
 */
export const NEEDED_SECRETS: readonly string[] = ['NATS_PASSWORD'];

/**
 * The environment an app's config class sees when the operator has filled in every Secret:
 * ConfigMap and literal values as written, a required or needed secret as PLACEHOLDER (a database
 * URL as its role's URL with PLACEHOLDER for its password), an optional one (Blizzard's, Discord's)
 * unset.
 */
export function resolvedEnvironment(app: App, env: Record<string, EnvSource>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, source] of Object.entries(env)) {
    const value = valueOf(source);
    if (value !== undefined) resolved[name] = value;
    else if (source.kind === 'secret' && (app.config.required.includes(name) || NEEDED_SECRETS.includes(name))) {
      resolved[name] = name === 'DATABASE_URL' && app.schema ? `postgres://${roleFor(app.schema)}:${PLACEHOLDER}@postgres.example:5432/patt` : PLACEHOLDER;
    }
  }
  return resolved;
}

/** The port a named or numbered container port resolves to. */
function portNumber(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

// --- the checks ---------------------------------------------------------------------------------

type ModelClass = new (data: unknown) => { validate(): void };

/** The kubernetes-models class of an object's apiVersion and kind; undefined when it has none. */
export function modelOf(apiVersion: string, kind: string): ModelClass | undefined {
  if (!/^[a-z0-9.]*\/?v\d+(?:(?:alpha|beta)\d+)?$/.test(apiVersion)) return undefined;
  try {
    // The package's files are named by API group and version: kubernetes-models/apps/v1 …
    const group = require(`kubernetes-models/${apiVersion}`) as Record<string, unknown>;
    const model = group[kind];
    return typeof model === 'function' ? (model as ModelClass) : undefined;
  } catch {
    return undefined;
  }
}

/** Every object is valid against the Kubernetes API's schema of its kind (kubernetes-models). */
export function checkSchemas(_ws: Workspace, k8s: KubernetesDeployment): string[] {
  const problems: string[] = [];
  for (const { file, object } of k8s.manifests) {
    const what = `${file}: ${object.kind} ${object.metadata.name}`;
    const Model = modelOf(object.apiVersion, object.kind);
    if (!Model) {
      problems.push(`${what}: ${object.apiVersion} ${object.kind} is no kind of the Kubernetes API`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${what} is invalid: ${(error as Error).message.replace(/\s+/g, ' ')}`);
    }
  }
  return problems;
}

/**
 * The kustomization lists every manifest of the directory (the Secrets as secrets.yaml, made from
 * its example), each resource exists, the generated nats ConfigMap reads nats-server.conf, and
 * its images are exactly the apps' images the manifests use.
 */
export function checkKustomization(ws: Workspace, k8s: KubernetesDeployment): string[] {
  const problems: string[] = [];
  const say = (text: string) => problems.push(`kustomization.yaml: ${text}`);
  const { resources } = k8s.kustomization;
  for (const file of k8s.files) {
    if (file in NOT_RESOURCES || file === NATS_CONFIG_SOURCE) continue;
    if (!resources.includes(file)) say(`does not list ${file}`);
  }
  if (k8s.files.includes(SECRETS_EXAMPLE) && !resources.includes(SECRETS_FILE)) say(`does not list ${SECRETS_FILE} (made from ${SECRETS_EXAMPLE})`);
  for (const resource of resources) {
    const file = resource === SECRETS_FILE ? SECRETS_EXAMPLE : resource;
    if (!k8s.files.includes(file)) say(`lists ${resource}, which is not in ${KUBERNETES_DIR}`);
    if (resources.indexOf(resource) !== resources.lastIndexOf(resource)) say(`lists ${resource} twice`);
  }
  if (!k8s.kustomization.namespace) say('must set namespace');
  else if (!k8s.manifests.some((m) => m.object.kind === 'Namespace' && m.object.metadata.name === k8s.kustomization.namespace)) {
    say(`sets namespace ${k8s.kustomization.namespace}, which no Namespace manifest makes`);
  }
  const generator = k8s.kustomization.configMapGenerator.find((g) => g.name === NATS_CONFIG_MAP);
  if (!generator || !generator.files.includes(`${NATS_CONFIG_KEY}=${NATS_CONFIG_SOURCE}`)) {
    say(`configMapGenerator must make ${NATS_CONFIG_MAP} with files: [${NATS_CONFIG_KEY}=${NATS_CONFIG_SOURCE}]`);
  }
  const used = new Set(k8s.manifests.flatMap((m) => (m.object.spec?.template?.spec.containers ?? []).map((c) => c.image ?? '')));
  const listed = k8s.kustomization.images.map((i) => i.name);
  for (const app of ws.apps) {
    if (!listed.includes(imageOf(app.name))) say(`images must set where ${imageOf(app.name)} is (newName, newTag)`);
  }
  for (const name of listed) if (!used.has(name)) say(`images lists ${name}, which no manifest uses`);
  return problems;
}

/**
 * Each containerised app has a Deployment of its name running its own image, patt-<app> (the
 * root Dockerfile with APP=<app>), with the image's command; the Jobs run their command in a
 * backend service's image, whose build holds it.
 */
export function checkWorkloads(ws: Workspace, k8s: KubernetesDeployment): string[] {
  const problems: string[] = [];
  const images = new Map(ws.apps.map((a) => [imageOf(a.name), a]));
  for (const app of ws.apps) {
    const deployment = find(k8s, 'Deployment', app.name);
    if (!deployment) {
      problems.push(`${app.name}: ${KUBERNETES_DIR} has no Deployment named ${app.name}`);
      continue;
    }
    const container = containerOf(deployment);
    if (!container) {
      problems.push(`${app.name}: the Deployment must have exactly one container`);
      continue;
    }
    if (container.image !== imageOf(app.name)) {
      problems.push(`${app.name}: the Deployment runs image ${container.image}; it must be ${imageOf(app.name)}, the Dockerfile built with APP=${app.name}`);
    }
    const command = [...(container.command ?? []), ...(container.args ?? [])];
    if (command.length > 0 && command.join(' ') !== `node ${mainPath(app.name)}`) {
      problems.push(`${app.name}: the Deployment overrides the image's command with ${JSON.stringify(command)}; leave it to the Dockerfile's CMD`);
    }
  }
  for (const deployment of objectsOf(k8s, 'Deployment')) {
    if (!ws.apps.some((a) => a.name === deployment.metadata.name)) problems.push(`Deployment ${deployment.metadata.name}: is no containerised app`);
  }
  const jobs: Array<[string, string]> = [
    [DB_SETUP_JOB, 'libs/persistence/src/setup-cli.js'],
    [BUS_SETUP_JOB, 'libs/messaging/src/bus-setup-cli.js'],
  ];
  for (const [name, cli] of jobs) {
    const job = find(k8s, 'Job', name);
    const container = job && containerOf(job);
    if (!container) {
      problems.push(`${KUBERNETES_DIR} has no Job ${name} with one container`);
      continue;
    }
    const app = images.get(container.image ?? '');
    if (!app || !app.config.isService) problems.push(`${name}: must run one of the backend services' images, not ${container.image}`);
    const expected = `node dist/apps/${app?.name ?? '<app>'}/${cli}`;
    if ([...(container.command ?? []), ...(container.args ?? [])].join(' ') !== expected) problems.push(`${name}: command must be ${JSON.stringify(expected.split(' '))}`);
  }
  return problems;
}

/**
 * Each app's container gets exactly the variables its config class declares (shared with the
 * Compose checks), from ConfigMaps and Secrets that exist; a required one is never an empty value.
 */
export function checkEnvironment(ws: Workspace, k8s: KubernetesDeployment): string[] {
  const problems: string[] = [];
  for (const [app, , container] of appWorkloads(ws, k8s)) {
    const env = environmentOf(k8s, container);
    const names = Object.keys(env).filter((n) => !n.startsWith('('));
    problems.push(...declaredVariableProblems(app, names, 'the manifests'));
    for (const [name, source] of Object.entries(env)) {
      if (source.kind === 'missing') problems.push(`${app.name}: ${name} reads the ConfigMap ${source.configMap}, which the manifests do not make`);
      else if (source.kind === 'other') problems.push(`${app.name}: ${name}: variables come from a ConfigMap (envFrom configMapRef), a literal or a secretKeyRef`);
      else if (source.kind === 'secret' && !find(k8s, 'Secret', source.secret)) problems.push(`${app.name}: ${name} reads the Secret ${source.secret}, which the manifests do not make`);
      if (app.config.required.includes(name) && valueOf(source)?.trim() === '') {
        problems.push(`${app.name}: ${name} is required by ${app.config.className} but its value in the manifests is empty`);
      }
    }
  }
  return problems;
}

/** Each app's config class loads its environment from the manifests, Secrets filled in (shared with Compose). */
export function checkConfigsLoad(ws: Workspace, k8s: KubernetesDeployment): string[] {
  return appWorkloads(ws, k8s).flatMap(([app, , container]) => configLoadProblems(app, resolvedEnvironment(app, environmentOf(k8s, container)), 'Kubernetes'));
}

/**
 * Probes ask what each app answers: readiness the path Compose and the Dockerfile's HEALTHCHECK
 * ask (/health/ready on HEALTH_PORT; the gateway's /api/v1/version on PORT), liveness and startup
 * a path the app serves on that port; the port is the app's, declared as a containerPort, and the
 * image sets and exposes the same (shared with Compose).
 */
export function checkProbes(ws: Workspace, k8s: KubernetesDeployment): string[] {
  const problems: string[] = [];
  for (const [app, , container] of appWorkloads(ws, k8s)) {
    const probe = probeOf(app);
    if (!probe) {
      problems.push(`${app.name}: ${app.config.className} declares neither HEALTH_PORT nor PORT; nothing to probe`);
      continue;
    }
    const configured = valueOf(environmentOf(k8s, container)[probe.variable]);
    const port = configured !== undefined && configured !== '' ? configured : app.config.defaults[probe.variable];
    const served = app.config.isService ? ['/health/live', '/health/ready'] : [probe.path];
    const probes = { readinessProbe: container.readinessProbe, livenessProbe: container.livenessProbe, startupProbe: container.startupProbe };
    for (const [kind, given] of Object.entries(probes)) {
      const get = given?.httpGet;
      if (!get) {
        problems.push(`${app.name}: the Deployment has no ${kind} (httpGet on ${probe.variable} ${port})`);
        continue;
      }
      const number = portNumber(container, get.port);
      if (number === undefined) problems.push(`${app.name}: ${kind} asks port ${get.port}, which the container does not declare`);
      else if (String(number) !== port) problems.push(`${app.name}: ${kind} asks port ${number} but ${probe.variable} is ${port}`);
      const wanted = kind === 'readinessProbe' ? [probe.path] : served;
      if (!wanted.includes(get.path ?? '/')) problems.push(`${app.name}: ${kind} asks ${get.path ?? '/'}, should be ${wanted.join(' or ')}`);
    }
    problems.push(...imageProbeProblems(app, port, 'the manifests'));
  }
  return problems;
}

/**
 * Credentials come from Secrets only, through secretKeyRef: a variable that carries one (by its
 * name, or a database URL) is never a literal nor a ConfigMap's; no ConfigMap holds one; each
 * reference names a key its Secret has; a service's own database URL and bus password are its
 * own keys; and the committed Secrets hold no value.
 */
export function checkSecrets(ws: Workspace, k8s: KubernetesDeployment): string[] {
  const problems: string[] = [];
  for (const configMap of objectsOf(k8s, 'ConfigMap')) {
    for (const [key, value] of Object.entries(configMap.data ?? {})) {
      if (isSecretVariable(key)) problems.push(`ConfigMap ${configMap.metadata.name}: holds ${key}, a secret; it belongs in a Secret`);
      if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(value)) problems.push(`ConfigMap ${configMap.metadata.name}: ${key} has a password in its URL; it belongs in a Secret`);
    }
  }
  for (const secret of objectsOf(k8s, 'Secret')) {
    for (const [key, value] of Object.entries({ ...secret.data, ...secret.stringData })) {
      if (value !== '') problems.push(`Secret ${secret.metadata.name}: ${key} has a value in ${SECRETS_EXAMPLE}; the committed Secrets stay empty, the operator fills in ${SECRETS_FILE}`);
    }
  }
  const workloads = k8s.manifests.filter((m) => m.object.spec?.template).map((m) => m.object);
  for (const workload of workloads) {
    const app = ws.apps.find((a) => a.name === workload.metadata.name && workload.kind === 'Deployment');
    for (const container of workload.spec?.template?.spec.containers ?? []) {
      const where = app ? app.name : `${workload.kind} ${workload.metadata.name}`;
      for (const [name, source] of Object.entries(environmentOf(k8s, container))) {
        if (name.startsWith('(envFrom secretRef')) problems.push(`${where}: reads a whole Secret with envFrom; name each secret variable with a secretKeyRef`);
        if (source.kind === 'secret') {
          const secret = find(k8s, 'Secret', source.secret);
          if (secret && !(source.key in { ...secret.data, ...secret.stringData })) problems.push(`${where}: ${name} reads ${source.secret}'s ${source.key}, which that Secret does not have`);
          const own = app && ownSecretKey(ws, app, name);
          if (own && (own.name !== source.secret || own.key !== source.key)) problems.push(`${where}: ${name} must come from ${own.name}'s ${own.key}, ${app.name}'s own`);
        } else if (isSecretVariable(name) && source.kind !== 'missing') {
          problems.push(`${where}: ${name} is a secret; it must come from a Secret through secretKeyRef, not ${source.kind === 'configMap' ? `the ConfigMap ${source.configMap}` : 'a literal value'}`);
        }
      }
    }
  }
  return problems;
}

/** The secretKeyRef a variable of a container reads, if that is what it reads. */
function secretRefOf(k8s: KubernetesDeployment, container: Container, name: string): KeyRef | undefined {
  const source = environmentOf(k8s, container)[name];
  return source?.kind === 'secret' ? { name: source.secret, key: source.key } : undefined;
}

/**
 * The db-setup Job gives setup-cli exactly the variables it reads, each from the Secret key the
 * service itself reads its DATABASE_URL from, so the role's password is written once; every
 * schema's owner has a service.
 */
export function checkDatabaseSetup(ws: Workspace, k8s: KubernetesDeployment): string[] {
  const job = find(k8s, 'Job', DB_SETUP_JOB);
  const container = job && containerOf(job);
  if (!container) return [];
  const problems: string[] = [];
  const say = (text: string) => problems.push(`${DB_SETUP_JOB}: ${text}`);
  const expected = [ws.setup.adminVariable, ...ws.setup.services.map((s) => s.variable)].sort();
  const actual = (container.env ?? []).map((e) => e.name).sort();
  if (expected.join() !== actual.join()) say(`env must be exactly ${expected.join(', ')} (setup-cli reads those); has ${actual.join(', ')}`);
  for (const variable of expected) {
    const ref = secretRefOf(k8s, container, variable);
    if (ref && (ref.name !== POSTGRES_SECRET || ref.key !== variable)) say(`${variable} must come from ${POSTGRES_SECRET}'s ${variable}`);
  }
  for (const [app, , appContainer] of appWorkloads(ws, k8s)) {
    if (!app.config.variables.includes('DATABASE_URL')) continue;
    const key = databaseKeyOf(ws, app);
    if (!key) {
      problems.push(`${app.name}: schema ${app.schema} is not in setup-cli's SETUP_SERVICES`);
      continue;
    }
    const own = secretRefOf(k8s, appContainer, 'DATABASE_URL');
    const setup = secretRefOf(k8s, container, key);
    if (own && setup && (own.name !== setup.name || own.key !== setup.key)) say(`${key} must be the very Secret key ${app.name}'s DATABASE_URL reads (${own.name}'s ${own.key})`);
  }
  return problems;
}

/**
 * The bus: a StatefulSet of three running the generated nats-server.conf (up to date with the
 * contracts, its routes one per server), behind a headless Service for the routes and a client
 * Service; every bus user's password and the routes' from the Secret patt-nats, each route
 * composed with the routes' password; each app connects as its own user; the bus-setup Job
 * makes the stream as the setup user, replicated across the cluster.
 */
export function checkNats(ws: Workspace, k8s: KubernetesDeployment): string[] {
  const problems: string[] = [];
  const cluster = KUBERNETES_NATS_CLUSTER;
  const say = (text: string) => problems.push(`nats: ${text}`);
  if (k8s.natsConfig === null) say(`${KUBERNETES_DIR}/${NATS_CONFIG_SOURCE} is missing: run npm run nats:config`);
  else if (k8s.natsConfig !== kubernetesNatsConfig(cluster)) say(`${KUBERNETES_DIR}/${NATS_CONFIG_SOURCE} is not what the contracts generate: run npm run nats:config`);

  const statefulSet = find(k8s, 'StatefulSet', cluster.statefulSet);
  const container = statefulSet && containerOf(statefulSet);
  if (!statefulSet || !container) return [...problems, `nats: ${KUBERNETES_DIR} has no StatefulSet ${cluster.statefulSet} with one container`];
  if (statefulSet.spec?.replicas !== cluster.replicas) say(`the StatefulSet must run ${cluster.replicas} servers, the routes of ${NATS_CONFIG_SOURCE}; it runs ${statefulSet.spec?.replicas ?? 1}`);
  if (statefulSet.spec?.serviceName !== cluster.headlessService) say(`the StatefulSet's serviceName must be ${cluster.headlessService}, the routes' domain`);
  const podLabels = statefulSet.spec?.template?.metadata?.labels;
  const headless = find(k8s, 'Service', cluster.headlessService);
  if (!headless || headless.spec?.clusterIP !== 'None' || headless.spec.publishNotReadyAddresses !== true || !selects(headless.spec.selector as Record<string, string>, podLabels)) {
    say(`the Service ${cluster.headlessService} must be headless (clusterIP: None), publishNotReadyAddresses, and select the servers`);
  }
  const client = find(k8s, 'Service', NATS_CLIENT_SERVICE);
  if (!client || !selects(client.spec?.selector as Record<string, string>, podLabels) || !client.spec?.ports?.some((p) => p.port === NATS_CLIENT_PORT)) {
    say(`the Service ${NATS_CLIENT_SERVICE} must select the servers on port ${NATS_CLIENT_PORT}`);
  }
  if (!/^nats:2\.\d+(\.\d+)?-alpine/.test(container.image ?? '')) say(`image ${container.image} must be a nats:2.x-alpine tag, as Compose's`);
  if ([...(container.command ?? []), ...(container.args ?? [])].join(' ') !== `-c ${NATS_CONFIG_IN_CONTAINER}`) say(`args must be ["-c", "${NATS_CONFIG_IN_CONTAINER}"]: the generated configuration`);
  const mount = container.volumeMounts?.find((m) => NATS_CONFIG_IN_CONTAINER.startsWith(`${m.mountPath}/`));
  const volume = statefulSet.spec?.template?.spec.volumes?.find((v) => v.name === mount?.name);
  if (volume?.configMap?.name !== NATS_CONFIG_MAP) say(`must mount the ConfigMap ${NATS_CONFIG_MAP} (its ${NATS_CONFIG_KEY}) at ${NATS_CONFIG_IN_CONTAINER}`);
  const readiness = container.readinessProbe?.httpGet;
  if (readiness?.path !== '/healthz?js-enabled-only=true' || portNumber(container, readiness.port) !== NATS_MONITOR_PORT) {
    say(`readinessProbe must ask /healthz?js-enabled-only=true on ${NATS_MONITOR_PORT}, as Compose's healthcheck`);
  }
  const passwords = [...BUS_USERS.map(natsPasswordVariable), ROUTE_PASSWORD_VARIABLE];
  const routes = clusterRoutes(cluster);
  const entries = container.env ?? [];
  const declared = entries.map((e) => e.name);
  const env = [...declared].sort();
  const expectedEnv = [SERVER_NAME_VARIABLE, ...passwords, ...routes.map((_, index) => routeVariable(index))].sort();
  if (env.join() !== expectedEnv.join()) {
    say(`env must be exactly ${expectedEnv.join(', ')} (the server's name, every bus user's password, the routes' password and each route); has ${env.join(', ') || 'none'}`);
  }
  const serverName = entries.find((e) => e.name === SERVER_NAME_VARIABLE);
  if (serverName && serverName.valueFrom?.fieldRef?.fieldPath !== 'metadata.name') say(`${SERVER_NAME_VARIABLE} must be the pod's name (fieldRef metadata.name): each server's own`);
  for (const variable of passwords) {
    const ref = secretRefOf(k8s, container, variable);
    if (env.includes(variable) && (ref?.name !== NATS_SECRET || ref.key !== variable)) say(`${variable} must come from ${NATS_SECRET}'s ${variable}`);
  }
  routes.forEach((route, index) => {
    const variable = routeVariable(index);
    const entry = entries.find((e) => e.name === variable);
    if (!entry) return;
    if (entry.value !== route) say(`${variable} must be ${route}: the route to ${cluster.statefulSet}-${index} with the routes' password`);
    // Kubernetes expands $(VAR) only from a variable declared before it.
    if (declared.indexOf(ROUTE_PASSWORD_VARIABLE) > declared.indexOf(variable)) say(`${ROUTE_PASSWORD_VARIABLE} must come before ${variable} in env, or Kubernetes leaves $(${ROUTE_PASSWORD_VARIABLE}) unexpanded`);
  });

  for (const [app, , appContainer] of appWorkloads(ws, k8s)) {
    const appEnv = environmentOf(k8s, appContainer);
    if (valueOf(appEnv['NATS_URL']) !== NATS_URL) problems.push(`${app.name}: NATS_URL must be ${NATS_URL}, the client Service`);
    if (!(BUS_SERVICES as readonly string[]).includes(app.name)) {
      problems.push(`${app.name}: is no user of the bus; add it to BUS_SERVICES in libs/contracts/src/bus/access.ts and run npm run nats:config`);
      continue;
    }
    if (valueOf(appEnv['NATS_USER']) !== app.name) problems.push(`${app.name}: NATS_USER must be "${app.name}", its own user of the bus`);
  }

  const job = find(k8s, 'Job', BUS_SETUP_JOB);
  const setup = job && containerOf(job);
  if (setup) {
    const jobSay = (text: string) => problems.push(`${BUS_SETUP_JOB}: ${text}`);
    const jobEnv = environmentOf(k8s, setup);
    const names = Object.keys(jobEnv).sort().join(', ');
    if (names !== 'NATS_PASSWORD, NATS_STREAM_REPLICAS, NATS_URL') {
      jobSay(`env must be exactly NATS_PASSWORD, NATS_STREAM_REPLICAS, NATS_URL (bus-setup-cli reads those; its user is ${BUS_SETUP_USER}); has ${names}`);
    }
    if (valueOf(jobEnv['NATS_URL']) !== NATS_URL) jobSay(`NATS_URL must be ${NATS_URL}`);
    const password = secretRefOf(k8s, setup, 'NATS_PASSWORD');
    if (password?.name !== NATS_SECRET || password.key !== natsPasswordVariable(BUS_SETUP_USER)) {
      jobSay(`NATS_PASSWORD must come from ${NATS_SECRET}'s ${natsPasswordVariable(BUS_SETUP_USER)}, the setup user's password`);
    }
    try {
      const replicas = streamReplicasFrom({ NATS_STREAM_REPLICAS: valueOf(jobEnv['NATS_STREAM_REPLICAS']) });
      if (replicas < 2 || replicas > cluster.replicas) {
        jobSay(`NATS_STREAM_REPLICAS is ${replicas}; on the cluster of ${cluster.replicas} keep the stream on 2 to ${cluster.replicas} servers, so a server may go`);
      }
    } catch (error) {
      jobSay((error as Error).message);
    }
  }
  return problems;
}

/**
 * A workload run as two or more replicas has a PodDisruptionBudget selecting its pods that still
 * lets one go (a drain would otherwise stop); one with a single replica has none (it would block
 * every drain); no budget selects nothing.
 */
export function checkDisruptionBudgets(_ws: Workspace, k8s: KubernetesDeployment): string[] {
  const problems: string[] = [];
  const budgets = objectsOf(k8s, 'PodDisruptionBudget');
  const workloads = [...objectsOf(k8s, 'Deployment'), ...objectsOf(k8s, 'StatefulSet')];
  for (const workload of workloads) {
    const replicas = workload.spec?.replicas ?? 1;
    const labels = workload.spec?.template?.metadata?.labels;
    const own = budgets.filter((b) => selects(b.spec?.selector?.matchLabels, labels));
    const what = `${workload.kind} ${workload.metadata.name}`;
    if (replicas >= 2 && own.length === 0) problems.push(`${what}: runs ${replicas} replicas but no PodDisruptionBudget selects its pods`);
    if (replicas < 2 && own.length > 0) problems.push(`${what}: runs one replica, so its PodDisruptionBudget ${own[0]!.metadata.name} would block every drain`);
    for (const budget of replicas >= 2 ? own : []) {
      const { minAvailable, maxUnavailable } = budget.spec ?? {};
      const allowsOne = typeof minAvailable === 'number' ? minAvailable < replicas : typeof maxUnavailable === 'number' ? maxUnavailable >= 1 : true;
      if (!allowsOne) problems.push(`${what}: its PodDisruptionBudget ${budget.metadata.name} lets no pod of ${replicas} go`);
    }
  }
  for (const budget of budgets) {
    if (!workloads.some((w) => selects(budget.spec?.selector?.matchLabels, w.spec?.template?.metadata?.labels))) {
      problems.push(`PodDisruptionBudget ${budget.metadata.name}: selects no workload's pods`);
    }
  }
  return problems;
}

/**
 * What is reached over the network has a Service: the gateway on its PORT. Every Service selects
 * a workload's pods and targets ports their container declares.
 */
export function checkServices(ws: Workspace, k8s: KubernetesDeployment): string[] {
  const problems: string[] = [];
  const workloads = [...objectsOf(k8s, 'Deployment'), ...objectsOf(k8s, 'StatefulSet')];
  for (const service of objectsOf(k8s, 'Service')) {
    const selector = service.spec?.selector as Record<string, string> | undefined;
    const target = workloads.find((w) => selects(selector, w.spec?.template?.metadata?.labels));
    const container = target && containerOf(target);
    if (!container) {
      problems.push(`Service ${service.metadata.name}: selects no workload's pods`);
      continue;
    }
    for (const port of service.spec?.ports ?? []) {
      if (portNumber(container, port.targetPort ?? port.port) === undefined) {
        problems.push(`Service ${service.metadata.name}: targets port ${port.targetPort ?? port.port}, which ${target.kind} ${target.metadata.name} does not declare`);
      }
    }
  }
  for (const [app, deployment, container] of appWorkloads(ws, k8s)) {
    if (app.config.isService) continue; // reached over NATS only; probes and metrics are the pod's own
    const probe = probeOf(app);
    const configured = probe && valueOf(environmentOf(k8s, container)[probe.variable]);
    const port = configured || (probe && app.config.defaults[probe.variable]);
    const services = objectsOf(k8s, 'Service').filter((s) => selects(s.spec?.selector as Record<string, string>, deployment.spec?.template?.metadata?.labels));
    const reaches = services.some((s) => (s.spec?.ports ?? []).some((p) => String(portNumber(container, p.targetPort ?? p.port)) === port));
    if (!reaches) problems.push(`${app.name}: no Service reaches its ${probe?.variable ?? 'PORT'} ${port}`);
  }
  return problems;
}

/** Every check by name, for the spec's table. */
export const KUBERNETES_CHECKS: Readonly<Record<string, (ws: Workspace, k8s: KubernetesDeployment) => string[]>> = {
  'every object is valid against the Kubernetes API schemas': checkSchemas,
  'the kustomization lists every manifest and image': checkKustomization,
  'each app has its Deployment running its own image; the Jobs run their commands': checkWorkloads,
  'each container environment is exactly what its config class declares': checkEnvironment,
  'each config class loads from its environment in the manifests': checkConfigsLoad,
  'probes ask the port and paths each app serves': checkProbes,
  'credentials come from Secrets only, through secretKeyRef': checkSecrets,
  'db-setup and the services read the same database URLs': checkDatabaseSetup,
  'nats runs the generated cluster configuration, and each service is its own user': checkNats,
  'workloads with two replicas or more have a disruption budget': checkDisruptionBudgets,
  'Services reach what is reached over the network': checkServices,
};
