/**
 * The schemas of timelines on the wire (spec §6, §7), for validation-free serialization and the
 * OpenAPI document. The converters that produce them live in src/render/wire.ts.
 */
import { Type } from 'typebox';
import { Instant } from './schemas.js';

export { coverageView, onCallJson, personOrNull } from '../render/wire.js';

const PersonOrNull = Type.Union([Type.Ref('Person'), Type.Null()], { description: 'The person on call; null in a gap' });
const Source = Type.Union([Type.Literal('override'), Type.Literal('layer'), Type.Literal('fallback'), Type.Literal('gap')]);

export const ShiftSchema = Type.Object({
  start: Instant,
  end: Instant,
  person: PersonOrNull,
  source: Source,
  layer: Type.Union([Type.String(), Type.Null()], { examples: ['weekend'] }),
  override: Type.Union([Type.String(), Type.Null()], { examples: [null] }),
});

export const OnCallSchema = Type.Object(
  {
    schedule: Type.String({ examples: ['comms'] }),
    scheduleName: Type.String({ description: 'The name in the version in force at `at`', examples: ['Communications coordinator'] }),
    at: Instant,
    person: PersonOrNull,
    source: Source,
    layer: Type.Union([Type.String(), Type.Null()], { examples: ['weekend'] }),
    override: Type.Union([Type.String(), Type.Null()], { examples: [null] }),
    start: Type.Union([Instant, Type.Null()], { description: 'Start of the final shift containing `at`; null beyond 3 years' }),
    end: Type.Union([Instant, Type.Null()], { description: 'End of the final shift containing `at`; null beyond 3 years' }),
    next: Type.Union(
      [
        Type.Object({
          person: PersonOrNull,
          source: Source,
          start: { ...Instant, description: 'The end of the shift containing `at`' },
        }),
        Type.Null(),
      ],
      { description: 'Who holds the final shift that follows, from `end` on; null when `end` is null' },
    ),
  },
  { $id: 'OnCall' },
);

/** One final shift of a person in one schedule (`GET /people/{id}/shifts`). */
export const PersonShiftSchema = Type.Object({
  schedule: Type.String({ examples: ['comms'] }),
  scheduleName: Type.String({ description: 'The name in the version in force at the shift\'s start', examples: ['Communications coordinator'] }),
  start: Instant,
  end: Instant,
  source: Type.Union([Type.Literal('override'), Type.Literal('layer'), Type.Literal('fallback')]),
  layer: Type.Union([Type.String(), Type.Null()], { examples: ['weekdays'] }),
  override: Type.Union([Type.String(), Type.Null()], { examples: [null] }),
  swap: Type.Union([Type.String(), Type.Null()], { description: 'The swap the override belongs to', examples: [null] }),
});

export const LayerRowSchema = Type.Object({
  layerId: Type.String({ examples: ['weekend'] }),
  name: Type.Optional(Type.String({ examples: ['Weekend'] })),
  shifts: Type.Array(ShiftSchema),
});

const IntervalSchema = Type.Object({ start: Instant, end: Instant });

export const CoverageSchema = Type.Object({
  gaps: Type.Array(IntervalSchema),
  fallback: Type.Array(IntervalSchema),
  coveredFraction: Type.Number({ minimum: 0, maximum: 1, examples: [0.982] }),
  load: Type.Array(
    Type.Object({
      person: Type.String({ examples: ['alice'] }),
      hours: Type.Number({ examples: [168] }),
      shifts: Type.Integer({ examples: [1] }),
      nightHours: Type.Number({ examples: [56] }),
      weekendHours: Type.Number({ examples: [48] }),
      holidays: Type.Integer({ examples: [0] }),
    }),
  ),
  conflicts: Type.Array(
    Type.Object({
      person: Type.String({ examples: ['bob'] }),
      start: Instant,
      end: Instant,
      timeOff: Type.String({ description: 'The time-off entry', examples: ['off-3f9a1c2b7d4e'] }),
    }),
    { description: 'Time the person on call is away (spec §13), by start then person' },
  ),
});

