/**
 * How people and timelines look on the wire (spec §6, §7): shifts and on-call answers embed the
 * full Person, instants are ISO UTC strings, and coverage hours are rounded to 3 decimals here at
 * the edge, while the engine keeps exact figures. Pure: the HTTP layer (src/http/views.ts holds
 * the schemas) and the compute workers (which write large timelines as JSON text off the event
 * loop) both use these.
 */
import type { AtShift, Coverage, Interval, LayerTimeline, Shift } from '../engine/index.js';
import type { Person } from '../records.js';

export type Directory = ReadonlyMap<string, Person>;

export function toIso(ms: number): string;
export function toIso(ms: number | null): string | null;
export function toIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function personView(p: Person) {
  return { ...p, createdAt: toIso(p.createdAt), updatedAt: toIso(p.updatedAt) };
}

/** The one place a person id becomes the Person object of a response (null: nobody). */
export function personOrNull(directory: Directory, id: string | null) {
  const person = id === null ? undefined : directory.get(id);
  return person ? personView(person) : null;
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

/** An on-call answer as the wire needs it (services/oncall.ts OnCall). */
export interface OnCallAnswer {
  schedule: string;
  scheduleName: string;
  at: number;
  shift: AtShift;
  next: { personId: string | null; source: string; start: number } | null;
}

/**
 * An on-call answer as JSON text, field for field what OnCallSchema describes. The routes alerting
 * tools poll write it themselves: the generic serializer (a format check per instant, an object
 * per answer) made `GET /api/v1/oncall` for 10,000 schedules cost hundreds of milliseconds.
 */
export function onCallJson(o: OnCallAnswer, directory: Directory): string {
  let written = answerTexts.get(directory);
  if (!written) answerTexts.set(directory, (written = new Map()));
  let text = written.get(o.schedule);
  if (!text || !sameAnswer(text.answer, o)) written.set(o.schedule, (text = answerText(o, directory)));
  return `${text.head}${isoOfAt(o.at)}${text.tail}`;
}

/**
 * An answer's text around its `at`, kept per directory (a person write makes a new one) and
 * schedule: pollers ask again and again while one shift holds, and writing two ISO instants and
 * two people per schedule was most of the cost of `/oncall` for 10,000 schedules.
 */
interface AnswerText {
  answer: OnCallAnswer;
  head: string;
  tail: string;
}
const answerTexts = new WeakMap<Directory, Map<string, AnswerText>>();

/** True when `a` and `b` write the same text but for `at`. */
function sameAnswer(a: OnCallAnswer, b: OnCallAnswer): boolean {
  const [s, t] = [a.shift, b.shift];
  return (
    a.scheduleName === b.scheduleName &&
    s.personId === t.personId &&
    s.source === t.source &&
    s.layerId === t.layerId &&
    s.overrideId === t.overrideId &&
    s.start === t.start &&
    s.end === t.end &&
    (a.next === b.next || (a.next !== null && b.next !== null && a.next.personId === b.next.personId && a.next.source === b.next.source && a.next.start === b.next.start))
  );
}

function answerText(o: OnCallAnswer, directory: Directory): AnswerText {
  const s = o.shift;
  const n = o.next;
  const end = jsonOrNull(toIso(s.end));
  const next = n === null ? 'null' : `{"person":${personJsonOf(directory, n.personId)},"source":"${n.source}","start":${n.start === s.end ? end : `"${toIso(n.start)}"`}}`;
  return {
    answer: o,
    head: `{"schedule":${JSON.stringify(o.schedule)},"scheduleName":${JSON.stringify(o.scheduleName)},"at":"`,
    tail:
      `","person":${personJsonOf(directory, s.personId)},"source":"${s.source}","layer":${jsonOrNull(s.layerId)},` +
      `"override":${jsonOrNull(s.overrideId)},"start":${jsonOrNull(toIso(s.start))},"end":${end},"next":${next}}`,
  };
}

/** The last `at` written and its ISO text: the answers of one `/oncall` response all share it. */
let lastAt = { ms: NaN, iso: '' };
function isoOfAt(ms: number): string {
  if (lastAt.ms !== ms) lastAt = { ms, iso: toIso(ms) };
  return lastAt.iso;
}

/** A shift as JSON text (what shiftView gives, without building the object). */
function shiftJson(s: Shift, directory: Directory): string {
  return (
    `{"start":"${toIso(s.start)}","end":"${toIso(s.end)}","person":${personJsonOf(directory, s.personId)},` +
    `"source":"${s.source}","layer":${jsonOrNull(s.layerId)},"override":${jsonOrNull(s.overrideId)}}`
  );
}

/** The parts of a timeline answer (see timelineJson). */
export interface TimelineParts {
  shifts: readonly Shift[];
  layers?: readonly LayerTimeline[];
  coverage?: Coverage;
}

/**
 * A timeline answer as JSON text, piece by piece: `envelope`'s fields, then `shifts`, and
 * `layers` and `coverage` when given. A three-year answer of a 15-minute rotation holds 100,000
 * shifts (tens of megabytes of JSON): pieces let the writer send it in chunks instead of holding
 * it whole; each person's JSON is written once.
 */
export function* timelineJson(envelope: Record<string, unknown>, parts: TimelineParts, directory: Directory): Generator<string> {
  const head = JSON.stringify(envelope).slice(1, -1);
  yield `{${head ? `${head},` : ''}"shifts":`;
  yield* listJson(parts.shifts, directory);
  if (parts.layers) {
    yield ',"layers":[';
    for (const [i, r] of parts.layers.entries()) {
      yield `${i > 0 ? ',' : ''}{"layerId":${JSON.stringify(r.layerId)},${r.name !== undefined ? `"name":${JSON.stringify(r.name)},` : ''}"shifts":`;
      yield* listJson(r.shifts, directory);
      yield '}';
    }
    yield ']';
  }
  if (parts.coverage) yield `,"coverage":${JSON.stringify(coverageView(parts.coverage))}`;
  yield '}';
}

function* listJson(shifts: readonly Shift[], directory: Directory): Generator<string> {
  yield '[';
  for (let i = 0; i < shifts.length; i++) yield (i > 0 ? ',' : '') + shiftJson(shifts[i]!, directory);
  yield ']';
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
    conflicts: c.conflicts.map((x) => ({ person: x.person, start: toIso(x.start), end: toIso(x.end), timeOff: x.timeOff })),
  };
}
