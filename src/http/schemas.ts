/**
 * TypeBox schemas shared by routes. They validate requests, shape (and filter) responses, and
 * become the OpenAPI document at /openapi.json.
 */
import { Type, type TSchema } from 'typebox';

export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

export const Slug = Type.String({
  pattern: SLUG_PATTERN,
  maxLength: 63,
  description: 'A slug chosen by the admin: lower-case letters, digits and dashes, 1–63 characters',
  examples: ['alice'],
});

export const IdParams = Type.Object({ id: Slug });

/**
 * Bounds of request fields shared by a route and the export document (the schedule document's
 * own are SCHEDULE_LIMITS in src/engine/limits.ts). README "Limits" lists them all.
 */
export const LIMITS = {
  /** Levels of an escalation chain, and targets per level. */
  chainLevels: 20,
  chainTargets: 20,
  /** Dates a holiday calendar includes, and dates it excludes. */
  calendarDates: 1000,
  /** Characters of a name (calendar, holiday, chain). */
  name: 200,
  /** Characters of an override's note. */
  note: 1000,
} as const;

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
