/**
 * What a feed shows (spec §9): one event per final shift with a person, from 30 days back to
 * 365 days ahead of `now` — a schedule's shifts, or one person's shifts in every schedule.
 *
 * Shifts cut by the window's edges are NOT clipped: the first and last events carry the shift's
 * real bounds (as `oncall` reports them, up to its 3-year horizon), so their UIDs and times do
 * not slide with the clock. A bound beyond that horizon (a one-person schedule's shift that never
 * ends, a fallback that covers all time before the layers start) is cut at a local New Year
 * outside the window (horizonCut), which moves once a year, not with every fetch. Every other
 * event equals the shifts API exactly. Nothing in an event depends on when it is asked for:
 * its DTSTAMP is when what it shows was saved (see eventStamp), so a feed with no change in
 * between is byte-identical, whichever process renders it.
 *
 * Each event is written in its schedule's zone (a person feed may mix zones). The calendar's
 * default zone (X-WR-TIMEZONE) is the schedule's, or for a person feed the person's own zone,
 * else that of their first schedule with a shift, else UTC. Schedule names and zones are those
 * of the version in force at `now`.
 *
 * A request costs a cut of a precomputed source (see FeedSource), not a timeline computation.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { NotFoundError } from '../errors.js';
import type { LayerDoc, Shift } from '../engine/index.js';
import { DAY, toInstant, toLocal } from '../engine/localtime.js';
import { versionAt } from '../engine/versions.js';
import type { Override } from '../db/repos/overrides.js';
import type { ScheduleVersion } from '../db/repos/schedules.js';
import type { FeedDocument, FeedEvent } from '../feeds/render.js';
import type { OncallService } from './oncall.js';
import type { OverridesService } from './overrides.js';
import type { PeopleService, Person } from './people.js';
import type { CurrentSchedule, SchedulesService } from './schedules.js';

/** The services a feed reads its shifts, names and notes from. */
export interface FeedReads {
  people: PeopleService;
  schedules: SchedulesService;
  oncall: OncallService;
  overrides: OverridesService;
}

const FEED_PAST_MS = 30 * DAY;
const FEED_AHEAD_MS = 365 * DAY;

/** The services a feed reads its shifts, names and notes from. */
export interface FeedReads {
  people: PeopleService;
  schedules: SchedulesService;
  oncall: OncallService;
  overrides: OverridesService;
}

export interface FeedSubject {
  scheduleId: string | null;
  personId: string | null;
}

/** The same schedule, person and bounds always give the same UID; any change gives a new one. */
function shiftUid(scheduleId: string, personId: string, start: number, end: number): string {
  return `${createHash('sha1').update(`${scheduleId}\n${personId}\n${start}\n${end}`).digest('hex')}@rota`;
}

/** A shift as a feed shows it: `startCut`/`endCut` when that bound is horizonCut's, not the real one. */
interface FeedShift extends Shift {
  startCut: boolean;
  endCut: boolean;
}

/**
 * Midnight of the local New Year in `zone` that begins the year `t` falls in (`after` false), or
 * the next one (`after` true): where a bound beyond the engine's horizon is cut. The window
 * slides every minute; this boundary once a year, so the event and its UID stay put between.
 */
function horizonCut(zone: string, t: number, after: boolean): number {
  const year = new Date(toLocal(zone, t)).getUTCFullYear() + (after ? 1 : 0);
  return toInstant(zone, Date.UTC(year, 0, 1));
}

/** The schedule's shifts over the window, with the edge shifts given their real bounds (or cut, see horizonCut). */
async function windowShifts(services: FeedReads, scheduleId: string, zone: string, from: number, to: number): Promise<FeedShift[]> {
  const { shifts } = await services.oncall.shifts(scheduleId, from, to, false);
  const first = (await services.oncall.onCall(scheduleId, from)).shift;
  const last = (await services.oncall.onCall(scheduleId, to - 1)).shift;
  return shifts.map((s, i) => {
    const startCut = i === 0 && first.start === null;
    const endCut = i === shifts.length - 1 && last.end === null;
    return {
      ...s,
      start: i === 0 ? (first.start ?? horizonCut(zone, from, false)) : s.start,
      end: i === shifts.length - 1 ? (last.end ?? horizonCut(zone, to - 1, true)) : s.end,
      startCut,
      endCut,
    };
  });
}

