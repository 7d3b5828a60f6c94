/**
 * Which occurrences of a rule fall on given days, day by day, without walking from DTSTART.
 *
 * A rule's occurrences on a day depend only on that day (its calendar fields, whether its
 * period is one of every INTERVAL-th, and the times of day), except when BYSETPOS picks among a
 * whole week, month or year: then the day's period is expanded, and only it. The defaults that
 * RFC 5545 leaves to DTSTART are filled in as python-dateutil / rrule.js do (Rota's answers
 * since rotations first used rrule.js).
 */
import { DAY, HOUR, MINUTE } from '../localtime.js';
import { type Civil, civil, dayNumber, forEachDay, isLeapYear, monthLength, weekdayOf } from './calendar.js';
import { type DayParts, DayFilter, pymod } from './day-filter.js';
import type { Recur } from './parse.js';

/** Visits the days of [d1, d2) that hold occurrences, in order, with their times (ms after midnight, ascending); `false` stops. */
export type DayVisitor = (day: number, times: readonly number[]) => boolean | void;

export interface Expander {
  /** Occurrences on the days [d1, d2), DTSTART, UNTIL and COUNT not applied (days before DTSTART's have none). */
  visit(d1: number, d2: number, fn: DayVisitor): void;
  /** How many occurrences the days of `year` hold; only for years after DTSTART's. */
  countYear(year: number): number;
}

/** Occurrences on the days [d1, d2) of `expander`. */
export function countDays(expander: Expander, d1: number, d2: number): number {
  let n = 0;
  expander.visit(d1, d2, (_, times) => {
    n += times.length;
  });
  return n;
}

/** The positions BYSETPOS picks among `n` candidates (1 = first, -1 = last), ascending; out of range picks nothing. */
function setPositions(bySetPos: readonly number[], n: number): number[] {
  const picked = new Set<number>();
  for (const pos of bySetPos) {
    const i = pos > 0 ? pos - 1 : n + pos;
    if (i >= 0 && i < n) picked.add(i);
  }
  return [...picked].sort((a, b) => a - b);
}

/** BYSETPOS applied to one list of candidates. */
const pick = <T>(bySetPos: readonly number[], candidates: readonly T[]): T[] =>
  bySetPos.length === 0 ? [...candidates] : setPositions(bySetPos, candidates.length).map((i) => candidates[i]!);

/** All combinations of the listed hours, minutes and seconds as ms offsets, ascending (lists are sorted). */
function offsets(hours: readonly number[], minutes: readonly number[], seconds: readonly number[]): number[] {
  return hours.flatMap((h) => minutes.flatMap((m) => seconds.map((s) => h * HOUR + m * MINUTE + s * 1000)));
}

/** The rule with dateutil's DTSTART defaults filled in. */
function dayPartsOf(rule: Recur, start: Civil): DayParts {
  const dayGiven = rule.byWeekNo.length + rule.byYearDay.length + rule.byMonthDay.length + rule.byDay.length > 0;
  let months = rule.byMonth;
  let monthDays = rule.byMonthDay;
  let weekdays = rule.byDay.filter((d) => d.ordinal === 0).map((d) => d.weekday);
  if (!dayGiven && rule.freq === 'YEARLY') {
    if (months.length === 0) months = [start.month];
    monthDays = [start.day];
  } else if (!dayGiven && rule.freq === 'MONTHLY') monthDays = [start.day];
  else if (!dayGiven && rule.freq === 'WEEKLY') weekdays = [start.weekday];
  return {
    months,
    weekNos: rule.byWeekNo,
    weekdays,
    ordinals: rule.byDay.filter((d) => d.ordinal !== 0),
    // Ordinals count within the month for MONTHLY, and for YEARLY when BYMONTH narrows the year.
    ordinalScope: rule.freq === 'MONTHLY' || rule.byMonth.length > 0 ? 'month' : 'year',
    monthDays,
    yearDays: rule.byYearDay,
    wkst: rule.wkst,
  };
}

/**
 * How the rule's INTERVAL runs: which days lie in a counted period (one of every INTERVAL-th
 * year, month, week, day), and INTERVAL's phase at a year's Jan 1 (0 … INTERVAL−1).
 */
interface Cadence {
  inPeriod(day: number, c: Civil): boolean;
  phaseAt(year: number): number;
}

/**
 * Whole years' counts, memoized by the kind of year: INTERVAL's phase at Jan 1, the first
 * weekday, and whether the year and its neighbours are leap years fix every day of it and of the
 * periods reaching into it, so a rule meets a few dozen kinds of year (× phases) and counts
 * each once. The year after DTSTART's is counted apart: a WEEKLY rule's first, shortened week
 * may reach into it.
 */
