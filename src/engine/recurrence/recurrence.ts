/**
 * A rule's occurrences from DTSTART, countable at any distance: the number of occurrences before
 * an instant is the memoized sum of whole years (the expander counts each kind of year once, day
 * by day) plus a part of one year, so asking about 2190 costs a few thousand day checks the
 * first time (at most one per day since DTSTART, when INTERVAL's phases keep years apart) and
 * one year's worth after. Listing occurrences costs the window asked
 * about, never the distance from DTSTART. Nothing is expanded past LAST_EXPANDED_YEAR, so no rule
 * walks unbounded.
 */
import { DAY, LAST_YEAR } from '../localtime.js';
import { civil, dayNumber } from './calendar.js';
import { type Expander, countDays, expanderOf } from './expander.js';
import type { Recur } from './parse.js';

/**
 * Rota's instants end with LAST_YEAR; questions look at most three years past one (shiftAt's
 * horizon) plus a day or two of zone margin. Ten years leave room.
 */
const LAST_EXPANDED_YEAR = LAST_YEAR + 10;

/**
 * UNTIL in floating local time: occurrences at or before `last` except the `skipped` ones in
 * [from, to) (see localTimesUpTo: a Z instant just after a spring-forward gap).
 */
export interface UntilBound {
  last: number;
  skipped: { from: number; to: number } | null;
}

/** The rule's own occurrences at or after DTSTART, at or before UNTIL, the first COUNT of them. */
export class Recurrence {
  private readonly start: number;
  private readonly startDay: number;
  private readonly startYear: number;
  private readonly expander: Expander;
  /** The last floating time an occurrence may have: UNTIL, or the end of the expanded years. */
  private readonly limit: number;
  /** Floating times [from, to) UNTIL leaves out before `limit`, or null. */
  private readonly skipped: { from: number; to: number } | null;
  private readonly maxCount: number;
  /** Occurrences on DTSTART's day before DTSTART (the expander lists whole days). */
  private readonly early: number;
  /** daysBefore[i]: occurrences on the days from DTSTART's to Jan 1 of startYear + i (whole days). */
  private readonly daysBefore: number[] = [0];

  /** `until`: UNTIL in floating local time (see untilBound), null without UNTIL. */
  constructor(rule: Recur, start: number, until: UntilBound | null) {
    this.start = start;
    this.startDay = Math.floor(start / DAY);
    this.startYear = civil(this.startDay).year;
    this.expander = expanderOf(rule, start);
    this.limit = Math.min(until?.last ?? Infinity, dayNumber(LAST_EXPANDED_YEAR + 1, 1, 1) * DAY - 1);
    this.skipped = until?.skipped ?? null;
    this.maxCount = rule.count ?? Infinity;
    let early = 0;
    this.expander.visit(this.startDay, this.startDay + 1, (day, times) => {
      early = times.filter((t) => day * DAY + t < start).length;
    });
    this.early = early;
  }

  /** Occurrences in [start, Jan 1 of `year`), for startYear ≤ year ≤ LAST_EXPANDED_YEAR + 1. */
  private beforeYear(year: number): number {
    for (let i = this.daysBefore.length; i <= year - this.startYear; i++) {
      const y = this.startYear + i - 1;
      const inYear = y === this.startYear ? countDays(this.expander, this.startDay, dayNumber(y + 1, 1, 1)) : this.expander.countYear(y);
      this.daysBefore.push(this.daysBefore[i - 1]! + inYear);
    }
    return year === this.startYear ? 0 : this.daysBefore[year - this.startYear]! - this.early;
  }

  /** Occurrences in [start, x), COUNT not applied. */
  private upTo(x: number): number {
    if (this.skipped === null || x <= this.skipped.from) return this.expandedUpTo(x);
    return this.expandedUpTo(x) - this.expandedUpTo(Math.min(x, this.skipped.to)) + this.expandedUpTo(this.skipped.from);
  }

  private isSkipped(local: number): boolean {
    return this.skipped !== null && local >= this.skipped.from && local < this.skipped.to;
  }

  /** Occurrences in [start, x) up to `limit`, skipped ones included, COUNT not applied. */
  private expandedUpTo(x: number): number {
    const end = Math.min(x, this.limit + 1);
    if (end <= this.start) return 0;
    const lastDay = Math.floor((end - 1) / DAY);
    const year = civil(lastDay).year;
    const yearFirst = Math.max(this.startDay, dayNumber(year, 1, 1));
    // The year's whole days before the last (DTSTART's own day counted from DTSTART), then the last day up to `end`.
    let n = this.beforeYear(year) + countDays(this.expander, yearFirst, lastDay) - (yearFirst === this.startDay && lastDay > yearFirst ? this.early : 0);
    this.expander.visit(lastDay, lastDay + 1, (day, times) => {
      for (const t of times) if (day * DAY + t < end && day * DAY + t >= this.start) n++;
    });
    return n;
  }

  /** Number of occurrences in [a, b). */
  count(a: number, b: number): number {
    return Math.max(0, Math.min(this.upTo(b), this.maxCount) - Math.min(this.upTo(a), this.maxCount));
  }

  /** The occurrences in [a, b), ascending; costs the days of the window. */
  between(a: number, b: number): number[] {
    const lo = Math.max(a, this.start);
    const hi = Math.min(b, this.limit + 1);
    const out: number[] = [];
    if (lo >= hi) return out;
    let room = this.maxCount - Math.min(this.upTo(lo), this.maxCount);
    if (room <= 0) return out;
    this.expander.visit(Math.floor(lo / DAY), Math.floor((hi - 1) / DAY) + 1, (day, times) => {
      for (const t of times) {
        const local = day * DAY + t;
        if (local >= hi) return false;
        if (local < lo || this.isSkipped(local)) continue;
        out.push(local);
        if (--room === 0) return false;
      }
      return true;
    });
    return out;
  }

  /** The last occurrence at or before x, or null. */
  lastAtOrBefore(x: number): number | null {
    const kept = Math.min(this.upTo(x + 1), this.maxCount);
    if (kept === 0) return null;
    // Its number among the expanded occurrences: after the skipped ones if it comes after them.
    const before = this.skipped === null ? kept : this.expandedUpTo(this.skipped.from);
    const n = kept <= before ? kept : kept + this.expandedUpTo(this.skipped!.to) - before;
    // The n-th occurrence: find its year from the memoized counts (walking back from x's), then its day.
    let year = civil(Math.floor(Math.min(x, this.limit) / DAY)).year;
    while (year > this.startYear && this.beforeYear(year) >= n) year--;
    let k = n - this.beforeYear(year);
    let found: number | null = null;
    this.expander.visit(Math.max(this.startDay, dayNumber(year, 1, 1)), dayNumber(year + 1, 1, 1), (day, times) => {
      for (const t of times) {
        if (day * DAY + t < this.start || --k > 0) continue;
        found = day * DAY + t;
        return false;
      }
      return true;
    });
    return found;
  }
}
