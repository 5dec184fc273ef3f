import { DataSource } from 'typeorm';
import { Actor, ErrorCode, RankLevel } from '@patt/contracts';
import { DeadLetterDesk } from '@patt/messaging';
import { ServiceException } from '@patt/service-kit';
import { createTestDatabase, eventually, testBus, TestDatabase } from '@patt/testing';
import { countEffects, probeOptions, ProbeOptions, startProbe } from './probe';

jest.setTimeout(120_000);

const leader: Actor = { userId: '5b0c1a0e-0000-4000-8000-000000000001', personId: null, username: 'the-leader', rank: RankLevel.GuildLeader };

async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceException);
  return (error as ServiceException).body;
}

describe('repairing dead letters: listed, replayed through the consumer once, discarded', () => {
  let db: TestDatabase;
  let consumerDb: DataSource;
  const running: Array<{ close: () => Promise<void> }> = [];

  beforeAll(async () => {
    db = await createTestDatabase(['producer', 'consumer']);
    consumerDb = await new DataSource({ type: 'postgres', url: db.urls['consumer'] }).initialize();
  });

  afterAll(async () => {
    for (const probe of running.splice(0).reverse()) await probe.close();
    await consumerDb?.destroy();
    await db?.drop();
  });

  it('lists the poison events, refuses a replay that fails again, applies the cured one once, and discards', async () => {
    const bus = testBus(db.token);
    const options = (role: 'producer' | 'consumer'): ProbeOptions => probeOptions(db, bus, role, { maxAttempts: 2 });
    const producer = await startProbe(options('producer'));
    running.push(producer);
    const consumer = await startProbe(options('consumer'));
    running.push(consumer);
    const desk = consumer.app.get(DeadLetterDesk);
    await producer.producer.emit(3, 'member');
    await producer.producer.emit(3, 'poison');
    const listed = await eventually(
      'three dead letters',
      async () => {
        const page = await desk.list({ limit: 10, offset: 0 });
        return page.total === 3 ? page : undefined;
      },
      60_000,
    );
    expect(await countEffects(consumerDb)).toEqual({ total: 3, distinct: 3 });
    expect(listed.items).toHaveLength(3);
    for (const item of listed.items) {
      expect(item).toMatchObject({ service: 'consumer', subject: 'patt.auth.user-registered', attempts: 2, lastError: 'this event cannot be applied', replayable: true });
      expect(item.id).toMatch(/^consumer\.[1-9][0-9]*$/);
      expect(Date.parse(item.failedAt)).not.toBeNaN();
    }
    // Paged: newest first, two then one, the same total.
    const first = await desk.list({ limit: 2, offset: 0 });
    const second = await desk.list({ limit: 2, offset: 2 });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(listed.items.map((i) => i.id));
    expect([first.total, second.total]).toEqual([3, 3]);

    const [a, b, c] = listed.items.map((i) => ({ row: i.id.split('.')[1] as string, eventId: i.eventId }));

    // Replayed before the fix: it fails again, nothing is applied, it stays open with one more attempt.
    expect(await refusal(desk.replay({ row: a!.row }, leader))).toMatchObject({ code: ErrorCode.Conflict, message: expect.stringContaining('this event cannot be applied') });
    expect((await desk.list({ limit: 10, offset: 0 })).items.find((i) => i.eventId === a!.eventId)).toMatchObject({ attempts: 3 });
    expect(await countEffects(consumerDb)).toEqual({ total: 3, distinct: 3 });

    // After the fix: applied once, through the consumer's handler, and recorded.
    consumer.handler.poisonCured = true;
    const replayed = await desk.replay({ row: a!.row }, leader);
    expect(replayed).toMatchObject({ id: `consumer.${a!.row}`, outcome: 'applied', replayedBy: 'the-leader' });
    const applied = (await consumerDb.query('SELECT event_id FROM effects WHERE event_id = $1', [a!.eventId])) as unknown[];
    expect(applied).toHaveLength(1);
    const [record] = (await consumerDb.query('SELECT resolution, resolved_at, resolved_by FROM dead_letters WHERE id = $1', [a!.row])) as Array<{
      resolution: string;
      resolved_at: Date;
      resolved_by: { username: string; userId: string };
    }>;
    expect(record).toMatchObject({ resolution: 'applied', resolved_by: { username: 'the-leader', userId: leader.userId } });
    expect(record!.resolved_at.toISOString()).toBe(replayed.replayedAt);

    // A second replay of the same dead letter is refused, and applies nothing.
    expect(await refusal(desk.replay({ row: a!.row }, leader))).toMatchObject({ code: ErrorCode.Conflict, message: expect.stringContaining('replayed already') });
    expect(await countEffects(consumerDb)).toEqual({ total: 4, distinct: 4 });

    // An event the consumer's inbox holds as applied: the replay runs nothing.
    await consumerDb.query('UPDATE inbox SET dead_lettered = false WHERE event_id = $1', [b!.eventId]);
    expect(await desk.replay({ row: b!.row }, leader)).toMatchObject({ outcome: 'already-applied' });
    expect(await countEffects(consumerDb)).toEqual({ total: 4, distinct: 4 });

    // Discarded: it leaves the list, is recorded, and can be neither replayed nor discarded again.
    expect(await desk.discard({ row: c!.row }, leader)).toBeNull();
    expect(await desk.list({ limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
    const [discarded] = (await consumerDb.query('SELECT resolution, resolved_by FROM dead_letters WHERE id = $1', [c!.row])) as Array<{ resolution: string; resolved_by: { username: string } }>;
    expect(discarded).toMatchObject({ resolution: 'discarded', resolved_by: { username: 'the-leader' } });
    expect(await refusal(desk.replay({ row: c!.row }, leader))).toMatchObject({ code: ErrorCode.Conflict, message: expect.stringContaining('discarded already') });
    expect(await refusal(desk.discard({ row: c!.row }, leader))).toMatchObject({ code: ErrorCode.Conflict });
    expect(await countEffects(consumerDb)).toEqual({ total: 4, distinct: 4 });

    // Two replays of one dead letter at once (two replicas, two clicks): one applies it, the other is refused.
    consumer.handler.poisonCured = false;
    await producer.producer.emit(1, 'poison-twice');
    const [late] = (
      await eventually(
        'the fourth dead letter',
        async () => {
          const page = await desk.list({ limit: 10, offset: 0 });
          return page.total === 1 ? page : undefined;
        },
        60_000,
      )
    ).items;
    consumer.handler.poisonCured = true;
    const row = late!.id.split('.')[1] as string;
    const outcomes = await Promise.allSettled([desk.replay({ row }, leader), desk.replay({ row }, leader)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect((rejected.reason as ServiceException).body).toMatchObject({ code: ErrorCode.Conflict, message: expect.stringContaining('replayed already') });
    expect((await consumerDb.query('SELECT count(*)::int AS n FROM effects WHERE event_id = $1', [late!.eventId])) as unknown).toEqual([{ n: 1 }]);
    expect(await countEffects(consumerDb)).toEqual({ total: 5, distinct: 5 });

    // Bad input and unknown rows.
    expect(await refusal(desk.replay({ row: '999999' }, leader))).toMatchObject({ code: ErrorCode.NotFound });
    expect(await refusal(desk.discard({ row: 'x; DROP TABLE inbox' }, leader))).toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(await refusal(desk.list({ limit: 0, offset: 0 }))).toMatchObject({ code: ErrorCode.ValidationFailed });
  });
});
