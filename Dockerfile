# syntax=docker/dockerfile:1
# Every app's image, chosen by the build argument APP. Build from the repository root (Compose
# does: context ., dockerfile Dockerfile, args APP):
#   docker build --build-arg APP=identity -t patt-identity .
# The stages up to `runtime` are the same for every app; the `app-<name>` stages at the end hold
# what differs (the probe port, the healthcheck, the command, and the web app the gateway ships),
# and the image is `app-${APP}` (BuildKit builds only the stages that one needs). The auth image also
# runs Compose's one-shots (db-setup, bus-setup). tools/docker/compose.spec.ts checks this file, as
# each app's build resolves it, against the apps.

# Debian slim rather than Alpine: glibc, as on the dev machines and in CI where the native modules
# (bcrypt, @swc/core) are exercised, and no musl resolver surprises on Compose networks.
ARG NODE_IMAGE=node:20-bookworm-slim
# The app to build: auth, identity, guild-sync, discord-bot, campaigns or gateway. Required.
ARG APP

# --- base: the manifests, and an npm that honours package.json "allowScripts" ------------------
# Node 20 bundles npm 10, which ignores "allowScripts" and would run every install script, the
# denied ones too (@scarf/scarf's telemetry, @parcel/watcher's build); npm 11 runs only those the
# policy approves.
FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION=11.19.1
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
RUN --mount=type=cache,target=/root/.npm npm install --global npm@${NPM_VERSION}
WORKDIR /app
# The manifests alone first: the dependency layers stay cached until package*.json change.
COPY package.json package-lock.json ./

# --- build: every dependency, then SWC compiles the app and the shared libs it may import -------
FROM base AS build
ARG APP
RUN --mount=type=cache,target=/root/.npm npm ci
COPY tsconfig.base.json .swcrc ./
COPY tools/build ./tools/build
COPY libs ./libs
COPY apps/${APP} ./apps/${APP}
RUN node tools/build/build-app.mjs ${APP}

# --- web-build: the web app the gateway serves at / (dist/apps/web, its default WEB_ROOT) -------
# Static files built by Vite with the dev dependencies at hand, and Brotli and gzip copies beside
# them, sent as they are to browsers that accept them. Only the gateway's image uses this stage.
FROM build AS web-build
COPY apps/web ./apps/web
RUN npx vite build --config apps/web/vite.config.mts --logLevel warn
RUN node tools/build/precompress.mjs dist/apps/web

# --- prod-deps: "dependencies" only; bcrypt loads its prebuilt binary, nothing is compiled ------
FROM base AS prod-deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

# --- runtime: node_modules for production and the built app, run as an unprivileged user -------
FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/apps/${APP} ./dist/apps/${APP}
# The image's own "node" user; the files stay root-owned, so the process cannot change them.
USER node
STOPSIGNAL SIGTERM

# --- a backend service: ready (database, NATS, migrations) on its probe port ---------------------
FROM runtime AS service
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/health/ready', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# --- each app: its port and its command (exec form, so node itself gets SIGTERM) -----------------
FROM service AS app-auth
ENV HEALTH_PORT=3101
EXPOSE 3101
CMD ["node", "dist/apps/auth/apps/auth/src/main.js"]

FROM service AS app-identity
ENV HEALTH_PORT=3102
EXPOSE 3102
CMD ["node", "dist/apps/identity/apps/identity/src/main.js"]

FROM service AS app-guild-sync
ENV HEALTH_PORT=3103
EXPOSE 3103
CMD ["node", "dist/apps/guild-sync/apps/guild-sync/src/main.js"]

FROM service AS app-discord-bot
ENV HEALTH_PORT=3104
EXPOSE 3104
CMD ["node", "dist/apps/discord-bot/apps/discord-bot/src/main.js"]

FROM service AS app-campaigns
ENV HEALTH_PORT=3105
EXPOSE 3105
CMD ["node", "dist/apps/campaigns/apps/campaigns/src/main.js"]

# The gateway, the public REST API, with the web app. Its healthcheck asks /api/v1/version, which
# the gateway answers alone: /health answers 503 whenever any backend is down, and must not make
# Docker restart a healthy gateway.
FROM runtime AS app-gateway
COPY --from=web-build /app/dist/apps/web ./dist/apps/web
ENV PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/v1/version', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/gateway/apps/gateway/src/main.js"]

# --- the image: the stage of the app asked for ----------------------------------------------------
FROM app-${APP}
