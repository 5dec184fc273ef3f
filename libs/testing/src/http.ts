import { request as httpRequest } from 'node:http';

export interface RawAnswer {
  status: number;
  /** The answer's body, parsed as JSON (every answer of the gateway is an envelope). */
  body: { ok: boolean; error?: string; code?: string; [key: string]: unknown };
}

const PIECE = 64 * 1024;
const pause = (ms: number) => new Promise((next) => setTimeout(next, ms));

/**
 * A request (POST unless told) with a large body through node:http, sent the way a careful client sends one: the headers
 * first, a pause for an early answer (what `Expect: 100-continue` is for), then the body in
 * pieces, with another pause once `pauseAfterBytes` have gone. The gateway answers a too-large
 * body at once and closes the connection (Fastify does, so a client cannot keep it busy); bytes
 * still arriving after that close make the kernel reset the connection, and a client racing ahead
 * (as fetch does) can lose the answer. Stops sending once answered.
 */
export function postLargeBody(
  url: string,
  headers: Record<string, string>,
  chunks: readonly Buffer[],
  { method = 'POST', pauseAfterBytes = 2 * 1024 * 1024 }: { method?: string; pauseAfterBytes?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(url, { method, headers }, (response) => {
      answered = true;
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as RawAnswer['body'] });
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const send = async () => {
      request.flushHeaders();
      await pause(300);
      let sent = 0;
      for (const chunk of chunks) {
        for (let at = 0; at < chunk.length && !answered && !request.destroyed; at += PIECE) {
          await new Promise((next) => request.write(chunk.subarray(at, at + PIECE), next));
          const before = sent;
          sent += PIECE;
          if (before <= pauseAfterBytes && sent > pauseAfterBytes) await pause(500);
        }
      }
      if (!answered && !request.destroyed) request.end();
    };
    void send();
  });
}
