// deploy/kubernetes checked against the Kubernetes API's schemas (kubernetes-models, offline) and
// the apps it runs, as compose.spec.ts checks docker-compose.yml: the config classes, probes,
// images, the database setup, the generated NATS authorization, Secrets. The checks live in
// src/kubernetes.ts; here they run on the real manifests, then on broken copies, each refused
// with a sentence naming what is wrong.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkConfigsLoad,
  checkDatabaseSetup,
  checkDisruptionBudgets,
  checkEnvironment,
  checkKustomization,
  checkNats,
  checkProbes,
  checkSchemas,
  checkSecrets,
  checkServices,
  checkWorkloads,
  cloneKubernetes,
  containerOf,
  environmentOf,
  find,
  K8sObject,
  KUBERNETES_CHECKS,
  KubernetesDeployment,
  loadKubernetes,
  modelOf,
  parseManifests,
  resolvedEnvironment,
} from './src/kubernetes';
import { clusterRoutes, kubernetesNatsConfig } from './src/nats-config';
import { loadWorkspace, ROOT, Workspace } from './src/workspace';

// Loading the apps' config classes and modules pulls in Nest, TypeORM and discord.js once.
jest.setTimeout(60_000);

let ws: Workspace;
let k8s: KubernetesDeployment;
beforeAll(async () => {
  ws = await loadWorkspace();
  k8s = loadKubernetes();
});

/** A copy of the manifests the test may break. */
function broken(change: (copy: KubernetesDeployment) => void): KubernetesDeployment {
  const copy = cloneKubernetes(k8s);
  change(copy);
  return copy;
}

