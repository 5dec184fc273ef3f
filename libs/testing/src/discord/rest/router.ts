import type { DiscordRouteKey } from './route-keys';

/** What a route handler sees of a request. */
export interface RestRequest {
  method: string;
  path: string;
  route: DiscordRouteKey;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: unknown;
  /** X-Audit-Log-Reason, decoded. */
  reason?: string;
}

export interface RestResult {
  status: number;
  body?: unknown;
}

export type RouteHandler = (request: RestRequest) => RestResult;

interface CompiledRoute {
  key: DiscordRouteKey;
  method: string;
  segments: string[];
  handler: RouteHandler;
  /** False for routes authorised by a token in the path (interaction callbacks and webhooks). */
  auth: boolean;
}

export type RouteMatch =
  | { kind: 'found'; key: DiscordRouteKey; params: Record<string, string>; handler: RouteHandler; auth: boolean }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

const split = (path: string): string[] => path.split('/').filter((segment) => segment.length > 0);

/** Matches `METHOD /a/:param/b` templates; literal segments win over parameters. */
export class RestRouter {
  private readonly routes: CompiledRoute[] = [];

  add(key: DiscordRouteKey, handler: RouteHandler, options: { auth?: boolean } = {}): this {
    const [method, template] = key.split(' ');
    this.routes.push({ key, method, segments: split(template), handler, auth: options.auth ?? true });
    // Most literal first, so /users/@me beats /users/:userId.
    this.routes.sort((a, b) => literalScore(b) - literalScore(a));
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const segments = split(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method) return { kind: 'found', key: route.key, params, handler: route.handler, auth: route.auth };
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }
}

function literalScore(route: CompiledRoute): number {
  return route.segments.reduce((score, segment, index) => score + (segment.startsWith(':') ? 0 : 2 ** (16 - index)), 0);
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | null {
  if (template.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index += 1) {
    const expected = template[index];
    if (expected.startsWith(':')) params[expected.slice(1)] = decodeURIComponent(actual[index]);
    else if (expected !== actual[index]) return null;
  }
  return params;
}
