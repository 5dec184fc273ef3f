import { Controller, Get, Header, Injectable, Logger, NotFoundException, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  collectDefaultMetrics,
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Metric,
  prometheusContentType,
  Registry,
} from 'prom-client';

/**
 * The process's Prometheus metrics: one registry per service process (one per Nest app, which in
 * a test process may be several), with prom-client's default process and Node.js families
 * (`process_cpu_seconds_total`, `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`,
 * `nodejs_heap_size_used_bytes`, …). Code that counts something asks for its family here by name;
 * a second ask for the same name gets the same family, so two consumers of one service share
 * `…_total{consumer=…}` rather than colliding. Names follow Prometheus conventions: base units
 * (`_seconds`, `_bytes`), `_total` on counters, and labels with a bounded set of values (route
 * templates and patterns, never raw URLs or ids).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  /**
   * False with METRICS_ENABLED=false: no default collectors, no GET /metrics, and code on a
   * request's path (the gateway's requests, requests between services) counts nothing. Families
   * asked for still exist (code need not ask first); nothing reads them.
   */
  readonly enabled: boolean;

  constructor(options: { enabled?: boolean } = {}) {
    this.enabled = options.enabled ?? true;
    if (this.enabled) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return this.existing(config.name, Counter) ?? new Counter<L>({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return this.existing(config.name, Gauge) ?? new Gauge<L>({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return this.existing(config.name, Histogram) ?? new Histogram<L>({ ...config, registers: [this.registry] });
  }

  /** The text exposition format (0.0.4), what GET /metrics answers. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  private existing<M extends Metric>(name: string, kind: abstract new (...args: never[]) => M): M | undefined {
    const found = this.registry.getSingleMetric(name);
    if (found === undefined) return undefined;
    if (!(found instanceof kind)) throw new Error(`metric ${name} is already registered as another kind`);
    return found;
  }
}

export const METRICS_CONTENT_TYPE = prometheusContentType;

/** GET /metrics on a backend service's health port (beside /health/live and /health/ready). */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get('metrics')
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    if (!this.metrics.enabled) throw new NotFoundException('metrics are off in this process (METRICS_ENABLED=false)');
    return this.metrics.exposition();
  }
}

/**
 * GET /metrics on a port of its own, for the gateway, whose HTTP port is the public one: a bare
 * node:http server, outside Nest's guards and the public routes. It closes when the app does.
 */
@Injectable()
export class MetricsServer implements OnApplicationShutdown {
  private server?: Server;

  constructor(private readonly metrics: Metrics) {}

  /** Starts answering on the port (0: any free one); the port it listens on, or null when metrics are off (nothing listens). */
  async listen(port: number, host = '0.0.0.0'): Promise<number | null> {
    if (!this.metrics.enabled) return null;
    if (this.server) throw new Error('the metrics server already listens');
    const server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at GET /metrics\n');
        return;
      }
      this.metrics.exposition().then(
        (text) => {
          response.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
          response.end(request.method === 'HEAD' ? undefined : text);
        },
        (error: unknown) => {
          new Logger(MetricsServer.name).error({ msg: 'collecting metrics failed', err: error });
          response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('collecting metrics failed\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
