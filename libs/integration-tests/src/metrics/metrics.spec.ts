// service-kit's metrics as a service and the gateway mount them: GET /metrics beside the probes on
// a service's health port, and on a port of its own (MetricsServer) for the gateway.
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, Metrics, MetricsServer, ServiceConfig, ServiceKitModule } from '@patt/service-kit';
import { parsePrometheusText, PROCESS_FAMILIES } from '@patt/testing';

const config = loadConfig('metrics-test', ServiceConfig, {
  DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
  HEALTH_PORT: '0',
  LOG_LEVEL: 'silent',
});

async function appWith(healthPattern?: string, withConfig: ServiceConfig = config): Promise<NestFastifyApplication> {
  @Module({ imports: [ServiceKitModule.forService({ name: 'metrics-test', config: withConfig, configClass: ServiceConfig, healthPattern })] })
  class TestModule {}
  const app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('a service’s GET /metrics on its health port', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await appWith('metrics-test.health');
  });
  afterAll(() => app.close());

  it('answers Prometheus text with the process and Node.js families', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(response.body);
    for (const name of PROCESS_FAMILIES) expect({ name, present: families.has(name) }).toEqual({ name, present: true });
    expect(families.get('process_cpu_seconds_total')).toMatchObject({ type: 'counter', samples: [expect.objectContaining({ value: expect.any(Number) })] });
    expect(families.get('process_resident_memory_bytes')?.samples[0]?.value).toBeGreaterThan(1024 * 1024);
  });

  it('carries what the service counts, under one family however often it is asked for', async () => {
    const metrics = app.get(Metrics);
    const applied = metrics.counter({ name: 'test_events_applied_total', help: 'Events applied.', labelNames: ['consumer'] });
    expect(metrics.counter({ name: 'test_events_applied_total', help: 'Events applied.', labelNames: ['consumer'] })).toBe(applied);
    expect(() => metrics.gauge({ name: 'test_events_applied_total', help: 'x' })).toThrow('already registered as another kind');
    applied.inc({ consumer: 'identity-members' }, 2);
    const families = parsePrometheusText((await app.inject({ method: 'GET', url: '/metrics' })).body);
    expect(families.get('test_events_applied_total')?.samples).toEqual([
      { name: 'test_events_applied_total', labels: { consumer: 'identity-members' }, value: 2 },
    ]);
  });

  it('keeps the probes where they were', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});

describe('the gateway’s metrics server (MetricsServer, METRICS_PORT)', () => {
  let app: NestFastifyApplication;
  let url: string;
  beforeAll(async () => {
    app = await appWith(); // the gateway has no health pattern: no /metrics on its own (public) port
    url = `http://127.0.0.1:${await app.get(MetricsServer).listen(0, '127.0.0.1')}`;
  });
  afterAll(() => app.close());

  it('answers GET /metrics with the app’s registry, and 404 elsewhere', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(await response.text());
    for (const name of PROCESS_FAMILIES) expect({ name, present: families.has(name) }).toEqual({ name, present: true });
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('is not mounted on the app’s own HTTP port', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  });

  it('stops answering when the app closes', async () => {
    const other = await appWith();
    const port = await other.get(MetricsServer).listen(0, '127.0.0.1');
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    await other.close();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});

describe('METRICS_ENABLED=false', () => {
  const off = loadConfig('metrics-test', ServiceConfig, {
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    HEALTH_PORT: '0',
    LOG_LEVEL: 'silent',
    METRICS_ENABLED: 'false',
  });
  let service: NestFastifyApplication;
  let gateway: NestFastifyApplication;
  beforeAll(async () => {
    service = await appWith('metrics-test.health', off);
    gateway = await appWith(undefined, off);
  });
  afterAll(async () => {
    await service?.close();
    await gateway?.close();
  });

  it('serves no /metrics on a service’s health port, beside probes that still answer', async () => {
    const response = await service.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('METRICS_ENABLED=false');
    expect((await service.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });

  it('opens no metrics port for the gateway, and collects nothing by default', async () => {
    expect(await gateway.get(MetricsServer).listen(0, '127.0.0.1')).toBeNull();
    const metrics = gateway.get(Metrics);
    expect(metrics.enabled).toBe(false);
    // Code may still ask for its families; nothing of the process's own is collected.
    metrics.counter({ name: 'test_things_total', help: 'Things.' }).inc();
    expect(parsePrometheusText(await metrics.exposition()).has('process_cpu_seconds_total')).toBe(false);
  });

  it('is on unless told otherwise, and takes only true or false', () => {
    expect(config.METRICS_ENABLED).toBe(true);
    expect(loadConfig('metrics-test', ServiceConfig, { DATABASE_URL: 'postgres://x@127.0.0.1/x', HEALTH_PORT: '0', METRICS_ENABLED: 'true' }).METRICS_ENABLED).toBe(true);
    expect(() => loadConfig('metrics-test', ServiceConfig, { DATABASE_URL: 'postgres://x@127.0.0.1/x', HEALTH_PORT: '0', METRICS_ENABLED: 'no' })).toThrow(
      'METRICS_ENABLED must be true or false',
    );
  });
});