/**
 * DTSTAMP of an event: when what it shows was last saved — the newest of the schedule versions
 * in force during the shift and its override. It changes with the data, never with the clock
 * or the process (RFC 5545 leaves a published object's stamp to the publisher).
 */
function eventStamp(shift: Shift, inForce: readonly ScheduleVersion[], overrides: ReadonlyMap<string, Override>): number {
  let stamp = versionAt(inForce, shift.start)?.savedAt ?? 0;
  for (const v of inForce) if (v.effectiveFrom > shift.start && v.effectiveFrom < shift.end) stamp = Math.max(stamp, v.savedAt);
  const override = shift.overrideId === null ? undefined : overrides.get(shift.overrideId);
  return Math.max(stamp, override?.createdAt ?? 0);
}

function localTime(t: number, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toFormat('yyyy-LL-dd HH:mm');
}

/** Where the shift comes from, in words. */
function sourceLine(shift: Shift, layers: readonly LayerDoc[], overrides: ReadonlyMap<string, Override>): string {
  switch (shift.source) {
    case 'override': {
      const note = overrides.get(shift.overrideId ?? '')?.note;
      return note ? `Override: ${note}` : 'Override';
    }
    case 'fallback':
      return 'Fallback: no layer covers this time, so the schedule’s fallback person is on call.';
    default: {
      const layer = layers.find((l) => l.id === shift.layerId);
      return `Layer: ${layer?.name ?? shift.layerId}`;
    }
  }
}

function contactLines(person: Person): string[] {
  return [person.email && `Email: ${person.email}`, person.phone && `Phone: ${person.phone}`].filter((l): l is string => !!l);
}

/** Events for the shifts of one schedule held by `onlyPerson` (or by anyone when null). */
async function scheduleEvents(
  services: FeedReads,
  schedule: CurrentSchedule,
  people: ReadonlyMap<string, Person>,
  onlyPerson: string | null,
  from: number,
  to: number,
): Promise<FeedEvent[]> {
  const { scheduleId } = schedule.current;
  const doc = schedule.current.document;
  const zone = doc.timeZone;
  // Layer names from the version in force now, then the pending one (for layers it adds).
  const layers = [...doc.layers, ...(schedule.next?.document.layers ?? [])];
  const shifts = await windowShifts(services, scheduleId, zone, from, to);
  const listed = await services.overrides.list(scheduleId, shifts[0]?.start ?? from, shifts.at(-1)?.end ?? to);
  const overrides = new Map(listed.map((o) => [o.id, o]));
  const inForce = (await services.schedules.versions(scheduleId)).filter((v) => !v.superseded).map((v) => v.version);
  const events: FeedEvent[] = [];
  shifts.forEach((shift, i) => {
    const person = shift.personId === null ? undefined : people.get(shift.personId);
    if (!person || (onlyPerson !== null && person.id !== onlyPerson)) return;
    const next = shifts[i + 1];
    const lines = [
      `Schedule: ${doc.name}`,
      sourceLine(shift, layers, overrides),
      ...(shift.startCut ? [`On call since before ${localTime(shift.start, zone)} (${zone}).`] : []),
      ...(shift.endCut ? [`Still on call after ${localTime(shift.end, zone)} (${zone}): the feed shows a year ahead.`] : []),
      ...(next?.source === 'gap'
        ? [`Gap after this shift: nobody is on call from ${localTime(next.start, zone)} until ${localTime(next.end, zone)} (${zone}).`]
        : []),
      ...contactLines(person),
    ];
    events.push({
      uid: shiftUid(scheduleId, person.id, shift.start, shift.end),
      start: shift.start,
      end: shift.end,
      stamp: eventStamp(shift, inForce, overrides),
      timeZone: zone,
      summary: `On call: ${person.name} — ${doc.name}`,
      description: lines.join('\n'),
    });
  });
  return events;
}

/**
 * A feed's events over a window wider than any one request's: 30 days back from `computedAt` to
 * 365 days + SLACK ahead, so every request until `validUntil` is a cheap cut of it (feedWindow)
 * instead of a new computation. Valid until SLACK has passed or a version of one of its
 * schedules takes effect (names and zones are those of the version in force).
 */
