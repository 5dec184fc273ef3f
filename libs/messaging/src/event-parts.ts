import { Chunked, EventSubject, PayloadOf } from '@patt/contracts';

/** The subjects whose events are sent in parts (their payloads say which part of how many). */
export type ChunkedSubject = { [S in EventSubject]: PayloadOf<S> extends Chunked ? S : never }[EventSubject];

/** What one part of an event carries, before it is numbered. */
export type PartBody<S extends ChunkedSubject> = Omit<PayloadOf<S>, keyof Chunked>;

export interface PartLimits {
  /** The most items a part carries. */
  perPart: number;
  /** The most bytes of JSON the items of a part add up to (each item counted with a separator). */
  maxBytes?: number;
}

/**
 * Splits a list into consecutive parts of at most `perPart` items (and `maxBytes` of JSON), in
 * order, each item in exactly one part. There is always at least one part: an empty list is one
 * empty part, so a run that found nothing still says so.
 */
export function splitIntoParts<T>(items: readonly T[], limits: PartLimits): T[][] {
  if (!Number.isInteger(limits.perPart) || limits.perPart < 1) throw new Error(`perPart must be a whole number >= 1, not ${limits.perPart}`);
  const parts: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = limits.maxBytes === undefined ? 0 : Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length > 0 && (current.length >= limits.perPart || (limits.maxBytes !== undefined && bytes + size > limits.maxBytes))) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

/**
 * Spreads a list over exactly `parts` consecutive parts, as evenly as slices of one size allow
 * (the last ones may be shorter or empty): for a list that rides along with another one's parts.
 */
export function spreadOverParts<T>(items: readonly T[], parts: number): T[][] {
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`parts must be a whole number >= 1, not ${parts}`);
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, index) => items.slice(index * size, (index + 1) * size));
}

/** Numbers the bodies of one event's parts: part 1 … n, each saying there are n. */
export function numberParts<B extends object>(bodies: readonly B[]): Array<B & Chunked> {
  if (bodies.length === 0) throw new Error('an event sent in parts has at least one part');
  return bodies.map((body, index) => ({ ...body, part: index + 1, parts: bodies.length }));
}
