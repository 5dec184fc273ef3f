// How the gateway reads request bodies, in place of Fastify's defaults: JSON with the reason a
// body is refused (Fastify says only "not valid JSON", even of valid JSON it refuses for a
// `__proto__` key), and text/plain and text/csv as raw bytes.
import type { FastifyInstance } from 'fastify';

/**
 * A refused body. Nest turns a SyntaxError carrying status 400 into a 400 whose message is this
 * one, which the envelope filter then answers as is.
 */
class BodyRefused extends SyntaxError {
  readonly status = 400;
  readonly statusCode = 400;
}

/** Keys that, merged into an object later, would reach Object.prototype. */
function prototypeKeyIn(value: unknown): string | null {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (Object.hasOwn(next, '__proto__')) return '"__proto__"';
    const constructor = (next as Record<string, unknown>)['constructor'];
    if (Object.hasOwn(next, 'constructor') && typeof constructor === 'object' && constructor !== null && Object.hasOwn(constructor, 'prototype')) {
      return '"constructor" with a "prototype"';
    }
    for (const child of Object.values(next)) stack.push(child);
  }
  return null;
}

/** A JSON body, or a BodyRefused that says why not. Iterative: a 10,000-deep body is no risk. */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new BodyRefused('The body is empty but its content type says JSON: send a JSON value, or no content type.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BodyRefused(`The body is not valid JSON: ${(error as Error).message}.`);
  }
  // As Fastify does, only bodies that spell a dangerous key are walked.
  if (text.includes('__proto__') || text.includes('constructor')) {
    const key = prototypeKeyIn(value);
    if (key) throw new BodyRefused(`The body has a ${key} key, which no request of this API takes and which could alter objects' prototype; it is refused.`);
  }
  return value;
}

export function registerBodyParsers(instance: FastifyInstance, bodyLimit: number): void {
  instance.removeContentTypeParser('application/json');
  instance.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // text/plain bodies (the addon's SavedVariables file) stay raw bytes: the route decodes them
  // itself, so invalid UTF-8 is reported rather than silently replaced.
  // So do text/csv bodies (the roster-sheet import), for the same reason.
  instance.removeContentTypeParser('text/plain');
  instance.addContentTypeParser(['text/plain', 'text/csv'], { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body);
  });
}
