import 'reflect-metadata';
import { gunzipSync } from 'node:zlib';
import { ENVELOPE_REPLIES_OVER_BYTES, envelopedReplyOf, GZIP_REPLIES_OVER_BYTES, LargeReplyDeserializer, LargeReplySerializer } from './large-replies';

describe('replies over NATS', () => {
  const serializer = new LargeReplySerializer();
  const deserializer = new LargeReplyDeserializer();
  const reply = (items: number) => ({
    id: 'request-1',
    response: { total: items, items: Array.from({ length: items }, (_, i) => ({ id: `member-${i}`, displayName: `Zatañña ${i}`, note: 'raids tuesdays' })) },
    isDisposed: true,
  });

  it('sends a small reply as plain JSON, as Nest does', () => {
    const { data } = serializer.serialize(reply(3)) as { data: Uint8Array };
    expect(JSON.parse(new TextDecoder().decode(data))).toMatchObject({ id: 'request-1', response: { total: 3 } });
    expect(deserializer.deserialize(data)).toEqual({ id: 'request-1', response: reply(3).response, isDisposed: true, err: undefined });
  });

  it('gzips a reply too large to send plainly, and reads it back whole', () => {
    const large = reply(40_000);
    const plain = Buffer.byteLength(JSON.stringify(large));
    expect(plain).toBeGreaterThan(1024 * 1024);
    const { data } = serializer.serialize(large) as { data: Uint8Array };
    expect(data.length).toBeLessThan(GZIP_REPLIES_OVER_BYTES);
    expect(JSON.parse(gunzipSync(data).toString('utf8'))).toMatchObject({ id: 'request-1' });
    expect(deserializer.deserialize(data)).toMatchObject({ id: 'request-1', response: large.response });
  });
});

describe('enveloped replies', () => {
  it('envelopes and gzips a large response once, and leaves a small one to Nest', async () => {
    expect(await envelopedReplyOf({ items: [1, 2, 3] })).toBeNull();
    const response = { total: 2000, items: Array.from({ length: 2000 }, (_, i) => ({ id: `m-${i}`, name: `Zatañña ${i}` })) };
    const enveloped = await envelopedReplyOf(response);
    expect(enveloped).not.toBeNull();
    const text = gunzipSync(enveloped as Buffer).toString('utf8');
    expect(text).toBe(JSON.stringify({ ok: true, data: response }));
    expect(text.length).toBeGreaterThan(ENVELOPE_REPLIES_OVER_BYTES);
  });
});
