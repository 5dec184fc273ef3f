import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyReply } from 'fastify';
import { EnvelopedReply } from '@patt/service-kit';

/** Whether an Accept-Encoding header takes gzip (by name or `*`, with a q above 0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (!header) return false;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') continue;
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

/**
 * A service's large reply as the answer (large-replies.ts): its gzip as it came, with
 * Content-Encoding: gzip, to a client that accepts gzip; else gunzipped as a stream. The bytes
 * are the envelope the service wrote; nothing here parses or serialises them.
 */
export function answerEnveloped(reply: FastifyReply, acceptEncoding: string | string[] | undefined, enveloped: EnvelopedReply): Buffer | Readable {
  void reply.header('content-type', 'application/json; charset=utf-8').header('vary', 'accept-encoding');
  if (acceptsGzip(acceptEncoding)) {
    void reply.header('content-encoding', 'gzip');
    return enveloped.gzipped;
  }
  return Readable.from([enveloped.gzipped]).pipe(createGunzip());
}
