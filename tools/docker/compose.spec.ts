// docker-compose.yml and the root Dockerfile (as each app's build reads it), checked against the apps they run (no Docker
// engine needed): the apps' config classes, their probes, their build output, the database setup
// and package.json. The checks live in src/checks.ts; here they run on the real files, then on
// broken copies to show that each one catches what it is for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneCompose, interpolate, parseCompose, references } from './src/compose';
import { dockerfileForApp } from './src/dockerfile';
import {
  CHECKS,
  checkBusSetup,
  checkConfigsLoad,
  checkCoverage,
  checkDatabaseSetup,
  checkDockerfiles,
  checkDockerignore,
  checkEnvironment,
  checkHealthchecks,
  checkNats,
  checkRuntimeDependencies,
  checkSecrets,
  checkStartOrder,
  inContext,
  OMITTED_WITH_SAFE_DEFAULT,
  resolvedEnvironment,
} from './src/checks';
import { runtimeRequires, RuntimeRequires } from './src/runtime-deps';
import { containerisedApps, loadWorkspace, NOT_CONTAINERISED, ROOT, Workspace } from './src/workspace';

// Loading the apps' config classes and modules pulls in Nest, TypeORM and discord.js once.
jest.setTimeout(60_000);

let ws: Workspace;
beforeAll(async () => {
  ws = await loadWorkspace();
});

/** The repository's one Dockerfile, as written. */
function dockerfileText(): string {
  return readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
}

/** A copy of the workspace whose compose file the test may break. */
function withCompose(change: (compose: Workspace['compose']) => void): Workspace {
  const compose = cloneCompose(ws.compose);
  change(compose);
  return { ...ws, compose };
}

/** Problems compared regardless of order: the checks report in the order they meet them. */
function expectProblems(actual: string[], expected: string[]): void {
  expect([...actual].sort()).toEqual([...expected].sort());
}

function service(compose: Workspace['compose'], name: string) {
  const found = compose.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
}

describe('what is containerised', () => {
  it('is every app with a src/main.ts, except the explicit NOT_CONTAINERISED ones', () => {
    const apps = containerisedApps();
    expect(apps).toEqual(expect.arrayContaining(['auth', 'discord-bot', 'gateway', 'guild-sync', 'identity']));
    for (const name of Object.keys(NOT_CONTAINERISED)) expect(apps).not.toContain(name);
    expect(ws.apps.map((a) => a.name)).toEqual(apps);
  });

  it('reads each config class from its class-validator metadata', () => {
    const auth = ws.apps.find((a) => a.name === 'auth')!;
    expect(auth.config.className).toBe('AuthConfig');
    expect(auth.config.variables).toEqual(expect.arrayContaining(['DATABASE_URL', 'HEALTH_PORT', 'NATS_URL', 'JWT_SECRET', 'ADMIN_PASSWORD']));
    expect(auth.config.required).toEqual(['ADMIN_PASSWORD', 'ADMIN_USERNAME', 'DATABASE_URL', 'JWT_SECRET']);
    expect(auth.config.defaults['HEALTH_PORT']).toBe('3101');
    const gateway = ws.apps.find((a) => a.name === 'gateway')!;
    expect(gateway.config.isService).toBe(false);
    expect(gateway.config.required).toEqual(['JWT_SECRET']);
    expect(gateway.config.optional).toContain('PUBLIC_URL');
  });

  it('keeps the omitted-with-a-default list small and about variables that exist', () => {
    expect(Object.keys(OMITTED_WITH_SAFE_DEFAULT).length).toBeLessThanOrEqual(3);
    for (const name of Object.keys(OMITTED_WITH_SAFE_DEFAULT)) {
      expect(ws.apps.every((a) => a.config.variables.includes(name) && a.config.defaults[name] !== undefined)).toBe(true);
    }
  });
});

describe('the files as they are', () => {
  it.each(Object.entries(CHECKS))('%s', (_name, check) => {
    expect(check(ws)).toEqual([]);
  });

  it('gives each service the environment its config class loads, placeholders standing for the secrets', () => {
    const auth = resolvedEnvironment(ws, service(ws.compose, 'auth'));
    expect(auth['DATABASE_URL']).toMatch(/^postgres:\/\/patt_auth:compose-placeholder-[0-9a-f]+@postgres:5432\/patt$/);
    expect(auth['ADMIN_USERNAME']).toBe('admin');
    const guildSync = resolvedEnvironment(ws, service(ws.compose, 'guild-sync'));
    expect(guildSync['BLIZZARD_CLIENT_ID']).toBe('');
  });
});

