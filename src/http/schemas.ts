/**
 * TypeBox schemas shared by routes. They validate requests, shape (and filter) responses, and
 * become the OpenAPI document at /openapi.json.
 */
import { Type, type TSchema } from 'typebox';
import { Slug } from '../schemas/common.js';

export { LIMITS, Slug, SLUG_PATTERN } from '../schemas/common.js';

export const IdParams = Type.Object({ id: Slug });

/** An instant in a response: ISO-8601 UTC with milliseconds and Z. */
export const Instant = Type.String({ format: 'date-time', examples: ['2027-03-28T22:00:00.000Z'] });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem document' },
);

export const problemRef = Type.Ref('Problem');

/** Every error status a route may answer with, all problem documents. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, problemRef]));
}

export const ListOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

export { toIso } from '../render/wire.js';
