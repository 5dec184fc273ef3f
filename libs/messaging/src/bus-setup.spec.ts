import type { JetStreamManager, StreamConfig, StreamInfo } from 'nats';
import { streamReplicasFrom } from './bus-setup';
import { ensureStream, streamConfig } from './jetstream';

describe('NATS_STREAM_REPLICAS, read by the bus setup', () => {
  it('is 1 when unset or empty, as on one server', () => {
    expect(streamReplicasFrom({})).toBe(1);
    expect(streamReplicasFrom({ NATS_STREAM_REPLICAS: '  ' })).toBe(1);
  });

  it('takes a whole number from 1 to 5', () => {
    expect(streamReplicasFrom({ NATS_STREAM_REPLICAS: '3' })).toBe(3);
    expect(streamReplicasFrom({ NATS_STREAM_REPLICAS: ' 5 ' })).toBe(5);
  });

  it.each(['0', '6', '2.5', 'three', '-1', '1e1'])('refuses %s with a sentence naming the variable', (value) => {
    expect(() => streamReplicasFrom({ NATS_STREAM_REPLICAS: value })).toThrow(
      `NATS_STREAM_REPLICAS must be a whole number from 1 to 5 (how many servers of the JetStream cluster keep each event), not "${value}"`,
    );
  });
});

/** A JetStreamManager holding one stream (or none), recording what it is asked to add or update. */
function fakeManager(existing: Partial<StreamConfig> | null) {
  const calls: Array<['add' | 'update', Partial<StreamConfig>]> = [];
  const streams = {
    info: async (): Promise<StreamInfo> => {
      if (!existing) throw Object.assign(new Error('stream not found'), { code: '404' });
      return { config: existing } as StreamInfo;
    },
    add: async (config: Partial<StreamConfig>) => {
      calls.push(['add', config]);
      return {} as StreamInfo;
    },
    update: async (_name: string, config: Partial<StreamConfig>) => {
      calls.push(['update', config]);
      return {} as StreamInfo;
    },
  };
  return { jsm: { streams } as unknown as JetStreamManager, calls };
}

describe('the stream’s replicas', () => {
  it('makes the stream on as many servers as asked, one by default', async () => {
    expect(streamConfig('S', 'patt').num_replicas).toBe(1);
    const three = fakeManager(null);
    await ensureStream(three.jsm, 'S', 'patt', 3);
    expect(three.calls).toEqual([['add', expect.objectContaining({ name: 'S', num_replicas: 3 })]]);
    const service = fakeManager(null);
    await ensureStream(service.jsm, 'S', 'patt');
    expect(service.calls).toEqual([['add', expect.objectContaining({ num_replicas: 1 })]]);
  });

  it('changes an existing stream’s replicas when the setup asks for another number, and only then', async () => {
    const full = streamConfig('S', 'patt', 1);
    const setup = fakeManager(full);
    await ensureStream(setup.jsm, 'S', 'patt', 3);
    expect(setup.calls).toEqual([['update', { ...full, num_replicas: 3 }]]);

    const same = fakeManager(streamConfig('S', 'patt', 3));
    await ensureStream(same.jsm, 'S', 'patt', 3);
    expect(same.calls).toEqual([]);

    // A service (no replicas given) never moves a stream the setup keeps on three servers.
    const service = fakeManager(streamConfig('S', 'patt', 3));
    await ensureStream(service.jsm, 'S', 'patt');
    expect(service.calls).toEqual([]);
  });
});