describe('runtime dependencies of the built apps', () => {
  let walks: Record<string, RuntimeRequires>;
  beforeAll(() => {
    walks = Object.fromEntries(ws.apps.map((app) => [app.name, runtimeRequires(ROOT, app.name)]));
  });

  it('follows each app from main.ts through its libs to the packages it requires', () => {
    for (const [app, walk] of Object.entries(walks)) {
      expect({ app, modules: walk.modules > 20 }).toEqual({ app, modules: true });
      for (const name of ['@nestjs/core', 'nestjs-pino', 'class-validator', 'reflect-metadata', 'rxjs']) {
        expect({ app, name, found: walk.packages.has(name) }).toEqual({ app, name, found: true });
      }
    }
    expect(walks['auth']!.packages.has('pg')).toBe(true);
    expect(walks['gateway']!.packages.has('@nestjs/swagger')).toBe(true);
  });

  it('are all "dependencies" of package.json, which npm ci --omit=dev installs', () => {
    expect(checkRuntimeDependencies(ws, walks)).toEqual([]);
  });

  it('fails when one of them is only a devDependency', () => {
    const { pino, ...dependencies } = ws.manifest.dependencies;
    const broken = { ...ws, manifest: { dependencies, devDependencies: { ...ws.manifest.devDependencies, pino: pino ?? '*' } } };
    expect(checkRuntimeDependencies(broken, walks)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^auth: requires pino \(.+\), a devDependency that npm ci --omit=dev leaves out/)]),
    );
  });
});

