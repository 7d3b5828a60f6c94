/**
 * The schedule document (spec §4) as a TypeBox schema: it shapes requests and responses and
 * documents the format in OpenAPI. It checks structure only; the engine's validateSchedule
 * owns the semantics (durations, RRULEs, clock times, zones, references) and their messages.
 * Unknown fields are dropped (additionalProperties: false with the app's removeAdditional).
 * Every list and string carries its bound (SCHEDULE_LIMITS, which validateSchedule also enforces).
 */
import { Type } from 'typebox';
import { SCHEDULE_LIMITS as LIMITS } from '../engine/limits.js';
import { Slug } from './common.js';

const strict = { additionalProperties: false } as const;

const LocalDateTime = Type.String({
  maxLength: LIMITS.localTime,
  description: 'Wall-clock date-time in the schedule zone, without offset',
  examples: ['2027-01-04T09:00'],
});

/** "HH:mm", or "FR 17:00" in a weekly span without days. */
const Clock = (example: string) => Type.String({ maxLength: LIMITS.localTime, examples: [example] });

// An enum, not a union of literals: a failing item is one error, not eight (see validation.ts).
const Weekday = Type.Enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);

const Rotation = Type.Object(
  {
    every: Type.Optional(Type.String({ maxLength: LIMITS.duration, description: 'ISO-8601 duration between handoffs', examples: ['P1W'] })),
    rrule: Type.Optional(
      Type.String({ maxLength: LIMITS.rrule, description: 'RFC 5545 rule of the handoffs in local time, with `start` as DTSTART; an UNTIL ending in Z is a UTC instant, without Z local time (both inclusive)', examples: ['FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0'] }),
    ),
    per: Type.Optional(Type.Literal('window', { description: 'One shift per active window' })),
    start: LocalDateTime,
  },
  { ...strict, description: 'Exactly one of every, rrule or per, with the rotation start' },
);

const WeeklySpan = Type.Object(
  {
    days: Type.Optional(Type.Array(Weekday, { maxItems: LIMITS.days, description: 'With days, from/to are "HH:mm" on each day' })),
    from: Clock('FR 17:00'),
    to: Clock('MO 09:00'),
  },
  strict,
);

const HolidaySpan = Type.Object(
  {
    calendar: { ...Slug, description: 'A holiday calendar id', examples: ['de-be'] },
    from: Type.Optional(Clock('00:00')),
    to: Type.Optional(Clock('24:00')),
  },
  strict,
);

const DateRange = Type.Object({ start: LocalDateTime, end: { ...LocalDateTime, examples: ['2027-12-27T09:00'] } }, strict);

const ActiveWhen = Type.Object(
  {
    weekly: Type.Optional(Type.Array(WeeklySpan, { maxItems: LIMITS.weekly })),
    holidays: Type.Optional(Type.Array(HolidaySpan, { maxItems: LIMITS.holidays })),
    dates: Type.Optional(Type.Array(DateRange, { maxItems: LIMITS.dates })),
  },
  { ...strict, description: 'The union of every entry; absent = always active' },
);

const Layer = Type.Object(
  {
    id: { ...Slug, description: 'A slug unique within the schedule', examples: ['weekend'] },
    name: Type.Optional(Type.String({ maxLength: LIMITS.name, examples: ['Weekend'] })),
    participants: Type.Array(Slug, { maxItems: LIMITS.participants, description: 'Person ids in rotation order', examples: [['dave', 'erin']] }),
    rotation: Rotation,
    activeWhen: Type.Optional(ActiveWhen),
    end: Type.Optional({
      ...LocalDateTime,
      description: 'Wall-clock date-time after the rotation start at which the layer stops: never active at or after it (a shift or window is cut there); absent = never ends',
      examples: ['2027-06-28T09:00'],
    }),
    whenAway: Type.Optional(
      // No `default`: the app's validator would write it into every stored layer.
      Type.Enum(['next', 'keep'], {
        description:
          'Absent = "keep". While the assigned participant has time off: "next" = the next participant in rotation order who is not away covers (the rotation does not move; with everyone away the layer is inactive); "keep" = they stay on call and coverage reports a conflict',
      }),
    ),
  },
  strict,
);

export const scheduleFields = {
  id: Type.Optional(Slug),
  name: Type.String({ maxLength: LIMITS.name, examples: ['Communications coordinator'] }),
  timeZone: Type.String({ maxLength: LIMITS.timeZone, examples: ['Europe/Berlin'] }),
  fallback: Type.Optional(Type.Union([Slug, Type.Null()], { description: 'Person covering any moment no layer covers', examples: ['director'] })),
  requireCoverage: Type.Optional(Type.Boolean({ default: true, description: 'Refuse changes that leave a gap within 365 days' })),
  layers: Type.Array(Layer, { maxItems: LIMITS.layers, description: 'A later layer wins over an earlier one where both are active' }),
};

export const ScheduleDocument = Type.Object(scheduleFields, {
  ...strict,
  examples: [
    {
      name: 'Communications coordinator',
      timeZone: 'Europe/Berlin',
      fallback: 'director',
      layers: [
        { id: 'weekdays', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: '2027-01-04T09:00' } },
        {
          id: 'weekend',
          participants: ['dave', 'erin'],
          rotation: { per: 'window', start: '2027-01-01T00:00' },
          activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }], holidays: [{ calendar: 'de-be' }] },
        },
      ],
    },
  ],
});
