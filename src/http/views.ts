/**
 * How timelines look on the wire (spec §6, §7): shifts and on-call answers embed the full
 * Person, instants are ISO UTC strings, and coverage hours are rounded to 3 decimals (3.6 s)
 * here at the edge, while the engine keeps exact figures.
 */
import { Type } from 'typebox';
import type { Coverage, Interval, LayerTimeline, Shift } from '../engine/index.js';
import type { Person } from '../db/repos/people.js';
import type { OnCall } from '../services/timeline-queries.js';
import { personView } from './routes/people.js';
import { Instant, toIso } from './schemas.js';

export type Directory = ReadonlyMap<string, Person>;

/** The one place a person id becomes the Person object of a response (null: nobody). */
export function personOrNull(directory: Directory, id: string | null) {
  const person = id === null ? undefined : directory.get(id);
  return person ? personView(person) : null;
}

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
    at: Instant,
    person: PersonOrNull,
    source: Source,
    layer: Type.Union([Type.String(), Type.Null()], { examples: ['weekend'] }),
    override: Type.Union([Type.String(), Type.Null()], { examples: [null] }),
    start: Type.Union([Instant, Type.Null()], { description: 'Start of the final shift containing `at`; null beyond 3 years' }),
    end: Type.Union([Instant, Type.Null()], { description: 'End of the final shift containing `at`; null beyond 3 years' }),
  },
  { $id: 'OnCall' },
);

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
});

export function shiftView(s: Shift, directory: Directory) {
  return {
    start: toIso(s.start),
    end: toIso(s.end),
    person: personOrNull(directory, s.personId),
    source: s.source,
    layer: s.layerId,
    override: s.overrideId,
  };
}

/** JSON of each person of a directory, written once per directory (a person write makes a new one). */
const personJson = new WeakMap<Directory, Map<string, string>>();

function personJsonOf(directory: Directory, id: string | null): string {
  if (id === null) return 'null';
  let written = personJson.get(directory);
  if (!written) personJson.set(directory, (written = new Map()));
  let json = written.get(id);
  if (json === undefined) written.set(id, (json = JSON.stringify(personOrNull(directory, id))));
  return json;
}

const jsonOrNull = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/**
 * An on-call answer as JSON text, field for field what OnCallSchema describes. The routes alerting
 * tools poll write it themselves: the generic serializer (a format check per instant, an object
 * per answer) made `GET /api/v1/oncall` for 10,000 schedules cost hundreds of milliseconds.
 */
export function onCallJson(o: OnCall, directory: Directory): string {
  const s = o.shift;
  return (
    `{"schedule":${JSON.stringify(o.schedule)},"at":"${toIso(o.at)}","person":${personJsonOf(directory, s.personId)},` +
    `"source":"${s.source}","layer":${jsonOrNull(s.layerId)},"override":${jsonOrNull(s.overrideId)},` +
    `"start":${jsonOrNull(toIso(s.start))},"end":${jsonOrNull(toIso(s.end))}}`
  );
}

export function layersView(rows: LayerTimeline[], directory: Directory) {
  return rows.map((r) => ({ ...r, shifts: r.shifts.map((s) => shiftView(s, directory)) }));
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const intervalView = (i: Interval) => ({ start: toIso(i.start), end: toIso(i.end) });

export function coverageView(c: Coverage) {
  return {
    gaps: c.gaps.map(intervalView),
    fallback: c.fallback.map(intervalView),
    coveredFraction: c.coveredFraction,
    load: c.load.map((l) => ({
      ...l,
      hours: round3(l.hours),
      nightHours: round3(l.nightHours),
      weekendHours: round3(l.weekendHours),
    })),
  };
}
