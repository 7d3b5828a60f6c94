/**
 * What a feed shows (spec §9): one event per final shift with a person, from 30 days back to
 * 365 days ahead of `now` — a schedule's shifts, or one person's shifts in every schedule.
 *
 * Shifts cut by the window's edges are NOT clipped: the first and last events carry the shift's
 * real bounds (as `oncall` reports them, up to its 3-year horizon), so their UIDs and times do
 * not slide with the clock. Every other event equals the shifts API exactly.
 *
 * Each event is written in its schedule's zone (a person feed may mix zones). The calendar's
 * default zone (X-WR-TIMEZONE) is the schedule's, or for a person feed the person's own zone,
 * else that of their first schedule with a shift, else UTC. Schedule names and zones are those
 * of the version in force at `now`.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Person } from '../db/repos/people.js';
import { NotFoundError } from '../errors.js';
import type { LayerDoc, Shift } from '../engine/index.js';
import { DAY } from '../engine/localtime.js';
import type { Services } from '../services/index.js';
import type { CurrentSchedule } from '../services/schedules.js';
import type { FeedDocument, FeedEvent } from './render.js';

const FEED_PAST_MS = 30 * DAY;
const FEED_AHEAD_MS = 365 * DAY;

export interface FeedSubject {
  scheduleId: string | null;
  personId: string | null;
}

/** The same schedule, person and bounds always give the same UID; any change gives a new one. */
function shiftUid(scheduleId: string, personId: string, start: number, end: number): string {
  return `${createHash('sha1').update(`${scheduleId}\n${personId}\n${start}\n${end}`).digest('hex')}@rota`;
}

/** The schedule's shifts over the window, with the edge shifts given their real bounds. */
async function windowShifts(services: Services, scheduleId: string, from: number, to: number): Promise<Shift[]> {
  const { shifts } = await services.timelines.shifts(scheduleId, from, to, false);
  const first = (await services.timelines.onCall(scheduleId, from)).shift;
  const last = (await services.timelines.onCall(scheduleId, to - 1)).shift;
  return shifts.map((s, i) => ({
    ...s,
    start: i === 0 ? (first.start ?? s.start) : s.start,
    end: i === shifts.length - 1 ? (last.end ?? s.end) : s.end,
  }));
}

function localTime(t: number, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toFormat('yyyy-LL-dd HH:mm');
}

/** Where the shift comes from, in words. */
function sourceLine(shift: Shift, layers: readonly LayerDoc[], notes: ReadonlyMap<string, string | null>): string {
  switch (shift.source) {
    case 'override': {
      const note = notes.get(shift.overrideId ?? '');
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
  services: Services,
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
  const shifts = await windowShifts(services, scheduleId, from, to);
  const overrides = await services.overrides.list(scheduleId, shifts[0]?.start ?? from, shifts.at(-1)?.end ?? to);
  const notes = new Map(overrides.map((o) => [o.id, o.note]));
  const events: FeedEvent[] = [];
  shifts.forEach((shift, i) => {
    const person = shift.personId === null ? undefined : people.get(shift.personId);
    if (!person || (onlyPerson !== null && person.id !== onlyPerson)) return;
    const next = shifts[i + 1];
    const lines = [
      `Schedule: ${doc.name}`,
      sourceLine(shift, layers, notes),
      ...(next?.source === 'gap'
        ? [`Gap after this shift: nobody is on call from ${localTime(next.start, zone)} until ${localTime(next.end, zone)} (${zone}).`]
        : []),
      ...contactLines(person),
    ];
    events.push({
      uid: shiftUid(scheduleId, person.id, shift.start, shift.end),
      start: shift.start,
      end: shift.end,
      timeZone: zone,
      summary: `On call: ${person.name} — ${doc.name}`,
      description: lines.join('\n'),
    });
  });
  return events;
}

/** The feed's calendar as of `now` (the route passes the request time; tests pass a fixed one). */
export async function feedDocument(services: Services, subject: FeedSubject, now: number): Promise<FeedDocument> {
  const from = now - FEED_PAST_MS;
  const to = now + FEED_AHEAD_MS;
  const people = await services.people.directory();
  if (subject.scheduleId !== null) {
    const schedule = await services.schedules.get(subject.scheduleId, now);
    const doc = schedule.current.document;
    return {
      name: `${doc.name} — on call`,
      timeZone: doc.timeZone,
      events: await scheduleEvents(services, schedule, people, null, from, to),
    };
  }
  const person = people.get(subject.personId ?? '');
  if (!person) throw new NotFoundError('person', subject.personId ?? '');
  const events: FeedEvent[] = [];
  let firstZone: string | null = null;
  for (const schedule of await services.schedules.list(now)) {
    const own = await scheduleEvents(services, schedule, people, person.id, from, to);
    if (own.length > 0) firstZone ??= schedule.current.document.timeZone;
    events.push(...own);
  }
  events.sort((a, b) => a.start - b.start || (a.uid < b.uid ? -1 : 1));
  return { name: `On call: ${person.name}`, timeZone: person.timeZone ?? firstZone ?? 'UTC', events };
}
