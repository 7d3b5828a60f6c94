/**
 * Which days pass a rule's day parts (BYMONTH, BYWEEKNO, BYDAY, BYMONTHDAY, BYYEARDAY), each
 * decided from the day's own calendar fields — no walk, so a day far from DTSTART costs the same
 * as the next one. The semantics are python-dateutil's (which rrule.js ports), Rota's reference
 * since rotations first used rrule.js: all given parts must pass (plain and ordinal BYDAY too).
 */
import { type Civil, dayNumber, weekdayOf, yearLength } from './calendar.js';
import type { WeekdayNum } from './parse.js';

/** Python's modulo: the result has the divisor's sign. */
export const pymod = (a: number, b: number): number => ((a % b) + b) % b;

export interface DayParts {
  months: readonly number[];
  weekNos: readonly number[];
  /** Weekdays without ordinal (Monday = 0). */
  weekdays: readonly number[];
  /** Ordinal weekdays, counted within `ordinalScope`. */
  ordinals: readonly WeekdayNum[];
  ordinalScope: 'month' | 'year';
  monthDays: readonly number[];
  yearDays: readonly number[];
  /** Monday = 0 */
  wkst: number;
}

export class DayFilter {
  private readonly parts: DayParts;
  private readonly months: ReadonlySet<number>;
  private readonly weekdays: ReadonlySet<number>;
  private readonly monthDays: ReadonlySet<number>;
  private readonly yearDays: ReadonlySet<number>;
  /** BYWEEKNO masks per year (they depend on the year's first weekday and length only). */
  private readonly weekMasks = new Map<number, Uint8Array>();

  constructor(parts: DayParts) {
    this.parts = parts;
    this.months = new Set(parts.months);
    this.weekdays = new Set(parts.weekdays);
    this.monthDays = new Set(parts.monthDays);
    this.yearDays = new Set(parts.yearDays);
  }

  passes(c: Civil): boolean {
    const p = this.parts;
    if (this.months.size > 0 && !this.months.has(c.month)) return false;
    if (p.weekNos.length > 0 && !this.weekMask(c.year)[c.yearDay - 1]) return false;
    if (this.weekdays.size > 0 && !this.weekdays.has(c.weekday)) return false;
    if (p.ordinals.length > 0 && !this.ordinalMatches(c)) return false;
    if (this.monthDays.size > 0 && !this.monthDays.has(c.day) && !this.monthDays.has(c.day - c.monthLength - 1)) return false;
    if (this.yearDays.size > 0 && !this.yearDays.has(c.yearDay) && !this.yearDays.has(c.yearDay - c.yearLength - 1)) return false;
    return true;
  }

  /** "2MO": the day is the 2nd Monday of its month (or year); "-1FR": the last Friday. */
  private ordinalMatches(c: Civil): boolean {
    const [index, length] = this.parts.ordinalScope === 'month' ? [c.day, c.monthLength] : [c.yearDay, c.yearLength];
    const fromStart = Math.floor((index - 1) / 7) + 1;
    const fromEnd = -(Math.floor((length - index) / 7) + 1);
    return this.parts.ordinals.some((o) => o.weekday === c.weekday && (o.ordinal === fromStart || o.ordinal === fromEnd));
  }

  private weekMask(year: number): Uint8Array {
    let mask = this.weekMasks.get(year);
    if (!mask) this.weekMasks.set(year, (mask = weekNoMask(year, this.parts.weekNos, this.parts.wkst)));
    return mask;
  }
}

/**
 * dateutil's BYWEEKNO mask of one year, ported line by line (its quirks are the reference
 * answers): index i is day i of the year (0 = Jan 1). Week 1 is the first week, starting on
 * WKST, with at least 4 days in the year; days before it belong to the previous year's last
 * week and days after the last week to the next year's week 1, each marked when listed.
 */
function weekNoMask(year: number, weekNos: readonly number[], wkst: number): Uint8Array {
  const yearlen = yearLength(year);
  const yearweekday = weekdayOf(dayNumber(year, 1, 1));
  const weekdayAt = (i: number) => (yearweekday + i) % 7;
  const mask = new Uint8Array(yearlen + 7);
  /** Marks a week from day i to the day before the next WKST (at most 7 days). */
  const markWeek = (i: number) => {
    for (let k = 0; k < 7; k++) {
      mask[i] = 1;
      i++;
      if (weekdayAt(i) === wkst) break;
    }
  };
  const firstwkst = pymod(7 - yearweekday + wkst, 7);
  let no1wkst = firstwkst;
  let wyearlen: number;
  if (no1wkst >= 4) {
    no1wkst = 0;
    wyearlen = yearlen + pymod(yearweekday - wkst, 7);
  } else {
    wyearlen = yearlen - no1wkst;
  }
  const numweeks = Math.floor(Math.floor(wyearlen / 7) + pymod(wyearlen, 7) / 4);
  const weekStart = (n: number) => (n > 1 ? no1wkst + (n - 1) * 7 - (no1wkst !== firstwkst ? 7 - firstwkst : 0) : no1wkst);
  for (const listed of weekNos) {
    const n = listed < 0 ? listed + numweeks + 1 : listed;
    if (n > 0 && n <= numweeks) markWeek(weekStart(n));
  }
  if (weekNos.includes(1)) {
    // Week 1 of next year, when it starts in this one.
    const i = weekStart(numweeks + 1);
    if (i < yearlen) markWeek(i);
  }
  if (no1wkst) {
    // Days before week 1 belong to last year's last week.
    let lnumweeks = -1;
    if (!weekNos.includes(-1)) {
      const lyearweekday = weekdayOf(dayNumber(year - 1, 1, 1));
      const lno1wkst = pymod(7 - lyearweekday + wkst, 7);
      const weekst = lno1wkst >= 4 ? yearLength(year - 1) + pymod(lyearweekday - wkst, 7) : yearlen - no1wkst;
      lnumweeks = Math.floor(52 + pymod(weekst, 7) / 4);
    }
    if (weekNos.includes(lnumweeks)) mask.fill(1, 0, no1wkst);
  }
  return mask;
}
