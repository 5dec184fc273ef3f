import { NatsResponseJSONDeserializer } from '@nestjs/microservices/deserializers/nats-response-json.deserializer';
import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer';
import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';

/**
 * Replies whose JSON is larger than this travel gzipped. NATS refuses a message over its max
 * payload (1 MiB by default), and a page of 500 members with all their characters can pass it in a
 * guild of many alts; JSON shrinks about tenfold. Smaller replies, nearly all of them, go as they
 * are, at no cost.
 */
export const GZIP_REPLIES_OVER_BYTES = 512 * 1024;

/** gzip's magic bytes: JSON text never starts with 0x1f, so a reply says by itself what it is. */
export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

type Serialized = ReturnType<NatsRecordSerializer['serialize']>;

/** The services' reply serializer: Nest's, gzipping what is large (fast level: size matters, not the last byte). */
export class LargeReplySerializer extends NatsRecordSerializer {
  override serialize(packet: Parameters<NatsRecordSerializer['serialize']>[0]): Serialized {
    const serialized = super.serialize(packet);
    if (serialized.data.length <= GZIP_REPLIES_OVER_BYTES) return serialized;
    return { ...serialized, data: gzipSync(serialized.data, { level: 1 }) };
  }
}

/** The gateway's reply deserializer: Nest's, after gunzipping a reply that came gzipped. */
export class LargeReplyDeserializer extends NatsResponseJSONDeserializer {
  override deserialize(value: Uint8Array, options?: Record<string, unknown>): ReturnType<NatsResponseJSONDeserializer['deserialize']> {
    return super.deserialize(isGzip(value) ? gunzipSync(value) : value, options);
  }
}

/**
 * Large replies the gateway forwards untouched. A request whose sender can pass a large reply on
 * as it is (the gateway, for lists) says so in this header; the service then answers a reply
 * over ENVELOPE_REPLIES_OVER_BYTES as the HTTP answer's own bytes, `{"ok":true,"data":…}`
 * gzipped, marked by the same header on the reply. The gateway neither parses nor serialises it
 * again: it sends the gzip to a client that accepts gzip and gunzips it as a stream for one that
 * does not. Errors and smaller replies travel as Nest's packets, as before.
 */
export const ENVELOPED_REPLY_HEADER = 'patt-reply';
export const ENVELOPED_GZIP = 'enveloped+gzip';
export const ENVELOPE_REPLIES_OVER_BYTES = 32 * 1024;

/** A service's reply already in the gateway's envelope, gzipped: what the gateway sends on as it is. */
export class EnvelopedReply {
  constructor(readonly gzipped: Buffer) {}
}

const gzipAsync = promisify(gzip);

/** The enveloped, gzipped bytes of a large response (gzip on libuv's pool, not the event loop); null when small. */
export async function envelopedReplyOf(response: unknown): Promise<Buffer | null> {
  const json = JSON.stringify(response ?? null);
  if (json.length <= ENVELOPE_REPLIES_OVER_BYTES) return null;
  return gzipAsync(`{"ok":true,"data":${json}}`, { level: 1 });
}
