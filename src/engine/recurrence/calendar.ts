/**
 * Proleptic Gregorian dates as day numbers (days since 1970-01-01, the floating day of
 * localtime.ts: `floor(local / DAY)`), in integer arithmetic: the expander looks at hundreds of
 * thousands of days and must not build a Date for each.
 */

/** Day number of y-m-d (m 1–12). H. Hinnant's days_from_civil. */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The calendar fields of one day, as the BYxxx filters read them. */
export interface Civil {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 1–366 */
  yearDay: number;
  /** Monday = 0 … Sunday = 6 */
  weekday: number;
  monthLength: number;
  yearLength: number;
}

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const yearLength = (y: number): number => (isLeapYear(y) ? 366 : 365);

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const monthLength = (y: number, m: number): number => (m === 2 && isLeapYear(y) ? 29 : MONTH_LENGTHS[m - 1]!);

/** Monday = 0 weekday of a day number (day 0, 1970-01-01, was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

/** The year a day number falls in. */
export function yearOf(day: number): number {
  return civil(day).year;
}

/** Fields of a day number. H. Hinnant's civil_from_days. */
export function civil(day: number): Civil {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {
    year: y,
    month: m,
    day: d,
    yearDay: day - dayNumber(y, 1, 1) + 1,
    weekday: weekdayOf(day),
    monthLength: monthLength(y, m),
    yearLength: yearLength(y),
  };
}

/**
 * Calls `fn` for each day of [d1, d2) in order with its fields, updated in place from one day to
 * the next (the object is reused: copy what must outlive the call). `false` stops.
 */
export function forEachDay(d1: number, d2: number, fn: (day: number, c: Civil) => boolean | void): void {
  if (d1 >= d2) return;
  const c = civil(d1);
  for (let d = d1; fn(d, c) !== false && ++d < d2; ) {
    c.weekday = c.weekday === 6 ? 0 : c.weekday + 1;
    c.yearDay++;
    if (c.day < c.monthLength) {
      c.day++;
      continue;
    }
    c.day = 1;
    if (c.month < 12) c.month++;
    else {
      c.month = 1;
      c.year++;
      c.yearDay = 1;
      c.yearLength = yearLength(c.year);
    }
    c.monthLength = monthLength(c.year, c.month);
  }
}
