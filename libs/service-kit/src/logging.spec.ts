import pino from 'pino';
import { Writable } from 'node:stream';
import { pinoOptions, redactUrl, RequestLog } from './logging';

/** The lines a logger with the services' options writes, as objects. */
function linesOf(write: (logger: pino.Logger) => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  write(pino(pinoOptions('test', 'info'), sink));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the services’ logs', () => {
  it('never carry a NATS password, as nats’ connection option or as the variable', () => {
    const [line] = linesOf((logger) =>
      logger.info({ connection: { user: 'auth', pass: 'pSecretSecretSecret1' }, config: { NATS_USER: 'auth', NATS_PASSWORD: 'pSecretSecretSecret1' } }, 'connecting'),
    );
    expect(JSON.stringify(line)).not.toContain('pSecretSecretSecret1');
    expect(line).toMatchObject({ connection: { user: 'auth', pass: '[redacted]' }, config: { NATS_USER: 'auth', NATS_PASSWORD: '[redacted]' } });
  });
});

describe('a request URL as logged', () => {
  it('keeps a URL without secrets as it came', () => {
    expect(redactUrl('/api/v1/members?limit=50&offset=0')).toBe('/api/v1/members?limit=50&offset=0');
    expect(redactUrl('/api/v1/version')).toBe('/api/v1/version');
  });

  it('drops the values of an OAuth callback’s code and state, whatever their case or encoding', () => {
    expect(redactUrl('/api/v1/auth/oauth/discord/callback?code=abc123&state=xyz')).toBe('/api/v1/auth/oauth/discord/callback?code=[redacted]&state=[redacted]');
    expect(redactUrl('/cb?State=xyz&%63ode=abc&error=access_denied')).toBe('/cb?State=[redacted]&%63ode=[redacted]&error=access_denied');
  });

  it('drops tokens and keys passed in a query', () => {
    expect(redactUrl('/x?access_token=t1&refresh_token=t2&key=k&token=t3')).toBe(
      '/x?access_token=[redacted]&refresh_token=[redacted]&key=[redacted]&token=[redacted]',
    );
  });

  it('logs a malformed parameter name as it came, without failing', () => {
    expect(redactUrl('/x?%E0%A4%A=1&code=2')).toBe('/x?%E0%A4%A=1&code=[redacted]');
  });
});

describe('the request log', () => {
  const request = (statusCode: number, ms: number, url = '/api/v1/ranks') => ({ method: 'GET', url, route: '/api/v1/ranks', correlationId: 'c-1', statusCode, ms });

  it('writes errors, refusals and slow requests always, fast successes up to its rate, and summarises the rest', () => {
    let now = 0;
    const lines = linesOf((logger) => {
      const log = new RequestLog(logger, { slowMs: 500, linesPerSecond: 2, summaryEveryMs: 10_000, now: () => now });
      for (let i = 0; i < 5; i += 1) log.completed(request(200, 3));
      log.completed(request(503, 5000));
      log.completed(request(401, 1));
      log.completed(request(200, 800));
      now = 1_000;
      log.completed(request(200, 4, '/api/v1/members?limit=500&token=abc'));
      now = 10_000;
      log.completed(request(200, 2));
    });
    const byMsg = (msg: string) => lines.filter((line) => line['msg'] === msg);
    expect(byMsg('request completed')).toHaveLength(4);
    expect(byMsg('request failed')).toEqual([expect.objectContaining({ level: 'error', res: { statusCode: 503 }, correlationId: 'c-1' })]);
    expect(byMsg('request refused')).toEqual([expect.objectContaining({ level: 'warn', res: { statusCode: 401 } })]);
    expect(byMsg('slow request')).toEqual([expect.objectContaining({ level: 'warn', responseTime: 800 })]);
    expect(JSON.stringify(lines)).not.toContain('abc');
    const [summary] = byMsg('requests summarised');
    expect(summary).toMatchObject({ requestsSummarised: 3, routes: { 'GET /api/v1/ranks': { count: 3, meanMs: 3, maxMs: 3, statuses: { 200: 3 } } } });
  });
});