function object(copy: KubernetesDeployment, kind: string, name: string): K8sObject {
  const found = find(copy, kind, name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

function container(copy: KubernetesDeployment, kind: string, name: string) {
  const found = containerOf(object(copy, kind, name));
  if (!found) throw new Error(`${kind} ${name} has not one container`);
  return found;
}

function expectProblems(actual: string[], expected: string[]): void {
  expect([...actual].sort()).toEqual([...expected].sort());
}

describe('the manifests as they are', () => {
  it('hold every app, the bus, the one-shots and the Secrets', () => {
    const kinds = k8s.manifests.map((m) => `${m.object.kind} ${m.object.metadata.name}`);
    for (const app of ws.apps) expect(kinds).toContain(`Deployment ${app.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['StatefulSet nats', 'Service nats-headless', 'Service nats', 'Job db-setup', 'Job bus-setup', 'Secret patt-postgres', 'Secret patt-nats', 'Service gateway']),
    );
    expect(kinds).not.toContain('Deployment web');
  });

  it.each(Object.entries(KUBERNETES_CHECKS))('%s', (_name, check) => {
    expect(check(ws, k8s)).toEqual([]);
  });

  it('give each config class its environment, placeholders standing for the Secrets', () => {
    const auth = ws.apps.find((a) => a.name === 'auth')!;
    const env = resolvedEnvironment(auth, environmentOf(k8s, container(k8s, 'Deployment', 'auth')));
    expect(env['DATABASE_URL']).toMatch(/^postgres:\/\/patt_auth:compose-placeholder-[0-9a-f]+@/);
    expect(env['HEALTH_PORT']).toBe('3101');
    expect(env['NATS_PASSWORD']).toMatch(/^compose-placeholder-/);
    expect(env['DISCORD_CLIENT_SECRET']).toBeUndefined();
  });
});

describe('each check fails on a broken copy', () => {
  it('an object the Kubernetes API would refuse, or a kind it does not have', () => {
    const copy = broken((c) => {
      const ports = container(c, 'Deployment', 'identity').ports!;
      (ports[0] as { containerPort: unknown }).containerPort = 'health';
      c.manifests.push({ file: 'extra.yaml', object: { apiVersion: 'apps/v1', kind: 'Deploymint', metadata: { name: 'x' } } });
    });
    const problems = checkSchemas(ws, copy);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^identity\.yaml: Deployment identity is invalid: .*containers\/0\/ports\/0\/containerPort must be integer/);
    expect(problems[1]).toBe('extra.yaml: Deploymint x: apps/v1 Deploymint is no kind of the Kubernetes API');
    expect(modelOf('policy/v1', 'PodDisruptionBudget')).toBeDefined();
  });

  it('a manifest or image the kustomization leaves out, or one it lists that is not there', () => {
    const copy = broken((c) => {
      c.files.push('prometheus.yaml');
      c.kustomization.resources = c.kustomization.resources.filter((r) => r !== 'campaigns.yaml' && r !== 'secrets.yaml');
      c.kustomization.resources.push('ingress.yaml');
      c.kustomization.images = c.kustomization.images.filter((i) => i.name !== 'patt-identity');
      c.kustomization.configMapGenerator = [];
    });
    expectProblems(checkKustomization(ws, copy), [
      'kustomization.yaml: does not list prometheus.yaml',
      'kustomization.yaml: does not list campaigns.yaml',
      'kustomization.yaml: does not list secrets.yaml (made from secrets.example.yaml)',
      'kustomization.yaml: lists ingress.yaml, which is not in deploy/kubernetes',
      'kustomization.yaml: images must set where patt-identity is (newName, newTag)',
      'kustomization.yaml: configMapGenerator must make nats-config with files: [patt.conf=nats-server.conf]',
    ]);
  });

  it('reads the real directory: every YAML file there is a listed resource or the example', () => {
    const files = readdirSync(join(ROOT, 'deploy/kubernetes')).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(k8s.files.filter((f) => f.endsWith('.yaml')));
  });

  it('an app without its Deployment, on another app’s image, with its own command; a Job in the web image', () => {
    const copy = broken((c) => {
      c.manifests = c.manifests.filter((m) => !(m.object.kind === 'Deployment' && m.object.metadata.name === 'campaigns'));
      container(c, 'Deployment', 'identity').image = 'patt-auth';
      container(c, 'Deployment', 'guild-sync').command = ['node', 'dist/apps/guild-sync/apps/auth/src/main.js'];
      container(c, 'Job', 'bus-setup').image = 'patt-gateway';
    });
    expectProblems(checkWorkloads(ws, copy), [
      'campaigns: deploy/kubernetes has no Deployment named campaigns',
      'identity: the Deployment runs image patt-auth; it must be patt-identity, the Dockerfile built with APP=identity',
      'guild-sync: the Deployment overrides the image\'s command with ["node","dist/apps/guild-sync/apps/auth/src/main.js"]; leave it to the Dockerfile\'s CMD',
      "bus-setup: must run one of the backend services' images, not patt-gateway",
      'bus-setup: command must be ["node","dist/apps/gateway/libs/messaging/src/bus-setup-cli.js"]',
    ]);
  });

  it('a required variable missing or empty, an undeclared one, a ConfigMap that is not there', () => {
    const copy = broken((c) => {
      const gateway = container(c, 'Deployment', 'gateway');
      gateway.env = gateway.env!.filter((e) => e.name !== 'JWT_SECRET');
      object(c, 'ConfigMap', 'patt-identity').data!['DISCORD_TOKEN_URL'] = '';
      object(c, 'ConfigMap', 'patt-auth').data!['ADMIN_USERNAME'] = '';
      container(c, 'Deployment', 'campaigns').envFrom = [{ configMapRef: { name: 'patt-campaign' } }];
    });
    const problems = checkEnvironment(ws, copy);
    expect(problems).toEqual(
      expect.arrayContaining([
        'gateway: JWT_SECRET is declared by GatewayConfig (required) but the manifests does not set it',
        'identity: DISCORD_TOKEN_URL is not a variable IdentityConfig declares',
        'auth: ADMIN_USERNAME is required by AuthConfig but its value in the manifests is empty',
        'campaigns: (envFrom configMapRef patt-campaign) reads the ConfigMap patt-campaign, which the manifests do not make',
        'campaigns: HEALTH_PORT is declared by CampaignsConfig but the manifests does not set it',
      ]),
    );
  });

  it('a value the config class rejects', () => {
    const copy = broken((c) => {
      object(c, 'ConfigMap', 'patt-guild-sync').data!['SYNC_CRON'] = '0 0 31 2 *';
      object(c, 'ConfigMap', 'patt-auth').data!['HEALTH_PORT'] = '70000';
    });
    expect(checkConfigsLoad(ws, copy)).toEqual([
      'auth: AuthConfig rejects its Kubernetes environment: HEALTH_PORT must not be greater than 65535',
      expect.stringMatching(/^guild-sync: GuildSyncConfig rejects its Kubernetes environment: SYNC_CRON /),
    ]);
  });

  it('probes on the wrong port or path, a missing one, and a port the image does not expose', () => {
    const copy = broken((c) => {
      const auth = container(c, 'Deployment', 'auth');
      auth.readinessProbe!.httpGet!.path = '/health/live';
      auth.livenessProbe!.httpGet!.port = 3999;
      const gateway = container(c, 'Deployment', 'gateway');
      gateway.readinessProbe!.httpGet!.path = '/health';
      delete gateway.startupProbe;
      object(c, 'ConfigMap', 'patt-identity').data!['HEALTH_PORT'] = '3200';
      container(c, 'Deployment', 'identity').ports![0]!.containerPort = 3200;
    });
    expectProblems(checkProbes(ws, copy), [
      'auth: readinessProbe asks /health/live, should be /health/ready',
      'auth: livenessProbe asks port 3999 but HEALTH_PORT is 3101',
      'gateway: readinessProbe asks /health, should be /api/v1/version',
      'gateway: the Deployment has no startupProbe (httpGet on PORT 3000)',
      'identity: the Dockerfile sets HEALTH_PORT=3102, the manifests 3200',
      'identity: the Dockerfile must EXPOSE 3200',
    ]);
  });

  it('a credential in a ConfigMap or a literal, a key its Secret lacks, another service’s key, a committed value', () => {
    const copy = broken((c) => {
      object(c, 'ConfigMap', 'patt-guild-sync').data!['BLIZZARD_API_URL'] = 'https://client:hunter22@eu.api.blizzard.com';
      object(c, 'ConfigMap', 'patt-gateway').data!['JWT_SECRET'] = 'x'.repeat(40);
      const gateway = container(c, 'Deployment', 'gateway');
      gateway.env = gateway.env!.filter((e) => e.name !== 'JWT_SECRET');
      const bot = container(c, 'Deployment', 'discord-bot');
      bot.env = bot.env!.map((e) => (e.name === 'DISCORD_TOKEN' ? { name: e.name, value: 'a-token' } : e));
      const identity = container(c, 'Deployment', 'identity');
      identity.env = identity.env!.map((e) => (e.name === 'NATS_PASSWORD' ? { name: e.name, valueFrom: { secretKeyRef: { name: 'patt-nats', key: 'AUTH_NATS_PASSWORD' } } } : e));
      const auth = container(c, 'Deployment', 'auth');
      auth.env = auth.env!.map((e) => (e.name === 'JWT_SECRET' ? { name: e.name, valueFrom: { secretKeyRef: { name: 'patt-secrets', key: 'JWT' } } } : e));
      object(c, 'Secret', 'patt-secrets').stringData!['ADMIN_PASSWORD'] = 'hunter22';
    });
    expectProblems(checkSecrets(ws, copy), [
      'ConfigMap patt-guild-sync: BLIZZARD_API_URL has a password in its URL; it belongs in a Secret',
      'ConfigMap patt-gateway: holds JWT_SECRET, a secret; it belongs in a Secret',
      'gateway: JWT_SECRET is a secret; it must come from a Secret through secretKeyRef, not the ConfigMap patt-gateway',
      'discord-bot: DISCORD_TOKEN is a secret; it must come from a Secret through secretKeyRef, not a literal value',
      "identity: NATS_PASSWORD must come from patt-nats's IDENTITY_NATS_PASSWORD, identity's own",
      "auth: JWT_SECRET reads patt-secrets's JWT, which that Secret does not have",
      'Secret patt-secrets: ADMIN_PASSWORD has a value in secrets.example.yaml; the committed Secrets stay empty, the operator fills in secrets.yaml',
    ]);
  });

  it('a db-setup that misses a service or reads another key than the service', () => {
    const copy = broken((c) => {
      const setup = container(c, 'Job', 'db-setup');
      setup.env = setup.env!.filter((e) => e.name !== 'CAMPAIGNS_DATABASE_URL');
      const identity = container(c, 'Deployment', 'identity');
      identity.env = identity.env!.map((e) => (e.name === 'DATABASE_URL' ? { name: e.name, valueFrom: { secretKeyRef: { name: 'patt-identity', key: 'DATABASE_URL' } } } : e));
    });
    expectProblems(checkDatabaseSetup(ws, copy), [
      'db-setup: env must be exactly AUTH_DATABASE_URL, CAMPAIGNS_DATABASE_URL, DATABASE_ADMIN_URL, DISCORD_DATABASE_URL, GUILD_SYNC_DATABASE_URL, IDENTITY_DATABASE_URL (setup-cli reads those); has AUTH_DATABASE_URL, DATABASE_ADMIN_URL, DISCORD_DATABASE_URL, GUILD_SYNC_DATABASE_URL, IDENTITY_DATABASE_URL',
      "db-setup: IDENTITY_DATABASE_URL must be the very Secret key identity's DATABASE_URL reads (patt-identity's DATABASE_URL)",
    ]);
  });

  it('a nats configuration older than the contracts, a cluster of another size, a user without its password, a service as another user', () => {
    const copy = broken((c) => {
      c.natsConfig = (c.natsConfig ?? '').replace('"patt.rpc.auth.login", ', '');
      object(c, 'StatefulSet', 'nats').spec!.replicas = 5;
      const nats = container(c, 'StatefulSet', 'nats');
      nats.env = nats.env!.filter((e) => e.name !== 'CAMPAIGNS_NATS_PASSWORD');
      object(c, 'Service', 'nats-headless').spec!.publishNotReadyAddresses = false;
      object(c, 'ConfigMap', 'patt-guild-sync').data!['NATS_USER'] = 'gateway';
      object(c, 'ConfigMap', 'patt-identity').data!['NATS_URL'] = 'nats://nats-0.nats-headless:4222';
    });
    expectProblems(checkNats(ws, copy), [
      'nats: deploy/kubernetes/nats-server.conf is not what the contracts generate: run npm run nats:config',
      'nats: the StatefulSet must run 3 servers, the routes of nats-server.conf; it runs 5',
      "nats: env must be exactly AUTH_NATS_PASSWORD, BUS_SETUP_NATS_PASSWORD, CAMPAIGNS_NATS_PASSWORD, DISCORD_BOT_NATS_PASSWORD, GATEWAY_NATS_PASSWORD, GUILD_SYNC_NATS_PASSWORD, IDENTITY_NATS_PASSWORD, NATS_ROUTE_0, NATS_ROUTE_1, NATS_ROUTE_2, NATS_ROUTE_PASSWORD, POD_NAME (the server's name, every bus user's password, the routes' password and each route); has AUTH_NATS_PASSWORD, BUS_SETUP_NATS_PASSWORD, DISCORD_BOT_NATS_PASSWORD, GATEWAY_NATS_PASSWORD, GUILD_SYNC_NATS_PASSWORD, IDENTITY_NATS_PASSWORD, NATS_ROUTE_0, NATS_ROUTE_1, NATS_ROUTE_2, NATS_ROUTE_PASSWORD, POD_NAME",
      'nats: the Service nats-headless must be headless (clusterIP: None), publishNotReadyAddresses, and select the servers',
      'guild-sync: NATS_USER must be "guild-sync", its own user of the bus',
      'identity: NATS_URL must be nats://nats:4222, the client Service',
    ]);
    expect(checkNats(ws, broken((c) => (c.natsConfig = null)))).toEqual(['nats: deploy/kubernetes/nats-server.conf is missing: run npm run nats:config']);
  });

  it('generates the cluster’s routes from the StatefulSet’s size and each server’s name from its pod', () => {
    const text = kubernetesNatsConfig({ statefulSet: 'nats', headlessService: 'nats-headless', replicas: 3 });
    expect(text).toContain('server_name: $POD_NAME');
    expect(text).toContain('authorization { user: "route", password: $NATS_ROUTE_PASSWORD }');
    expect(text).toContain('routes: [$NATS_ROUTE_0, $NATS_ROUTE_1, $NATS_ROUTE_2]');
    expect(text).toContain('password: $BUS_SETUP_NATS_PASSWORD');
    expect(clusterRoutes({ statefulSet: 'nats', headlessService: 'nats-headless', replicas: 3 })).toEqual([
      'nats-route://route:$(NATS_ROUTE_PASSWORD)@nats-0.nats-headless:6222',
      'nats-route://route:$(NATS_ROUTE_PASSWORD)@nats-1.nats-headless:6222',
      'nats-route://route:$(NATS_ROUTE_PASSWORD)@nats-2.nats-headless:6222',
    ]);
  });

  it('a route without the routes’ password, the password after the routes, or from another Secret key', () => {
    const routeTo = (c: KubernetesDeployment, name: string, value: string) => {
      const nats = container(c, 'StatefulSet', 'nats');
      nats.env = nats.env!.map((e) => (e.name === name ? { name, value } : e));
    };
    expectProblems(checkNats(ws, broken((c) => routeTo(c, 'NATS_ROUTE_1', 'nats-route://nats-1.nats-headless:6222'))), [
      "nats: NATS_ROUTE_1 must be nats-route://route:$(NATS_ROUTE_PASSWORD)@nats-1.nats-headless:6222: the route to nats-1 with the routes' password",
    ]);
    const late = broken((c) => {
      const nats = container(c, 'StatefulSet', 'nats');
      const password = nats.env!.find((e) => e.name === 'NATS_ROUTE_PASSWORD')!;
      nats.env = [...nats.env!.filter((e) => e !== password), password];
    });
    expectProblems(checkNats(ws, late), [0, 1, 2].map((i) => `nats: NATS_ROUTE_PASSWORD must come before NATS_ROUTE_${i} in env, or Kubernetes leaves $(NATS_ROUTE_PASSWORD) unexpanded`));
    const borrowed = broken((c) => {
      const nats = container(c, 'StatefulSet', 'nats');
      nats.env = nats.env!.map((e) => (e.name === 'NATS_ROUTE_PASSWORD' ? { name: e.name, valueFrom: { secretKeyRef: { name: 'patt-nats', key: 'GATEWAY_NATS_PASSWORD' } } } : e));
    });
    expectProblems(checkNats(ws, borrowed), ["nats: NATS_ROUTE_PASSWORD must come from patt-nats's NATS_ROUTE_PASSWORD"]);
  });

  it('a bus-setup that is not the setup user, or keeps the stream on one server or on more than there are', () => {
    const setEnv = (c: KubernetesDeployment, name: string, value: string) => {
      const setup = container(c, 'Job', 'bus-setup');
      setup.env = setup.env!.map((e) => (e.name === name ? { name, value } : e));
    };
    const copy = broken((c) => {
      setEnv(c, 'NATS_STREAM_REPLICAS', '1');
      const setup = container(c, 'Job', 'bus-setup');
      setup.env = setup.env!.map((e) => (e.name === 'NATS_PASSWORD' ? { name: e.name, valueFrom: { secretKeyRef: { name: 'patt-nats', key: 'AUTH_NATS_PASSWORD' } } } : e));
    });
    expectProblems(checkNats(ws, copy), [
      "bus-setup: NATS_PASSWORD must come from patt-nats's BUS_SETUP_NATS_PASSWORD, the setup user's password",
      'bus-setup: NATS_STREAM_REPLICAS is 1; on the cluster of 3 keep the stream on 2 to 3 servers, so a server may go',
    ]);
    expect(checkNats(ws, broken((c) => setEnv(c, 'NATS_STREAM_REPLICAS', 'three')))).toEqual([
      'bus-setup: NATS_STREAM_REPLICAS must be a whole number from 1 to 5 (how many servers of the JetStream cluster keep each event), not "three"',
    ]);
  });

  it('two replicas without a disruption budget, one replica with one, a budget that lets none go', () => {
    const copy = broken((c) => {
      c.manifests = c.manifests.filter((m) => !(m.object.kind === 'PodDisruptionBudget' && m.object.metadata.name === 'identity'));
      object(c, 'Deployment', 'guild-sync').spec!.replicas = 1;
      object(c, 'PodDisruptionBudget', 'auth').spec!.minAvailable = 2;
      object(c, 'PodDisruptionBudget', 'campaigns').spec!.selector = { matchLabels: { 'app.kubernetes.io/name': 'campaign' } };
    });
    expectProblems(checkDisruptionBudgets(ws, copy), [
      'Deployment identity: runs 2 replicas but no PodDisruptionBudget selects its pods',
      'Deployment guild-sync: runs one replica, so its PodDisruptionBudget guild-sync would block every drain',
      'Deployment auth: its PodDisruptionBudget auth lets no pod of 2 go',
      'Deployment campaigns: runs 2 replicas but no PodDisruptionBudget selects its pods',
      'PodDisruptionBudget campaigns: selects no workload\'s pods',
    ]);
  });

  it('a gateway no Service reaches, a Service on a port its pods do not have', () => {
    const copy = broken((c) => {
      object(c, 'Service', 'gateway').spec!.ports = [{ name: 'http', port: 80, targetPort: 'web' }];
      object(c, 'Service', 'nats').spec!.selector = { 'app.kubernetes.io/name': 'natz' };
    });
    expectProblems(checkServices(ws, copy), [
      'Service gateway: targets port web, which Deployment gateway does not declare',
      "Service nats: selects no workload's pods",
      'gateway: no Service reaches its PORT 3000',
    ]);
  });
});

describe('the manifest reader', () => {
  it('reads every document of a file and refuses one that is no Kubernetes object', () => {
    expect(parseManifests('a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n')).toHaveLength(2);
    expect(() => parseManifests('b.yaml', 'kind: ConfigMap\n')).toThrow('b.yaml: document 1 is not a Kubernetes object (apiVersion, kind, metadata)');
  });
});