function yearCounter(startYear: number, phaseAt: (year: number) => number, count: (year: number) => number): (year: number) => number {
  const memo = new Map<number, number>();
  return (year) => {
    if (year <= startYear + 1) return count(year);
    const leaps = (isLeapYear(year - 1) ? 4 : 0) + (isLeapYear(year) ? 2 : 0) + (isLeapYear(year + 1) ? 1 : 0);
    const key = (phaseAt(year) * 7 + weekdayOf(dayNumber(year, 1, 1))) * 8 + leaps;
    let n = memo.get(key);
    if (n === undefined) memo.set(key, (n = count(year)));
    return n;
  };
}

const wholeYear = (expander: Expander) => (year: number) => countDays(expander, dayNumber(year, 1, 1), dayNumber(year + 1, 1, 1));

/**
 * Rules whose occurrences on a day depend on that day alone: everything but BYSETPOS over a
 * week, month or year. (BYSETPOS of a DAILY rule picks among one day's times and of an HOURLY
 * rule among one hour's, so it is folded into the times once.)
 */
class DayByDay implements Expander {
  readonly countYear: (year: number) => number;
  private readonly startDay: number;
  private readonly filter: DayFilter;
  private readonly cadence: Cadence;
  private readonly timesOf: (day: number) => readonly number[];

  constructor(startDay: number, filter: DayFilter, cadence: Cadence, timesOf: (day: number) => readonly number[]) {
    this.startDay = startDay;
    this.filter = filter;
    this.cadence = cadence;
    this.timesOf = timesOf;
    this.countYear = yearCounter(civil(startDay).year, cadence.phaseAt, wholeYear(this));
  }

  visit(d1: number, d2: number, fn: DayVisitor): void {
    forEachDay(Math.max(d1, this.startDay), d2, (d, c) => {
      if (!this.cadence.inPeriod(d, c) || !this.filter.passes(c)) return true;
      const times = this.timesOf(d);
      return times.length === 0 || fn(d, times) !== false;
    });
  }
}

/** The periods of a WEEKLY, MONTHLY or YEARLY rule, numbered p = 0, 1, … from DTSTART's. */
interface Periods {
  /** The period holding `day` or, when INTERVAL skips that one, the period before it; ≥ 0. */
  firstFrom(day: number): number;
  /** Period p's days [first, end). */
  days(p: number): [number, number];
}

/**
 * BYSETPOS over a week, month or year: each period's candidates (passing days × times, in
 * order) are listed and the positions picked, as dateutil does per period.
 */
class PeriodByPeriod implements Expander {
  readonly countYear: (year: number) => number;
  private readonly filter: DayFilter;
  private readonly periods: Periods;
  private readonly times: readonly number[];
  private readonly bySetPos: readonly number[];

  constructor(startYear: number, filter: DayFilter, cadence: Cadence, periods: Periods, times: readonly number[], bySetPos: readonly number[]) {
    this.filter = filter;
    this.periods = periods;
    this.times = times;
    this.bySetPos = bySetPos;
    this.countYear = yearCounter(startYear, cadence.phaseAt, wholeYear(this));
  }

  visit(d1: number, d2: number, fn: DayVisitor): void {
    const t = this.times.length;
    for (let p = this.periods.firstFrom(d1); ; p++) {
      const [first, end] = this.periods.days(p);
      if (first >= d2) return;
      if (end <= d1) continue;
      const days: number[] = [];
      forEachDay(first, end, (d, c) => {
        if (this.filter.passes(c)) days.push(d);
      });
      // Candidate k is day k÷t at time k mod t; the picked ones are grouped by day.
      let day = NaN;
      let times: number[] = [];
      const flush = () => times.length === 0 || day < d1 || day >= d2 || fn(day, times) !== false;
      for (const k of setPositions(this.bySetPos, days.length * t)) {
        const d = days[Math.floor(k / t)]!;
        if (d !== day) {
          if (!flush()) return;
          day = d;
          times = [];
        }
        times.push(this.times[k % t]!);
      }
      if (!flush()) return;
    }
  }
}

