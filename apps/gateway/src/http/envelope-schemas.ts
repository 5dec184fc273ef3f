// Response schemas for the envelope of small fixed-shape answers (the rank table, /auth/me,
// /version): with one on a route, Fastify writes the 200 with fast-json-stringify, compiled once
// from the schema, instead of JSON.stringify walking the object. The bytes are the same as
// JSON.stringify's (envelope-schemas.spec.ts, and test/envelope-schemas.integration.spec.ts through
// the gateway), since each schema names every field of the contract type, in the order the service
// writes them. A field the schema does not name is not written: the types below make a field added
// to a contract type and not here a compile error. Errors (the envelope filter, other statuses)
// and routes without a schema are written as before. Swagger reads @ApiOkResponse, not these.
import { RouteSchema } from '@nestjs/platform-fastify';
import type { Page, Rank, RankRef, User } from '@patt/contracts';

export type JsonSchema = Record<string, unknown>;

/** An object's schema naming every field of T (TypeScript checks that none is missing or extra). */
export function objectSchema<T>(properties: { [K in keyof Required<T>]: JsonSchema }): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

const nullable = (type: string): JsonSchema => ({ type: [type, 'null'] });

export const RANK_REF_SCHEMA = objectSchema<RankRef>({ level: { type: 'integer' }, name: { type: 'string' } });

/** identity's `Rank`, in RankEntity.toRank's order. */
export const RANK_SCHEMA = objectSchema<Rank>({
  level: { type: 'integer' },
  name: { type: 'string' },
  discordRoleId: nullable('string'),
  gameRankIndexes: { type: 'array', items: { type: 'integer' } },
});

export const RANKS_PAGE_SCHEMA = objectSchema<Page<Rank>>({ items: { type: 'array', items: RANK_SCHEMA }, total: { type: 'integer' } });

/** auth's `User`, in userOf's order. */
export const USER_SCHEMA = objectSchema<User>({
  id: { type: 'string' },
  username: { type: 'string' },
  displayName: { type: 'string' },
  personId: nullable('string'),
  rank: RANK_REF_SCHEMA,
  hasPassword: { type: 'boolean' },
});

/** `{ok: true, data}` around a success's schema. */
export function envelopeSchema(data: JsonSchema): JsonSchema {
  return objectSchema<{ ok: true; data: unknown }>({ ok: { type: 'boolean' }, data });
}

/** The route's 200 is the envelope of `data`, written by the schema's serializer. */
export const EnvelopedResponse = (data: JsonSchema) => RouteSchema({ response: { 200: envelopeSchema(data) } });
