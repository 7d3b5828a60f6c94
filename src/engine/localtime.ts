/**
 * Wall-clock ↔ instant conversion for IANA zones, the one place where spec §1's DST rules live.
 *
 * The engine does its calendar arithmetic on "floating" times: the local wall-clock fields
 * written as if they were UTC (`Date.UTC(y, m, d, hh, mm)`). Floating times have no DST, so
 * "+1 day" is always 86 400 000 ms and weekdays/dates come from the UTC getters, whatever the
 * process TZ is. Only at the edges do we convert to instants, here.
 *
 * - A local time that does not exist (spring-forward gap) moves forward by the gap's length.
 * - A local time that occurs twice (fall-back overlap) is the EARLIER instant.
 * (RFC 5545 §3.3.5, Temporal "compatible".) The rule itself is wall-clock.ts, shared with the web
 * app; here are the zones' offsets it reads (luxon's own choice for ambiguous times is not
 * reliably the earlier one, so it is never asked).
 */
import { IANAZone } from 'luxon';
import { wallClockToInstant } from './wall-clock.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const WEEK = 7 * DAY;

/**
 * Rota's range of time: instants in [1900-01-01T00:00Z, 2200-01-01T00:00Z) and local date-times
 * in the years 1900 through 2199 (README "Range of time"). Three centuries cover every real schedule
 * and keep every rotation count bounded (see recurrence/); beyond them, the year-10000 shift of
 * a question about 9999 could not even be written as ISO 8601.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;
/** The range as epoch ms (instants) or floating ms (local date-times): [RANGE_START, RANGE_END). */
export const RANGE_START = Date.UTC(FIRST_YEAR, 0, 1);
export const RANGE_END = Date.UTC(LAST_YEAR + 1, 0, 1);

/** A zone's offset change: `before` until instant `at`, `after` from it (ms, local − UTC). */
interface OffsetChange {
  at: number;
  before: number;
  after: number;
}

/** Offsets of one zone, cached per UTC day: luxon's Intl-based lookup costs ~10 µs a call. */
class ZoneOffsets {
  private readonly zone: IANAZone;
  /** UTC day index → the day's offset (ms), or the one transition inside that day. */
  private readonly days = new Map<number, number | OffsetChange>();

  constructor(zone: IANAZone) {
    this.zone = zone;
  }

  private raw(t: number): number {
    return this.zone.offset(t) * MINUTE;
  }

  /** Offset (ms, local − UTC) in force at instant `t`. */
  at(t: number): number {
    const entry = this.day(Math.floor(t / DAY));
    if (typeof entry === 'number') return entry;
    return t < entry.at ? entry.before : entry.after;
  }

  /** The offset change at or before instant `t` and less than a day before it, if any. */
  changeBefore(t: number): OffsetChange | null {
    const day = Math.floor(t / DAY);
    for (const entry of [this.day(day), this.day(day - 1)]) {
      if (typeof entry !== 'number' && entry.at <= t && entry.at > t - DAY) return entry;
    }
    return null;
  }

  private day(day: number): number | OffsetChange {
    let entry = this.days.get(day);
    if (entry === undefined) {
      entry = this.describeDay(day);
      this.days.set(day, entry);
    }
    return entry;
  }

  /** Zones change offset at most once a day, so equal offsets at both ends mean none inside. */
  private describeDay(day: number): number | OffsetChange {
    let lo = day * DAY;
    let hi = lo + DAY - 1;
    const before = this.raw(lo);
    const after = this.raw(hi);
    if (before === after) return before;
    // Binary search the first millisecond carrying the new offset (once per transition).
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.raw(mid) === before) lo = mid;
      else hi = mid;
    }
    return { at: hi, before, after };
  }
}

const zones = new Map<string, ZoneOffsets>();

