// A stand-in for the gateway in component tests: routes by method and path, answers in the API's
// envelope, and records every call (with its parsed body and headers) for assertions.
import type { FetchLike, LockRunner } from '../api/client';
import { API_PREFIX } from '../api/client';

/** Tests run one tab: the refresh runs without the cross-tab lock. */
export const noLock: LockRunner = (_name, task) => task();

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type Handler = (call: Call) => Reply | Promise<Reply>;

export const ok = (data: unknown, status = 200): Reply => ({ status, body: { ok: true, data } });
export const page = (items: unknown[], total = items.length): Reply => ok({ items, total });
export const fail = (status: number, code: string, error: string, details?: unknown[]): Reply => ({
  status,
  body: { ok: false, error, code, ...(details ? { details } : {}) },
});
export const forbidden = (): Reply => fail(403, 'FORBIDDEN', 'This needs the rank Officer or higher.');

/** A reply that arrives only when the test says so: for looking at loading states. */
export function deferred(): { handler: Handler; resolve(reply: Reply): void } {
  let resolve: (reply: Reply) => void = () => undefined;
  const promise = new Promise<Reply>((settle) => (resolve = settle));
  return { handler: () => promise, resolve: (reply) => resolve(reply) };
}

export class FakeApi {
  readonly calls: Call[] = [];
  private readonly routes = new Map<string, Handler[]>();

  /** Answers `METHOD /path` (without /api/v1 and query). Several replies are used in turn, the last one for good. */
  on(method: string, path: string, ...replies: Array<Reply | Handler>): this {
    this.routes.set(`${method} ${path}`, replies.map((reply) => (typeof reply === 'function' ? reply : () => reply)));
    return this;
  }

  handles(method: string, path: string): boolean {
    return this.routes.has(`${method} ${path}`);
  }

  callsTo(method: string, path: string): Call[] {
    return this.calls.filter((call) => call.method === method && call.path === path);
  }

  readonly fetch: FetchLike = async (url, init) => {
    const parsed = new URL(url, 'http://localhost');
    const path = parsed.pathname.startsWith(API_PREFIX) ? parsed.pathname.slice(API_PREFIX.length) : parsed.pathname;
    const call: Call = {
      method: init.method ?? 'GET',
      path,
      query: parsed.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: { ...(init.headers as Record<string, string>) },
      credentials: init.credentials,
    };
    this.calls.push(call);
    const handlers = this.routes.get(`${call.method} ${path}`);
    const handler = handlers?.length ? (handlers.length > 1 ? handlers.shift() : handlers[0]) : undefined;
    const reply = handler ? await handler(call) : fail(404, 'NOT_FOUND', `The fake API has no route ${call.method} ${path}.`);
    return { status: reply.status, json: async () => reply.body };
  };
}
