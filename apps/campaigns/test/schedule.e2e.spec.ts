import { Campaign } from '@patt/contracts';
import { freePort, RunningService, startPlatform, startProcess, TestPlatform } from '@patt/testing';
import { call, data, draft, outbox, query } from './support';

jest.setTimeout(180_000);

/**
 * The schedule with two campaigns processes on one database: each ticks, one at a time, and each
 * campaign opens at its start and closes at its end exactly once. Times the test cannot wait for
 * (an end an hour away, a day left) are brought near by moving the campaign's clock in the
 * database, as the time passing would.
 */
describe('the campaigns schedule, two replicas', () => {
  let platform: TestPlatform;
  let second: RunningService;
  let officer: string;

  beforeAll(async () => {
    platform = await startPlatform({ apps: ['campaigns'], env: { campaigns: { SCHEDULE_TICK_MS: '300' } } });
    const port = await freePort();
    second = await startProcess('campaigns-2', {
      app: 'campaigns',
      env: { ...platform.envOf('campaigns'), HEALTH_PORT: String(port) },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
      timeoutMs: 120_000,
    });
    officer = platform.token({ rank: 4, username: 'officer' });
  });

  afterAll(async () => {
    await second?.stop();
    await platform?.stop();
  });

  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what} did not happen within ${timeoutMs} ms`);
  };
  const campaign = async (id: string) => data(await call<Campaign>(platform, 'GET', `/campaigns/${id}`, { token: officer }));
  /** Moves a live campaign's clock: as if `hours` had passed since it opened. */
  const timePasses = (id: string, hours: number) =>
    query(
      platform,
      `UPDATE campaigns.campaigns SET opened_at = opened_at - make_interval(secs => $2), starts_at = starts_at - make_interval(secs => $2),
         ends_at = ends_at - make_interval(secs => $2) WHERE id = $1`,
      [id, hours * 3600],
    );

  it('opens a draft at its start and closes it at its end, once, whichever replica ticks', async () => {
    const startsAt = new Date(Date.now() + 2500);
    const { campaign: due } = await draft(platform, officer, { startsAt: startsAt.toISOString(), durationHours: 1 });
    // Too few entries for its picks: the schedule leaves it a draft.
    const { campaign: short } = await draft(platform, officer, { startsAt: startsAt.toISOString(), picksPerVoter: 3 }, ['Only one']);
    expect((await campaign(due.id)).status).toBe('draft');

    await until('the opening', async () => (await campaign(due.id)).status === 'live');
    const opened = await campaign(due.id);
    expect(new Date(opened.openedAt as string).getTime()).toBeGreaterThanOrEqual(startsAt.getTime());
    // Opened by the schedule, its start and end are those it was given.
    expect(opened.startsAt).toBe(startsAt.toISOString());
    expect(opened.endsAt).toBe(new Date(startsAt.getTime() + 3_600_000).toISOString());

    // Its hour nearly over: it closes at its end.
    await timePasses(due.id, 1 - 2 / 3600);
    const endsAt = new Date((await campaign(due.id)).endsAt);
    await until('the close', async () => (await campaign(due.id)).status === 'closed');
    const closed = await campaign(due.id);
    expect(closed.closeReason).toBe('ended');
    expect(new Date(closed.closedAt as string).getTime()).toBeGreaterThanOrEqual(endsAt.getTime());

    // A few more ticks of both replicas change nothing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const events = await outbox(platform, due.id);
    expect(events.map((e) => [e.subject.split('.').pop(), e.payload['sequence']])).toEqual([
      ['campaign-opened', 1],
      ['campaign-closed', 2],
    ]);
    expect(events[0]?.payload).toMatchObject({ openedBy: 'schedule', startsAt: startsAt.toISOString() });
    expect(events[1]?.payload).toMatchObject({ reason: 'ended', allVoted: false, results: { final: true, voted: 0 } });
    expect((await campaign(short.id)).status).toBe('draft');
    // Both replicas were there to tick.
    expect(second.child.exitCode).toBeNull();
  });

  it('says "24 hours left" and "1 hour left" once each, only for a campaign live for longer', async () => {
    const { campaign: long } = await draft(platform, officer, { durationHours: 48, picksPerVoter: 1 });
    const { campaign: brief } = await draft(platform, officer, { durationHours: 12, picksPerVoter: 1 });
    for (const id of [long.id, brief.id]) data(await call(platform, 'POST', `/campaigns/${id}/open`, { token: officer, body: {} }));

    await timePasses(long.id, 25);
    await timePasses(brief.id, 2);
    await until('"24 hours left"', async () => (await outbox(platform, long.id)).some((e) => e.payload['key'] === 'hours_left_24'));
    await timePasses(long.id, 22.5);
    await timePasses(brief.id, 9.5);
    await until('"1 hour left"', async () => (await outbox(platform, long.id)).some((e) => e.payload['key'] === 'hours_left_1'));
    await until('"1 hour left" of the short one', async () => (await outbox(platform, brief.id)).some((e) => e.payload['key'] === 'hours_left_1'));
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const keys = async (id: string) => (await outbox(platform, id)).map((e) => [(e.payload['key'] as string | undefined) ?? e.subject.split('.').pop(), e.payload['sequence']]);
    expect(await keys(long.id)).toEqual([
      ['campaign-opened', 1],
      ['hours_left_24', 2],
      ['hours_left_1', 3],
    ]);
    // Twelve hours long: never a "24 hours left".
    expect(await keys(brief.id)).toEqual([
      ['campaign-opened', 1],
      ['hours_left_1', 2],
    ]);
    const [milestone] = (await outbox(platform, long.id)).filter((e) => e.payload['key'] === 'hours_left_24');
    expect(milestone?.payload).toMatchObject({ milestone: 'hours_left_24', counts: { voted: 0 }, leader: null, previousLeader: null });
    expect((milestone?.payload['standings'] as unknown[]).length).toBe(3);
  });
});