function offsetsOf(zone: string): ZoneOffsets {
  let z = zones.get(zone);
  if (!z) {
    const iana = IANAZone.create(zone);
    if (!iana.isValid) throw new RangeError(`unknown time zone "${zone}"`);
    z = new ZoneOffsets(iana);
    zones.set(zone, z);
  }
  return z;
}

/**
 * True for an IANA zone name ("Europe/Berlin", "UTC"); false for anything else, including bare
 * offsets like "+02:00" that newer Intl versions accept but that carry no DST rules.
 */
export function isValidZone(zone: string): boolean {
  return /^[A-Za-z]/.test(zone) && IANAZone.isValidZone(zone);
}

/** Offset (ms) of `zone` at instant `t`. */
export function offsetAt(zone: string, t: number): number {
  return offsetsOf(zone).at(t);
}

/** Instant → floating local time. */
export function toLocal(zone: string, t: number): number {
  return t + offsetsOf(zone).at(t);
}

/** Floating local time → instant, with spec §1's gap/overlap rules (wall-clock.ts). */
export function toInstant(zone: string, local: number): number {
  return wallClockToInstant(local, offsetsOf(zone));
}

/**
 * The floating local times that toInstant reads as instants at or before `t` (an RFC 5545 UNTIL
 * with Z is such an instant): those at or before `last`, except the `skipped` ones [from, to) —
 * when `t` lies just after a spring-forward gap, wall times late in the gap move forward past it.
 * After a fall-back, every repeated wall time reads as its first pass, so all of them are in.
 */
export function localTimesUpTo(zone: string, t: number): { last: number; skipped: { from: number; to: number } | null } {
  const last = toLocal(zone, t);
  const change = offsetsOf(zone).changeBefore(t);
  if (change === null) return { last, skipped: null };
  const { at, before, after } = change;
  // Repeated wall times [at + after, at + before) are read at their first pass, before `at`.
  if (after < before) return { last: Math.max(last, at + before - 1), skipped: null };
  // Skipped wall times [at + before, at + after) move forward by the gap: x is read as x − before.
  const from = t + before + 1;
  const to = at + after;
  return { last, skipped: from < to ? { from, to } : null };
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "YYYY-MM-DDTHH:mm[:ss]" (no offset) → floating ms, or null if malformed or not a real date. */
export function parseLocalDateTime(s: string): number | null {
  const m = LOCAL_DATE_TIME.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
  if (h! > 23 || mi! > 59 || se! > 59 || mo! < 1 || mo! > 12 || d! < 1) return null;
  const ms = utcFields(y!, mo! - 1, d!, h!, mi!, se!);
  // Date.UTC rolls Feb 30 over into March; a round trip catches that.
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms;
}

/** Date.UTC without its two-digit-year rule (Date.UTC(50, 0) is 1950): years 0–99 stay themselves. */
function utcFields(y: number, mo: number, d: number, h = 0, mi = 0, se = 0): number {
  const date = new Date(Date.UTC(2000, mo, d, h, mi, se));
  date.setUTCFullYear(y, mo, d);
  return date.getTime();
}

/** "HH:mm" → minutes after midnight; "24:00" → 1440 only when `allow24`. Null if malformed. */
export function parseClock(s: string, allow24 = false): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (allow24 && h === 24 && mi === 0) return 1440;
  if (h > 23 || mi > 59) return null;
  return h * 60 + mi;
}

/** "YYYY-MM-DD" → floating ms of that date's midnight. */
export function parseLocalDate(s: string): number {
  return utcFields(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
}

/** Floating ms → "YYYY-MM-DD". */
export function formatLocalDate(local: number): string {
  return new Date(local).toISOString().slice(0, 10);
}

/** Floating ms of the Monday 00:00 starting the local week that contains `local`. */
export function startOfLocalWeek(local: number): number {
  const day = Math.floor(local / DAY);
  // 1970-01-01 was a Thursday: day 0 is weekday index 3 with Monday = 0.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return (day - weekday) * DAY;
}
