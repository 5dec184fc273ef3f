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

/**
 * The deepest nesting of objects and arrays a body may have. No request of the API needs more
 * than a few levels; validating a body walks it recursively, and a body nested 200,000 deep
 * (400 KB) would overflow the stack there.
 */
export const MAX_BODY_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Where JSON text first opens an object or array deeper than `max` (the character's index), or
 * -1. One pass over the text, before it is parsed into objects: brackets inside strings do not
 * count. Text that is not JSON may be miscounted; JSON.parse refuses it anyway.
 */
export function jsonNestedBeyond(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at += 1) {
    const c = text.charCodeAt(at);
    if (inString) {
      if (c === BACKSLASH) at += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) return at;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return -1;
}

/** A JSON body, or a BodyRefused that says why not. Never recursive: a 200,000-deep body is no risk. */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new BodyRefused('The body is empty but its content type says JSON: send a JSON value, or no content type.');
  const tooDeep = jsonNestedBeyond(text, MAX_BODY_DEPTH);
  if (tooDeep >= 0) {
    throw new BodyRefused(
      `The body nests objects or arrays more than ${MAX_BODY_DEPTH} deep (at character ${tooDeep + 1}); no request of this API takes that, and it is refused.`,
    );
  }
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
