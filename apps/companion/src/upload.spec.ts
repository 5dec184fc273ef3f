// The uploader against a small HTTP server that answers as scripted: what goes over the wire,
// and what the companion does with each kind of answer. Waits are recorded, not slept.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { attemptUpload, RetryPolicy, UPLOAD_PATH, uploadWithRetries } from './upload';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

const KEY = 'patt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
const OK: Answer = { status: 200, body: { ok: true, data: { runId: 'run-1', matched: 3, updated: 1, notFound: 0 } } };
const policy: RetryPolicy = { baseMs: 1_000, maxMs: 8_000, timeoutMs: 2_000 };

let server: Server;
let apiUrl: string;
let answers: Answer[];
let received: Received[];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
      const answer = answers.shift() ?? OK;
      if (answer === 'hang') return;
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  answers = [];
  received = [];
});

/** Runs uploadWithRetries with a recorded sleep; the waits it asked for come back too. */
async function upload(bytes: Buffer, extra: Partial<RetryPolicy> = {}, url = apiUrl) {
  const waits: number[] = [];
  const retries: string[] = [];
  const outcome = await uploadWithRetries(bytes, { apiUrl: url, apiKey: KEY }, { ...policy, ...extra }, {
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
    onRetry: (problem) => retries.push(problem),
  });
  return { outcome, waits, retries };
}

describe('uploading', () => {
  it('POSTs the file bytes as text/plain with the API key to the addon-uploads endpoint', async () => {
    const bytes = Buffer.from('PATTSyncDB = { ["é"] = 1 }\n', 'utf8');
    const { outcome } = await upload(bytes);
    expect(outcome).toEqual({ kind: 'uploaded', result: { runId: 'run-1', matched: 3, updated: 1, notFound: 0 } });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: UPLOAD_PATH, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-api-key': KEY } });
    expect(received[0]!.body.equals(bytes)).toBe(true);
    expect(received[0]!.headers['authorization']).toBeUndefined();
  });

  it('retries 503 and 5xx with growing waits until the platform takes the file', async () => {
    answers = [
      { status: 503, body: { ok: false, error: 'guild-sync is unreachable; try again shortly.', code: 'SERVICE_UNAVAILABLE' } },
      { status: 503 },
      { status: 502, body: '<html>Bad gateway</html>' },
      OK,
    ];
    const { outcome, waits, retries } = await upload(Buffer.from('x'));
    expect(outcome.kind).toBe('uploaded');
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    expect(retries).toEqual(['the platform answered 503: guild-sync is unreachable; try again shortly.', 'the platform answered 503', 'the platform answered 502']);
    expect(received).toHaveLength(4);
  });

  it('honours Retry-After on 429 and 503', async () => {
    answers = [{ status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'Too many uploads; wait 7 seconds.', code: 'THROTTLED' } }, { status: 503, headers: { 'retry-after': '0' } }, OK];
    const { outcome, waits, retries } = await upload(Buffer.from('x'));
    expect(outcome.kind).toBe('uploaded');
    expect(waits).toEqual([7_000, 0]);
    expect(retries[0]).toBe('the platform is throttling uploads: Too many uploads; wait 7 seconds.');
  });

  it('does not retry a 4xx other than 429, and passes on the platform\'s sentence', async () => {
    answers = [{ status: 400, body: { ok: false, error: 'The upload is not a valid PATTSync export: characters[0].level must be a whole number.', code: 'VALIDATION_FAILED' } }];
    const { outcome, waits } = await upload(Buffer.from('x'));
    expect(outcome).toEqual({ kind: 'refused', status: 400, code: 'VALIDATION_FAILED', sentence: 'The upload is not a valid PATTSync export: characters[0].level must be a whole number.' });
    expect(waits).toEqual([]);
    expect(received).toHaveLength(1);
  });

  it('says the URL is probably wrong when the answer is not the platform\'s', async () => {
    answers = [{ status: 404, body: '<html>Not found</html>' }];
    expect((await upload(Buffer.from('x'))).outcome).toMatchObject({ kind: 'refused', status: 404, sentence: expect.stringMatching(/is the API URL the platform's address\?$/) });
    answers = [{ status: 200, body: '<html>Welcome</html>' }];
    expect((await upload(Buffer.from('x'))).outcome).toMatchObject({ kind: 'refused', status: 200, sentence: expect.stringMatching(/not as the PATT platform does/) });
  });

  it('retries while nothing listens, and gives up after maxAttempts when told to', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
    const { outcome, waits, retries } = await upload(Buffer.from('x'), { maxAttempts: 4 }, closed);
    expect(outcome).toEqual({ kind: 'gave-up', attempts: 4, problem: 'the platform is unreachable (ECONNREFUSED)' });
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    expect(retries).toHaveLength(3);
  });

  it('counts a platform that never answers as unreachable', async () => {
    answers = ['hang'];
    const outcome = await attemptUpload(Buffer.from('x'), { apiUrl, apiKey: KEY }, { timeoutMs: 300 });
    expect(outcome).toEqual({ kind: 'retry', problem: 'no answer from the platform within 0.3 s', retryAfterMs: null });
  });

  it('stops waiting when interrupted (a newer file), without another attempt', async () => {
    answers = [{ status: 503 }, { status: 503 }];
    const interrupt = new AbortController();
    const outcome = await uploadWithRetries(Buffer.from('x'), { apiUrl, apiKey: KEY }, policy, {
      interrupt: interrupt.signal,
      sleep: async () => interrupt.abort(),
    });
    expect(outcome).toEqual({ kind: 'interrupted' });
    expect(received).toHaveLength(1);
  });

  describe('a redirect', () => {
    /** Another host: whatever reaches it would be the key leaving for a place the officer never named. */
    let elsewhere: Server;
    let elsewhereUrl: string;
    let reachedElsewhere: Received[];

    beforeAll(async () => {
      elsewhere = createServer((request, response) => {
        reachedElsewhere.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.alloc(0) });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, data: { runId: 'elsewhere', matched: 1, updated: 0, notFound: 0 } }));
      });
      await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
      // localhost, not 127.0.0.1: another host name, as a browser or fetch tells hosts apart.
      elsewhereUrl = `http://localhost:${(elsewhere.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      elsewhere.closeAllConnections();
      await new Promise((resolve) => elsewhere.close(resolve));
    });

    beforeEach(() => {
      reachedElsewhere = [];
    });

    it.each([301, 302, 303, 307, 308])('%i to another host is never followed: the key stays home, and the officer is told', async (status) => {
      answers = [{ status, headers: { location: `${elsewhereUrl}${UPLOAD_PATH}` } }];
      const { outcome, waits } = await upload(Buffer.from('x'));
      expect(outcome).toEqual({
        kind: 'redirected',
        sentence: `${apiUrl}${UPLOAD_PATH} answered with a redirect, which the companion never follows (the API key would go along to wherever it points): give --api-url the platform's own https address`,
      });
      expect(reachedElsewhere).toEqual([]);
      expect(received).toHaveLength(1);
      expect(waits).toEqual([]);
    });
  });

  it('never sends the key anywhere but the header', async () => {
    answers = [{ status: 401, body: { ok: false, error: 'The API key is not valid.', code: 'UNAUTHORIZED' } }];
    const { outcome } = await upload(Buffer.from('x'));
    expect(JSON.stringify(outcome)).not.toContain(KEY);
    expect(received[0]!.url).not.toContain(KEY);
  });
});