export interface FeedSource {
  name: string;
  /** The calendar's zone, or null for a person feed without one (see feedWindow). */
  timeZone: string | null;
  /** Sorted by start. */
  events: FeedEvent[];
  /** For each event, its schedule's position in the listing (person feeds take the first's zone). */
  scheduleOrder: number[];
  /** The events' ends, sorted: how many have left the window is a binary search. */
  ends: number[];
  computedAt: number;
  validUntil: number;
}

/** How long a computed source serves the sliding window. */
const SLACK = DAY;

function sourceOf(name: string, timeZone: string | null, perSchedule: FeedEvent[][], computedAt: number, validUntil: number): FeedSource {
  const tagged = perSchedule.flatMap((events, order) => events.map((e) => ({ e, order })));
  tagged.sort((a, b) => a.e.start - b.e.start || (a.e.uid < b.e.uid ? -1 : 1));
  return {
    name,
    timeZone,
    events: tagged.map((t) => t.e),
    scheduleOrder: tagged.map((t) => t.order),
    ends: tagged.map((t) => t.e.end).sort((a, b) => a - b),
    computedAt,
    validUntil,
  };
}

/** The end of a source's validity: SLACK after `now`, or earlier when a pending version takes effect. */
function validity(now: number, schedules: readonly CurrentSchedule[]): number {
  return Math.min(now + SLACK, ...schedules.map((s) => s.next?.effectiveFrom ?? Infinity));
}

/** The events of a schedule feed or a person feed (only the schedules the person appears in). */
export async function feedSource(services: FeedReads, subject: FeedSubject, now: number): Promise<FeedSource> {
  const from = now - FEED_PAST_MS;
  const to = now + FEED_AHEAD_MS + SLACK;
  const people = await services.people.directory();
  if (subject.scheduleId !== null) {
    const schedule = await services.schedules.get(subject.scheduleId, now);
    const doc = schedule.current.document;
    const events = await scheduleEvents(services, schedule, people, null, from, to);
    return sourceOf(`${doc.name} — on call`, doc.timeZone, [events], now, validity(now, [schedule]));
  }
  const person = people.get(subject.personId ?? '');
  if (!person) throw new NotFoundError('person', subject.personId ?? '');
  const schedules = await services.schedules.listWithPerson(person.id, now);
  const events = await Promise.all(schedules.map((s) => scheduleEvents(services, s, people, person.id, from, to)));
  return sourceOf(`On call: ${person.name}`, person.timeZone ?? null, events, now, validity(now, schedules));
}

/**
 * The feed as of `now` (30 days back to 365 days ahead), cut from `source`, with a key that is
 * equal exactly when the cut holds the same events: starts are sorted, so the events begun by
 * the window's end are a prefix; those whose end has passed its start are counted on `ends`.
 */
export function feedWindow(source: FeedSource, now: number): { doc: FeedDocument; key: string } {
  const from = now - FEED_PAST_MS;
  const to = now + FEED_AHEAD_MS;
  const begun = upperBound(source.events, (e) => e.start < to);
  const left = upperBound(source.ends, (end) => end <= from);
  const picked: number[] = [];
  for (let i = 0; i < begun; i++) if (source.events[i]!.end > from) picked.push(i);
  const firstSchedule = picked.reduce<number | null>((m, i) => (m === null ? source.scheduleOrder[i]! : Math.min(m, source.scheduleOrder[i]!)), null);
  const zone = source.timeZone ?? (firstSchedule === null ? 'UTC' : source.events[picked.find((i) => source.scheduleOrder[i] === firstSchedule)!]!.timeZone);
  return { doc: { name: source.name, timeZone: zone, events: picked.map((i) => source.events[i]!) }, key: `${begun}:${left}` };
}

/** How many leading elements of `list` satisfy `pred` (which holds for a prefix of it). */
function upperBound<T>(list: readonly T[], pred: (x: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The feed's calendar as of `now` (the route passes the request time; tests pass a fixed one). */
export async function feedDocument(services: FeedReads, subject: FeedSubject, now: number): Promise<FeedDocument> {
  return feedWindow(await feedSource(services, subject, now), now).doc;
}
