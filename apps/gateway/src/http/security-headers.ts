// Headers every answer of the gateway carries, whoever wrote the answer (a handler, the envelope
// filter, a body refused before any handler ran, the web app's files):
// - `X-Content-Type-Options: nosniff`: a browser takes the content type as given, so an API answer
//   (JSON that echoes a name or a note) is never run as a script or rendered as a page;
// - `Cache-Control: no-store` on routes that declare @CarriesSecrets(): answers with tokens, API
//   keys or invite codes stay out of browser caches and shared proxies, errors included;
// - `Strict-Transport-Security` when the request came over https (TLS at the gateway, or a trusted
//   proxy saying so in X-Forwarded-Proto): the browser then never tries plain http here again.
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by @CarriesSecrets(). */
    carriesSecrets?: boolean;
  }
}

/** A year; no includeSubDomains: other sites under the guild's domain are not the gateway's to pin to https. */
export const HSTS = 'max-age=31536000';

/**
 * The route's answers carry a secret (an access or refresh token, an API key, an invite code):
 * they go out with `Cache-Control: no-store`.
 */
export const CarriesSecrets = () => RouteConfig({ carriesSecrets: true });

/**
 * `request.protocol` is https over TLS, or when the peer is a proxy TRUST_PROXY trusts and its
 * X-Forwarded-Proto says https; a client's own X-Forwarded-Proto is ignored.
 */
export function registerSecurityHeaders(instance: FastifyInstance): void {
  instance.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-content-type-options', 'nosniff');
    if (request.routeOptions.config?.carriesSecrets === true) void reply.header('cache-control', 'no-store');
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
}