describe('each check fails on a broken copy', () => {
  it('an app without a Dockerfile or service', () => {
    const app = { ...ws.apps[0]!, name: 'newcomer', dockerfile: undefined, dockerfilePath: 'apps/newcomer/Dockerfile' };
    expect(checkCoverage({ ...ws, apps: [...ws.apps, app] })).toEqual([
      'newcomer: apps/newcomer/Dockerfile is missing',
      'newcomer: docker-compose.yml has no service named newcomer',
    ]);
  });

  it('a service built without its APP, with another app’s, or from another Dockerfile', () => {
    const broken = withCompose((compose) => {
      delete service(compose, 'identity').build!.args['APP'];
      service(compose, 'campaigns').build!.args['APP'] = 'auth';
      service(compose, 'guild-sync').build!.dockerfile = 'apps/guild-sync/Dockerfile';
      service(compose, 'db-setup').build!.args['APP'] = 'web';
    });
    expectProblems(checkCoverage(broken), [
      'identity: the service must build with context ., dockerfile Dockerfile and args { APP: identity }',
      'identity: builds with APP=(unset), which is no containerised app',
      'campaigns: the service must build with context ., dockerfile Dockerfile and args { APP: campaigns }',
      'guild-sync: the service must build with context ., dockerfile Dockerfile and args { APP: guild-sync }',
      "guild-sync: builds apps/guild-sync/Dockerfile, which is not the apps' Dockerfile",
      'db-setup: builds with APP=web, which is no containerised app',
    ]);
    expect(checkDatabaseSetup(broken)).toContain("db-setup: must build one of the apps' images (the Dockerfile with args APP)");
  });

  it('a required variable missing, an undeclared one added, a default that contradicts the class', () => {
    const broken = withCompose((compose) => {
      delete service(compose, 'gateway').environment['JWT_SECRET'];
      service(compose, 'identity').environment['DISCORD_TOKEN'] = '${DISCORD_TOKEN:-}';
      service(compose, 'discord-bot').environment['ROLE_SYNC_MODE'] = '${ROLE_SYNC_MODE:-enforce}';
    });
    expectProblems(checkEnvironment(broken), [
      'identity: DISCORD_TOKEN is not a variable IdentityConfig declares',
      'discord-bot: ROLE_SYNC_MODE defaults to "enforce" in Compose but to "report" in DiscordBotConfig',
      'gateway: JWT_SECRET is declared by GatewayConfig (required) but Compose does not set it',
    ]);
  });

  it('a required variable that can be empty', () => {
    const broken = withCompose((compose) => {
      service(compose, 'auth').environment['ADMIN_USERNAME'] = '${ADMIN_USERNAME:-}';
    });
    expect(checkEnvironment(broken)).toEqual([
      'auth: ADMIN_USERNAME is required by AuthConfig but its Compose value can be empty; use ${ADMIN_USERNAME:?…} or a default',
    ]);
  });

  it('a value the config class rejects', () => {
    const broken = withCompose((compose) => {
      service(compose, 'identity').environment['NATS_URL'] = 'http://nats:4222';
      service(compose, 'auth').environment['HEALTH_PORT'] = '70000';
    });
    expect(checkConfigsLoad(broken)).toEqual([
      'auth: AuthConfig rejects its Compose environment: HEALTH_PORT must not be greater than 65535',
      'identity: IdentityConfig rejects its Compose environment: NATS_URL must be a nats:// URL, e.g. nats://127.0.0.1:4222',
    ]);
  });

  it('a healthcheck on the wrong port or path', () => {
    const broken = withCompose((compose) => {
      const auth = service(compose, 'auth');
      auth.healthcheck = { disable: false, test: auth.healthcheck!.test.map((part) => part.replace(':3101/', ':3999/')) };
      const gateway = service(compose, 'gateway');
      gateway.healthcheck = { disable: false, test: gateway.healthcheck!.test.map((part) => part.replace('/api/v1/version', '/health')) };
    });
    expect(checkHealthchecks(broken)).toEqual([
      'auth: Compose healthcheck probes port 3999 but HEALTH_PORT is 3101',
      'gateway: Compose healthcheck asks /health, should be /api/v1/version',
    ]);
  });

  it('a Dockerfile that builds or runs another app', () => {
    const text = dockerfileText()
      .replace('RUN node tools/build/build-app.mjs ${APP}', 'RUN node tools/build/build-app.mjs auth')
      .replace('"dist/apps/identity/apps/identity/src/main.js"', '"dist/apps/identity/apps/auth/src/main.js"')
      .replace('USER node', 'USER root');
    const apps = ws.apps.map((a) => (a.name === 'identity' ? { ...a, dockerfile: dockerfileForApp(text, 'identity') } : a));
    expect(checkDockerfiles({ ...ws, apps })).toEqual([
      'identity: Dockerfile builds auth, not identity',
      'identity: Dockerfile CMD must be ["node", "dist/apps/identity/apps/identity/src/main.js"] in exec form (so node gets SIGTERM), not ["node", "dist/apps/identity/apps/auth/src/main.js"]',
      'identity: Dockerfile must run as a non-root USER',
    ]);
  });

  it('reads the one Dockerfile as each app’s build does: its own stage, and only the stages its image needs', () => {
    const auth = ws.apps.find((a) => a.name === 'auth')!.dockerfile!;
    const gateway = ws.apps.find((a) => a.name === 'gateway')!.dockerfile!;
    expect(auth.stages.map((s) => s.name ?? `FROM ${s.from}`)).toEqual(['base', 'build', 'prod-deps', 'runtime', 'service', 'app-auth', 'FROM app-auth']);
    expect(gateway.stages.map((s) => s.name ?? `FROM ${s.from}`)).toEqual(['base', 'build', 'web-build', 'prod-deps', 'runtime', 'app-gateway', 'FROM app-gateway']);
    // Without APP the image is no app's: the last stage names none.
    expect(dockerfileForApp(dockerfileText(), '').stages.at(-1)?.from).toBe('app-');
  });

  it('a gateway image without the web app it serves, or every image with it', () => {
    const webCopy = 'COPY --from=web-build /app/dist/apps/web ./dist/apps/web';
    expect(dockerfileText()).toContain(webCopy);
    const withoutWeb = dockerfileText().replace(`${webCopy}\n`, '');
    const gatewayOnly = ws.apps.map((a) => (a.name === 'gateway' ? { ...a, dockerfile: dockerfileForApp(withoutWeb, 'gateway') } : a));
    expect(checkDockerfiles({ ...ws, apps: gatewayOnly })).toEqual([
      'gateway: Dockerfile runtime stage must COPY --from=<build stage> dist/apps/web, which gateway ships',
    ]);
    // Moved into the runtime every app shares: each backend image would carry the web app.
    const shared = withoutWeb.replace('USER node\n', `${webCopy}\nUSER node\n`);
    const line = shared.split('\n').indexOf(webCopy) + 1;
    // …and their builds would build it too: the web-build stage is theirs now.
    const webSources = shared.split('\n').indexOf('COPY apps/web ./apps/web') + 1;
    const everyApp = ws.apps.map((a) => ({ ...a, dockerfile: dockerfileForApp(shared, a.name) }));
    expectProblems(
      checkDockerfiles({ ...ws, apps: everyApp }),
      ws.apps
        .filter((a) => a.name !== 'gateway')
        .flatMap((a) => [
          `${a.name}: Dockerfile line ${line} copies /app/dist/apps/web, another app's files`,
          `${a.name}: Dockerfile line ${webSources} copies apps/web, another app's files`,
        ]),
    );
  });

  it('a Dockerfile that copies the sources before npm ci', () => {
    const text = dockerfileText().replace('COPY package.json package-lock.json ./', 'COPY package.json package-lock.json ./\nCOPY libs ./libs');
    const apps = ws.apps.map((a) => (a.name === 'auth' ? { ...a, dockerfile: dockerfileForApp(text, 'auth') } : a));
    expect(checkDockerfiles({ ...ws, apps })).toEqual([
      'auth: Dockerfile stage build: copies libs before npm ci, so any change re-installs',
      'auth: Dockerfile stage prod-deps: copies libs before npm ci, so any change re-installs',
    ]);
  });

  it('a service whose role or URL differs from what db-setup makes', () => {
    const broken = withCompose((compose) => {
      const identity = service(compose, 'identity');
      identity.environment['DATABASE_URL'] = identity.environment['DATABASE_URL']!.replace('patt_identity', 'identity');
      delete service(compose, 'guild-sync').dependsOn['db-setup'];
    });
    expectProblems(checkDatabaseSetup(broken), [
      'db-setup: IDENTITY_DATABASE_URL must be exactly identity\'s DATABASE_URL',
      'identity: DATABASE_URL connects as identity; the owner of schema identity is patt_identity',
      'guild-sync: must depend on db-setup with condition service_completed_successfully',
    ]);
  });

  it('nats on a scratch image, with flags instead of the generated configuration, or missing a user’s password', () => {
    const broken = withCompose((compose) => {
      const nats = service(compose, 'nats');
      nats.image = 'nats:2.10';
      nats.command = ['-js', '-sd', '/data', '-m', '8222'];
      delete nats.environment['CAMPAIGNS_NATS_PASSWORD'];
      nats.environment['AUTH_NATS_PASSWORD'] = '${AUTH_NATS_PASSWORD:-changeme}';
    });
    expectProblems(checkNats(broken), [
      'nats: image nats:2.10 must be a nats:2.x-alpine tag (the scratch ones have no wget for the healthcheck)',
      'nats: command must be ["-c", "/etc/nats/patt.conf"]: the generated configuration',
      'nats: environment must be exactly every bus user\'s password (AUTH_NATS_PASSWORD, BUS_SETUP_NATS_PASSWORD, CAMPAIGNS_NATS_PASSWORD, DISCORD_BOT_NATS_PASSWORD, GATEWAY_NATS_PASSWORD, GUILD_SYNC_NATS_PASSWORD, IDENTITY_NATS_PASSWORD); has AUTH_NATS_PASSWORD, BUS_SETUP_NATS_PASSWORD, DISCORD_BOT_NATS_PASSWORD, GATEWAY_NATS_PASSWORD, GUILD_SYNC_NATS_PASSWORD, IDENTITY_NATS_PASSWORD',
      'nats: AUTH_NATS_PASSWORD must be ${AUTH_NATS_PASSWORD:?…}',
    ]);
  });

  it('a nats configuration older than the contracts, or none', () => {
    const stale = { ...ws, natsConfig: (ws.natsConfig ?? '').replace('"patt.rpc.auth.login", ', '') };
    expect(checkNats(stale)).toEqual(['nats: tools/docker/nats-server.conf is not what the contracts generate: run npm run nats:config']);
    expect(checkNats({ ...ws, natsConfig: null })).toEqual(['nats: tools/docker/nats-server.conf is missing: run npm run nats:config']);
  });

  it('a service as another’s user, with another’s password, or not waiting for bus-setup', () => {
    const broken = withCompose((compose) => {
      service(compose, 'guild-sync').environment['NATS_USER'] = 'gateway';
      service(compose, 'discord-bot').environment['NATS_PASSWORD'] = '${AUTH_NATS_PASSWORD:?set it}';
      delete service(compose, 'identity').dependsOn['bus-setup'];
    });
    expectProblems(checkNats(broken), [
      'guild-sync: NATS_USER must be "guild-sync", its own user of the bus',
      'discord-bot: NATS_PASSWORD must be ${DISCORD_BOT_NATS_PASSWORD:?…}, its own password on the bus',
      'identity: must depend on bus-setup with condition service_completed_successfully (it makes the stream)',
    ]);
    expect(checkEnvironment(broken)).toEqual([
      "discord-bot: NATS_PASSWORD reads the host's AUTH_NATS_PASSWORD; it is discord-bot's own, ${DISCORD_BOT_NATS_PASSWORD:?…}",
    ]);
  });

  it('a bus-setup that is not the one-shot of the setup user', () => {
    const broken = withCompose((compose) => {
      const setup = service(compose, 'bus-setup');
      setup.command = ['node', 'dist/apps/auth/libs/persistence/src/setup-cli.js'];
      setup.restart = 'unless-stopped';
      setup.environment['NATS_PASSWORD'] = '${AUTH_NATS_PASSWORD:?set it}';
      delete setup.dependsOn['nats'];
    });
    expectProblems(checkBusSetup(broken), [
      'bus-setup: command must be ["node", "dist/apps/auth/libs/messaging/src/bus-setup-cli.js"]',
      'bus-setup: is a one-shot: restart must be "no", not unless-stopped',
      'bus-setup: must wait for nats: service_healthy',
      "bus-setup: NATS_PASSWORD must be ${BUS_SETUP_NATS_PASSWORD:?…}, the setup user's password",
    ]);
  });

  it('a secret written into the file', () => {
    const broken = withCompose((compose) => {
      service(compose, 'gateway').environment['JWT_SECRET'] = '${JWT_SECRET:-0123456789abcdef0123456789abcdef}';
      const auth = service(compose, 'auth');
      auth.environment['DATABASE_URL'] = 'postgres://patt_auth:hunter22@postgres:5432/patt';
      auth.environment['NATS_PASSWORD'] = 'pHunter22hunter22hunter22';
    });
    expect(checkSecrets(broken)).toEqual([
      'auth: the password in DATABASE_URL must be a ${VAR:?…} reference, not a literal or a default',
      'auth: NATS_PASSWORD is a secret; it must be ${AUTH_NATS_PASSWORD:?…}, not a literal or a default',
      'gateway: JWT_SECRET is a secret; it must be ${JWT_SECRET:?…}, not a literal or a default',
    ]);
  });

  it('a gateway that starts before the services are healthy', () => {
    const broken = withCompose((compose) => {
      service(compose, 'gateway').dependsOn['auth'] = 'service_started';
    });
    expect(checkStartOrder(broken)).toEqual(['gateway: must depend on auth with condition service_healthy']);
  });
});

