import { INestApplication, RequestMethod } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ACCESS, AccessRule } from './access.decorator';

export interface RouteAccess {
  method: string;
  path: string;
  controller: string;
  handler: string;
  rule: AccessRule | undefined;
}

/** Every HTTP route of the gateway with its declared access rule (tests build their matrix from it). */
export function routesOf(app: INestApplication): RouteAccess[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: RouteAccess[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const handler = instance[name] as (() => unknown) | undefined;
      if (typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      routes.push({
        method: RequestMethod[method],
        path: `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/'),
        controller: wrapper.name,
        handler: name,
        rule: reflector.get<AccessRule | undefined>(ACCESS, handler),
      });
    }
  }
  return routes;
}

/** A route Fastify serves, as it was added. */
export interface ServedRoute {
  method: string;
  url: string;
}

const OUTSIDE_NEST = new WeakMap<INestApplication, ServedRoute[]>();

/**
 * Records the routes added straight to Fastify, before Nest adds its controllers' (Swagger UI's,
 * the web app's): those never pass the access guard, so the audit must know them. Call `close`
 * just before `app.init()`, which is when Nest adds its own.
 */
export function recordRoutesOutsideNest(fastify: FastifyInstance): { close(app: INestApplication): void } {
  const routes: ServedRoute[] = [];
  let recording = true;
  fastify.addHook('onRoute', (route) => {
    if (!recording) return;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  return {
    close: (app) => {
      recording = false;
      OUTSIDE_NEST.set(app, routes);
    },
  };
}

/** The routes served outside Nest's controllers (recorded by recordRoutesOutsideNest). */
export function routesOutsideNest(app: INestApplication): ServedRoute[] {
  return [...(OUTSIDE_NEST.get(app) ?? [])];
}

/**
 * Refuses to start when a route has no access rule, or when a route added outside Nest (which no
 * guard sees) claims a path of the API: everything under `apiRoot` goes through the guard.
 */
export function assertEveryRouteGuarded(app: INestApplication, apiRoot: string, outsideNest = routesOutsideNest(app)): void {
  const open = routesOf(app).filter((route) => !route.rule);
  if (open.length > 0) {
    throw new Error(
      `routes without an access rule (add @Public(), @AnyMember(), @OfficerOnly() or @GuildLeaderOnly()): ${open
        .map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`)
        .join(', ')}`,
    );
  }
  const unguarded = outsideNest.filter((r) => r.url === apiRoot || r.url.startsWith(`${apiRoot}/`));
  if (unguarded.length > 0) {
    throw new Error(
      `routes under ${apiRoot} added outside Nest's controllers, where no access guard runs (make them controller routes): ${unguarded
        .map((r) => `${r.method} ${r.url}`)
        .join(', ')}`,
    );
  }
}