/** The expander of `rule` with DTSTART `start` (floating ms). */
export function expanderOf(rule: Recur, start: number): Expander {
  const startDay = Math.floor(start / DAY);
  const s = civil(startDay);
  const clock = start - startDay * DAY;
  const filter = new DayFilter(dayPartsOf(rule, s));
  const n = rule.interval;
  const minutes = rule.byMinute.length > 0 ? rule.byMinute : [Math.floor(clock / MINUTE) % 60];
  const seconds = rule.bySecond.length > 0 ? rule.bySecond : [Math.floor(clock / 1000) % 60];

  if (rule.freq === 'HOURLY') {
    // Hours run every INTERVAL from DTSTART's, across days: a day's hours follow from its residue.
    const inHour = pick(rule.bySetPos, offsets([0], minutes, seconds));
    const startHour = Math.floor(start / HOUR);
    const residue = (day: number) => pymod(day * 24 - startHour, n);
    const byResidue = new Map<number, readonly number[]>();
    const timesOf = (day: number) => {
      const r = residue(day);
      let times = byResidue.get(r);
      if (!times) {
        const hours: number[] = [];
        for (let h = pymod(-r, n); h < 24; h += n) if (rule.byHour.length === 0 || rule.byHour.includes(h)) hours.push(h);
        byResidue.set(r, (times = hours.flatMap((h) => inHour.map((t) => h * HOUR + t))));
      }
      return times;
    };
    return new DayByDay(startDay, filter, { inPeriod: () => true, phaseAt: (y) => residue(dayNumber(y, 1, 1)) }, timesOf);
  }

  const hours = rule.byHour.length > 0 ? rule.byHour : [Math.floor(clock / HOUR)];
  const times = offsets(hours, minutes, seconds);
  if (rule.freq === 'DAILY') {
    const picked = pick(rule.bySetPos, times);
    const cadence = { inPeriod: (day: number) => (day - startDay) % n === 0, phaseAt: (y: number) => pymod(dayNumber(y, 1, 1) - startDay, n) };
    return new DayByDay(startDay, filter, cadence, () => picked);
  }

  // WEEKLY counts weeks from the WKST-started week holding DTSTART; MONTHLY and YEARLY count
  // months and years from DTSTART's.
  const week0 = startDay - pymod(s.weekday - rule.wkst, 7);
  const week = (day: number) => Math.floor((day - week0) / 7);
  const month = (y: number, m: number) => y * 12 + m - s.year * 12 - s.month;
  const unit =
    rule.freq === 'WEEKLY' ? (day: number) => week(day) : rule.freq === 'MONTHLY' ? (_: number, c: Civil) => month(c.year, c.month) : (_: number, c: Civil) => c.year - s.year;
  const cadence: Cadence = {
    inPeriod: (day, c) => unit(day, c) % n === 0,
    phaseAt: (y) => pymod(rule.freq === 'WEEKLY' ? week(dayNumber(y, 1, 1)) : rule.freq === 'MONTHLY' ? month(y, 1) : y - s.year, n),
  };
  if (rule.bySetPos.length === 0) return new DayByDay(startDay, filter, cadence, () => times);
  return new PeriodByPeriod(s.year, filter, cadence, periodsOf(rule, startDay, week0, month), times, rule.bySetPos);
}

/**
 * Periods as dateutil counts them. A WEEKLY rule's first period starts on DTSTART's own day,
 * not its week's first (so BYSETPOS picks among that week's remaining days, as rrule.js does).
 */
function periodsOf(rule: Recur, startDay: number, week0: number, month: (y: number, m: number) => number): Periods {
  const n = rule.interval;
  const start = civil(startDay);
  if (rule.freq === 'WEEKLY') {
    return {
      firstFrom: (day) => Math.max(0, Math.floor((day - week0) / 7 / n)),
      days: (p) => [p === 0 ? startDay : week0 + 7 * n * p, week0 + 7 * n * p + 7],
    };
  }
  if (rule.freq === 'MONTHLY') {
    const monthOf = (p: number) => ({ y: Math.floor((start.year * 12 + start.month - 1 + n * p) / 12), m: pymod(start.month - 1 + n * p, 12) + 1 });
    return {
      firstFrom: (day) => {
        const c = civil(day);
        return Math.max(0, Math.floor(month(c.year, c.month) / n));
      },
      days: (p) => {
        const { y, m } = monthOf(p);
        const first = dayNumber(y, m, 1);
        return [first, first + monthLength(y, m)];
      },
    };
  }
  return {
    firstFrom: (day) => Math.max(0, Math.floor((civil(day).year - start.year) / n)),
    days: (p) => [dayNumber(start.year + n * p, 1, 1), dayNumber(start.year + n * p + 1, 1, 1)],
  };
}