describe('the compose reader', () => {
  it('interpolates as Compose does', () => {
    const host = (name: string) => ({ SET: 'value', EMPTY: '' })[name];
    expect(interpolate('${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d} ${UNSET:-${SET}} $$SET $SET', host)).toBe('value d  d value $SET value');
    expect(() => interpolate('${EMPTY:?give EMPTY}', host)).toThrow('required variable EMPTY is missing: give EMPTY');
    expect(references('a ${B:?msg: with, punctuation} $$C $D').map((r) => [r.name, r.operator])).toEqual([
      ['B', ':?'],
      ['D', ''],
    ]);
  });

  it('reads both environment forms and the short depends_on form', () => {
    const compose = parseCompose('services:\n  a:\n    image: x\n    environment: ["K=v=w", "E="]\n    depends_on: [b]\n');
    expect(compose.services['a']).toMatchObject({ environment: { K: 'v=w', E: '' }, dependsOn: { b: 'service_started' } });
  });
});

describe('the build context', () => {
  it('follows Docker\'s rules: the last matching pattern wins, for the path or a parent', () => {
    const patterns = ['*', '!apps/', '**/*.spec.ts', '**/node_modules'];
    expect(inContext(patterns, 'apps/auth/src/main.ts')).toBe(true);
    expect(inContext(patterns, 'apps/auth/src/main.spec.ts')).toBe(false);
    expect(inContext(patterns, 'apps/auth/node_modules/x.js')).toBe(false);
    expect(inContext(patterns, 'node_modules/x.js')).toBe(false);
    expect(inContext(patterns, '.env')).toBe(false);
  });

  it('fails when .dockerignore drops what a Dockerfile copies, or lets .env in', () => {
    const dockerignore = [...ws.dockerignore.filter((p) => p !== '!tools/build/'), '!.env'];
    expectProblems(checkDockerignore({ ...ws, dockerignore }), [
      '.dockerignore: leaves tools/build/build-app.mjs out of the context, yet a Dockerfile COPYs tools/build',
      '.dockerignore: lets .env into the build context',
    ]);
  });
});
