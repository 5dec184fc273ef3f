import type { FastifyInstance } from 'fastify';
import { Metrics } from '@patt/service-kit';

/** The route label of a request no route matched (404s of any URL): one value, never the URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Methods a route can have; anything else (Node passes a few more) counts as `other`. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * `http_server_request_duration_seconds{method, route, status_code}`: every answer the public port
 * gives, by the route's template (`/api/v1/members/:id`, never the URL a client sent) and status,
 * timed from the request's arrival to the answer's last byte. Its `_count` is the request count.
 * Nothing is hooked when metrics are off.
 */
export function registerHttpMetrics(instance: FastifyInstance, metrics: Metrics): void {
  // METRICS_ENABLED=false: no hook on the request path at all.
  if (!metrics.enabled) return;
  const requests = metrics.histogram({
    name: 'http_server_request_duration_seconds',
    help: 'HTTP requests the gateway answered, by method, route template and status code, and how long each took.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  instance.addHook('onResponse', (request, reply, done) => {
    requests.observe(
      {
        method: METHODS.has(request.method) ? request.method : 'other',
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
