/**
 * ActiveWhen (spec §4): the union of weekly spans, holiday dates and local date ranges, as
 * merged instant intervals. Each source jumps straight to the weeks/dates a window touches,
 * so cost follows the window, not the distance from the layer's start.
 */
import type { ActiveWhenDoc, HolidayLookup } from './types.js';
import { type Interval, clipIntervals, mergeIntervals } from './intervals.js';
import {
  DAY,
  MINUTE,
  WEEK,
  parseClock,
  parseLocalDate,
  parseLocalDateTime,
  startOfLocalWeek,
  toInstant,
  toLocal,
} from './localtime.js';
import { weekdayIndex } from './weekdays.js';
import type { WorkBudget } from './budget.js';

/** A span repeating every local week: offset from Monday 00:00 and wall-clock length, in ms. */
interface WeeklySpan {
  offset: number;
  length: number;
}

interface HolidaySpan {
  calendar: string;
  /** Wall-clock offsets from the holiday date's midnight. */
  from: number;
  to: number;
}

export interface CompiledActiveWhen {
  /** Absent activeWhen: active all the time. */
  readonly always: boolean;
  readonly weekly: readonly WeeklySpan[];
  readonly holidays: readonly HolidaySpan[];
  readonly dates: readonly Interval[];
}

/** "to" at or before "from" wraps to the following day (or week, for "FR 17:00"-style spans). */
function wrappedLength(from: number, to: number, period: number): number {
  return to > from ? to - from : to - from + period;
}

function dayAndClock(s: string): number {
  const [day, clock] = s.split(' ');
  return weekdayIndex(day!) * DAY + parseClock(clock!, true)! * MINUTE;
}

export function compileActiveWhen(zone: string, doc: ActiveWhenDoc | undefined): CompiledActiveWhen {
  if (!doc) return { always: true, weekly: [], holidays: [], dates: [] };
  const weekly: WeeklySpan[] = [];
  for (const span of doc.weekly ?? []) {
    if ('days' in span) {
      const from = parseClock(span.from)! * MINUTE;
      const length = wrappedLength(from, parseClock(span.to, true)! * MINUTE, DAY);
      for (const day of span.days) weekly.push({ offset: weekdayIndex(day) * DAY + from, length });
    } else {
      const offset = dayAndClock(span.from);
      weekly.push({ offset, length: wrappedLength(offset, dayAndClock(span.to), WEEK) });
    }
  }
  const holidays = (doc.holidays ?? []).map((h) => {
    const from = parseClock(h.from ?? '00:00')! * MINUTE;
    return { calendar: h.calendar, from, to: from + wrappedLength(from, parseClock(h.to ?? '24:00', true)! * MINUTE, DAY) };
  });
  const dates = (doc.dates ?? []).map((d) => ({
    start: toInstant(zone, parseLocalDateTime(d.start)!),
    end: toInstant(zone, parseLocalDateTime(d.end)!),
  }));
  return { always: false, weekly, holidays, dates };
}

/** Parsed holiday dates per lookup result; lookups return the same cached array for a year. */
const parsedDates = new WeakMap<readonly string[], number[]>();

function holidayMidnights(lookup: HolidayLookup, calendar: string, year: number): number[] {
  const dates = lookup(calendar, year);
  let parsed = parsedDates.get(dates);
  if (!parsed) {
    parsed = dates.map(parseLocalDate);
    parsedDates.set(dates, parsed);
  }
  return parsed;
}

/**
 * The merged active intervals of a layer that overlap [from, to), clipped to it.
 * Source intervals are generated whole before merging, so a window crossing `from` merges right.
 * Every candidate piece (weeks × weekly spans, holiday dates looked at, date ranges) is paid for
 * from `budget` before it is generated.
 */
export function activeIntervals(
  zone: string,
  aw: CompiledActiveWhen,
  holidays: HolidayLookup,
  from: number,
  to: number,
  budget: WorkBudget,
): Interval[] {
  if (to <= from) return [];
  if (aw.always) return [{ start: from, end: to }];
  const pieces: Interval[] = [];
  // A margin of a day either side absorbs offset differences between `from`/`to` and the span ends.
  const localFrom = toLocal(zone, from) - DAY;
  const localTo = toLocal(zone, to) + DAY;
  const add = (localStart: number, localEnd: number) => {
    const start = toInstant(zone, localStart);
    const end = toInstant(zone, localEnd);
    if (end > from && start < to) pieces.push({ start, end });
  };

  if (aw.weekly.length > 0) {
    // Spans last at most a week, so starting a week early catches those reaching into the window.
    const firstWeek = startOfLocalWeek(localFrom) - WEEK;
    budget.spend((Math.floor((localTo - firstWeek) / WEEK) + 1) * aw.weekly.length);
    for (let week = firstWeek; week <= localTo; week += WEEK) {
      for (const s of aw.weekly) add(week + s.offset, week + s.offset + s.length);
    }
  }
  if (aw.holidays.length > 0) {
    const firstYear = new Date(localFrom - DAY).getUTCFullYear();
    const lastYear = new Date(localTo).getUTCFullYear();
    for (const h of aw.holidays) {
      for (let year = firstYear; year <= lastYear; year++) {
        const midnights = holidayMidnights(holidays, h.calendar, year);
        budget.spend(midnights.length);
        for (const midnight of midnights) {
          if (midnight + h.to >= localFrom && midnight + h.from <= localTo) add(midnight + h.from, midnight + h.to);
        }
      }
    }
  }
  budget.spend(aw.dates.length);
  for (const d of aw.dates) if (d.end > from && d.start < to) pieces.push({ start: d.start, end: d.end });
  return clipIntervals(mergeIntervals(pieces), from, to);
}
