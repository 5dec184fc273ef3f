// Prometheus metrics on the running platform: every backend service serves GET /metrics on its
// health port, the gateway on METRICS_PORT and never on its public port.
import { randomUUID } from 'node:crypto';
import { Events, Requests } from '@patt/contracts';
import { BACKEND_APPS, eventually, MetricFamily, parsePrometheusText, PROCESS_FAMILIES, publishEvent, startPlatform, TestPlatform } from '@patt/testing';

jest.setTimeout(180_000);

describe('GET /metrics on every process of the platform', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  async function scrape(url: string) {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    expect({ url, status: response.status, type: response.headers.get('content-type') }).toEqual({
      url,
      status: 200,
      type: 'text/plain; version=0.0.4; charset=utf-8',
    });
    return parsePrometheusText(await response.text());
  }

  /** The value of the sample with exactly these labels (0 when the series does not exist yet). */
  function valueOf(families: Map<string, MetricFamily>, family: string, sample: string, labels: Record<string, string>): number {
    const found = families.get(family)?.samples.filter(
      (s) => s.name === sample && Object.keys(labels).every((k) => s.labels[k] === labels[k]) && Object.keys(s.labels).length === Object.keys(labels).length,
    );
    expect((found ?? []).length).toBeLessThanOrEqual(1);
    return found?.[0]?.value ?? 0;
  }

  it.each(BACKEND_APPS)('%s answers Prometheus text with the process families on its health port', async (app) => {
    const families = await scrape(`http://127.0.0.1:${platform.healthPorts.get(app)}/metrics`);
    for (const name of PROCESS_FAMILIES) expect({ app, name, present: families.has(name) }).toEqual({ app, name, present: true });
    expect(families.get('process_cpu_seconds_total')?.samples[0]?.value).toBeGreaterThan(0);
  });

  it('the gateway answers on METRICS_PORT, and its public port has no /metrics', async () => {
    const families = await scrape(platform.gatewayMetricsUrl);
    for (const name of PROCESS_FAMILIES) expect({ name, present: families.has(name) }).toEqual({ name, present: true });
    const onPublic = await fetch(`${platform.gatewayUrl}/metrics`);
    expect(onPublic.status).toBe(404);
    expect(await onPublic.text()).not.toContain('process_cpu_seconds_total');
    expect(platform.gatewayMetricsUrl).not.toContain(`:${new URL(platform.gatewayUrl).port}/`);
  });

  it('counts the gateway’s requests by route template and status, and its NATS requests by pattern and outcome', async () => {
    const member = platform.token({ rank: 1, username: 'member' });
    const before = await scrape(platform.gatewayMetricsUrl);
    const requests = (labels: Record<string, string>, families: Map<string, MetricFamily>) =>
      valueOf(families, 'http_server_request_duration_seconds', 'http_server_request_duration_seconds_count', labels);
    const asks = (labels: Record<string, string>, families: Map<string, MetricFamily>) =>
      valueOf(families, 'nats_client_request_duration_seconds', 'nats_client_request_duration_seconds_count', labels);

    expect((await fetch(`${platform.gatewayUrl}/api/v1/version`)).status).toBe(200);
    expect((await fetch(`${platform.gatewayUrl}/api/v1/version`)).status).toBe(200);
    const unknownMember = randomUUID();
    const missing = await fetch(`${platform.gatewayUrl}/api/v1/members/${unknownMember}`, { headers: { authorization: `Bearer ${member}` } });
    expect(missing.status).toBe(404);
    expect((await fetch(`${platform.gatewayUrl}/api/v1/members/${randomUUID()}`)).status).toBe(401);
    expect((await fetch(`${platform.gatewayUrl}/no/such/page-${unknownMember}?token=secret`)).status).toBe(404);

    const text = await (await fetch(platform.gatewayMetricsUrl)).text();
    const after = parsePrometheusText(text);
    const delta = (labels: Record<string, string>) => requests(labels, after) - requests(labels, before);
    expect(delta({ method: 'GET', route: '/api/v1/version', status_code: '200' })).toBe(2);
    expect(delta({ method: 'GET', route: '/api/v1/members/:id', status_code: '404' })).toBe(1);
    expect(delta({ method: 'GET', route: '/api/v1/members/:id', status_code: '401' })).toBe(1);
    expect(delta({ method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    // Route templates only: no id, path or query a client sent is a label value.
    expect(text).not.toContain(unknownMember);
    expect(text).not.toContain('secret');
    expect(after.get('http_server_request_duration_seconds')?.type).toBe('histogram');

    // The 404 was identity's answer (an error, not an outage); the 401 never left the gateway.
    const errors = { pattern: Requests.MembersGet, outcome: 'error' };
    expect(asks(errors, after) - asks(errors, before)).toBe(1);
    const ok = { pattern: Requests.MembersGet, outcome: 'ok' };
    expect(asks(ok, after) - asks(ok, before)).toBe(0);
  });

  it('counts identity’s matching runs by trigger and outcome, and times them', async () => {
    const identity = `http://127.0.0.1:${platform.healthPorts.get('identity')}/metrics`;
    const runs = (families: Map<string, MetricFamily>, trigger: string, outcome = 'applied') =>
      valueOf(families, 'patt_matching_runs_total', 'patt_matching_runs_total', { trigger, outcome });
    const timed = (families: Map<string, MetricFamily>, trigger: string) =>
      valueOf(families, 'patt_matching_run_duration_seconds', 'patt_matching_run_duration_seconds_count', { trigger });
    const before = await scrape(identity);
    // Every trigger's series is there before any run of it.
    for (const trigger of ['events', 'officer', 'schedule']) {
      for (const outcome of ['applied', 'failed']) {
        expect(before.get('patt_matching_runs_total')?.samples.some((s) => s.labels['trigger'] === trigger && s.labels['outcome'] === outcome)).toBe(true);
      }
    }
    expect(before.get('patt_matching_run_duration_seconds')?.type).toBe('histogram');

    // An officer's run: counted and timed once committed, before its answer.
    const officer = platform.token({ rank: 4, username: 'officer' });
    const answer = await fetch(`${platform.gatewayUrl}/api/v1/identity/matching-runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(200);
    const afterOfficer = await scrape(identity);
    expect({ runs: runs(afterOfficer, 'officer') - runs(before, 'officer'), timed: timed(afterOfficer, 'officer') - timed(before, 'officer') }).toEqual({ runs: 1, timed: 1 });
    expect(runs(afterOfficer, 'officer', 'failed')).toBe(0);

    // An event that asks for a run: the worker's, counted under `events`.
    await publishEvent(platform.bus, Events.DiscordMemberChanged, {
      change: 'joined',
      member: { userId: '918273645546372819', username: 'metrics_newcomer', displayName: 'Newcomer', roleIds: [], present: true, joinedAt: new Date().toISOString() },
      at: new Date().toISOString(),
    });
    const afterEvent = await eventually('a run of the worker counted', async () => {
      const families = await scrape(identity);
      return runs(families, 'events') > runs(afterOfficer, 'events') ? families : undefined;
    });
    expect(timed(afterEvent, 'events')).toBeGreaterThan(timed(afterOfficer, 'events'));
    expect(runs(afterEvent, 'events', 'failed')).toBe(0);
  });
});
