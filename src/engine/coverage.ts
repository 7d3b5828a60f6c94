/**
 * Coverage of a final timeline (spec §6). Hours are exact real hours (a 25 h night counts 25),
 * unrounded: callers round for display. Night (22:00–06:00), weekend (SA/SU) and holiday days are
 * local to the schedule's zone.
 */
import type { Conflict, Shift, TimeOffInput } from './types.js';
import type { Interval } from './intervals.js';
import { DAY, HOUR, formatLocalDate, startOfLocalWeek, toInstant, toLocal } from './localtime.js';
import { timeOffWithin } from './time-off.js';

export interface PersonLoad {
  person: string;
  hours: number;
  /** Timeline shifts (as `computeTimeline` returns them) held by the person within the window. */
  shifts: number;
  nightHours: number;
  weekendHours: number;
  /** Holiday dates on which the person was on call at any time. */
  holidays: number;
}

export interface Coverage {
  gaps: Interval[];
  fallback: Interval[];
  /** Non-gap time over window length; 1 for an empty window. */
  coveredFraction: number;
  load: PersonLoad[];
  /** Spec §13: final-timeline time during which the person on call is away, by start. */
  conflicts: Conflict[];
}

export interface CoverageOptions {
  timeZone: string;
  /** "YYYY-MM-DD" local holiday dates of the schedule's calendars. */
  holidayDates: ReadonlySet<string>;
  /** Time off of the people on the timeline (at least the entries overlapping the window). */
  timeOff?: readonly TimeOffInput[];
}

/** Milliseconds of [s, e) inside the local periods that repeat every `period` from `firstLocal`. */
function overlapWithLocalPeriods(
  zone: string,
  s: number,
  e: number,
  firstLocal: number,
  period: number,
  offset: number,
  length: number,
): number {
  let total = 0;
  const last = toLocal(zone, e);
  for (let p = firstLocal; p <= last; p += period) {
    const a = Math.max(s, toInstant(zone, p + offset));
    const b = Math.min(e, toInstant(zone, p + offset + length));
    if (b > a) total += b - a;
  }
  return total;
}

/**
 * Spec §13: each shift's overlap with each of its holder's time-off entries (shifts clipped to
 * the window), by start then person then entry; pieces of one entry and person that touch (the
 * person held a layer shift, then an override) are one conflict.
 */
function conflictsOf(shifts: readonly Shift[], timeOff: readonly TimeOffInput[] | undefined): Conflict[] {
  if (!timeOff || timeOff.length === 0) return [];
  const pieces: Conflict[] = [];
  for (const s of shifts) {
    if (s.personId === null) continue;
    for (const t of timeOffWithin(timeOff, s.personId, s.start, s.end)) {
      pieces.push({ person: s.personId, start: Math.max(s.start, t.start), end: Math.min(s.end, t.end), timeOff: t.id });
    }
  }
  pieces.sort((a, b) => a.start - b.start || compare(a.person, b.person) || compare(a.timeOff, b.timeOff));
  const out: Conflict[] = [];
  const open = new Map<string, Conflict>();
  for (const c of pieces) {
    const key = JSON.stringify([c.person, c.timeOff]);
    const last = open.get(key);
    if (last && last.end === c.start) last.end = c.end;
    else {
      const copy = { ...c };
      out.push(copy);
      open.set(key, copy);
    }
  }
  return out;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function appendInterval(list: Interval[], s: Shift): void {
  const last = list[list.length - 1];
  if (last && last.end === s.start) last.end = s.end;
  else list.push({ start: s.start, end: s.end });
}

export function computeCoverage(shifts: readonly Shift[], opts: CoverageOptions, from: number, to: number): Coverage {
  const zone = opts.timeZone;
  const gaps: Interval[] = [];
  const fallback: Interval[] = [];
  const loads = new Map<string, PersonLoad & { days: Set<string> }>();
  let gapMs = 0;
  const clipped = shifts
    .map((s) => ({ ...s, start: Math.max(s.start, from), end: Math.min(s.end, to) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  for (const s of clipped) {
    if (s.source === 'gap') {
      gapMs += s.end - s.start;
      appendInterval(gaps, s);
    }
    if (s.source === 'fallback') appendInterval(fallback, s);
    if (s.personId === null) continue;
    let load = loads.get(s.personId);
    if (!load) {
      load = { person: s.personId, hours: 0, shifts: 0, nightHours: 0, weekendHours: 0, holidays: 0, days: new Set() };
      loads.set(s.personId, load);
    }
    load.hours += (s.end - s.start) / HOUR;
    load.shifts += 1;
    const firstDay = Math.floor(toLocal(zone, s.start) / DAY) * DAY;
    // Nights run 22:00 → 06:00: start from the previous day's 22:00 to catch early mornings.
    load.nightHours += overlapWithLocalPeriods(zone, s.start, s.end, firstDay - DAY, DAY, 22 * HOUR, 8 * HOUR) / HOUR;
    load.weekendHours +=
      overlapWithLocalPeriods(zone, s.start, s.end, startOfLocalWeek(firstDay), 7 * DAY, 5 * DAY, 2 * DAY) / HOUR;
    for (let d = firstDay; d <= toLocal(zone, s.end - 1); d += DAY) {
      const date = formatLocalDate(d);
      if (opts.holidayDates.has(date)) load.days.add(date);
    }
  }
  const load = [...loads.values()]
    .map(({ days, ...l }) => ({ ...l, holidays: days.size }))
    .sort((a, b) => compare(a.person, b.person));
  const conflicts = conflictsOf(clipped, opts.timeOff);
  return { gaps, fallback, coveredFraction: to > from ? 1 - gapMs / (to - from) : 1, load, conflicts };
}
