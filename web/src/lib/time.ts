/**
 * Time helpers. Every instant is shown in an explicit IANA zone (the schedule's), and local
 * wall-clock inputs are converted with the spec's rule — a skipped local time moves forward by
 * the gap, a repeated one means the earlier instant — which is the engine's own (wall-clock.ts),
 * read here with the browser's Intl offsets.
 */
import { wallClockToInstant } from '../../../src/engine/wall-clock.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(zone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function localParts(ms: number, zone: string): LocalParts {
  const get = (type: string) => Number(partsFormatter(zone).formatToParts(ms).find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

function offsetAt(ms: number, zone: string): number {
  const p = localParts(ms, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/** The instant of a local wall-clock time in `zone` (RFC 5545 "compatible" disambiguation). */
export function zonedToInstant(p: LocalParts, zone: string): number {
  return wallClockToInstant(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute), { at: (t) => offsetAt(t, zone) });
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "YYYY-MM-DDTHH:mm" in `zone`, the value format of <input type="datetime-local">. */
export function toLocalInput(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

export function parseLocal(value: string): LocalParts | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return null;
  return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0) };
}

/** Local "YYYY-MM-DDTHH:mm" (or a date) in `zone` → ISO instant with Z, or null when malformed. */
export function localInputToIso(value: string, zone: string): string | null {
  const p = parseLocal(value);
  return p ? new Date(zonedToInstant(p, zone)).toISOString() : null;
}

/** Local midnight of the calendar day `days` after the day containing `ms` in `zone`. */
export function startOfLocalDay(ms: number, zone: string, days = 0): number {
  const p = localParts(ms, zone);
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return zonedToInstant({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0 }, zone);
}

/** The local day of the week at `ms` in `zone`: 0 for Monday … 6 for Sunday. */
export function localWeekday(ms: number, zone: string): number {
  const p = localParts(ms, zone);
  return (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7;
}

/** Monday 00:00 local of the week containing `ms`. */
export function startOfLocalWeek(ms: number, zone: string): number {
  return startOfLocalDay(ms, zone, -localWeekday(ms, zone));
}

export function startOfLocalMonth(ms: number, zone: string, months = 0): number {
  const p = localParts(ms, zone);
  const d = new Date(Date.UTC(p.year, p.month - 1 + months, 1));
  return zonedToInstant({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: 1, hour: 0, minute: 0 }, zone);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Text follows the browser's locale (day and month order, 12- or 24-hour clock), the same one the
 * native date inputs use, so a page never shows "3 Jun" beside an input reading "06/03/2026".
 */
function formatter(zone: string, style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

const STYLES = {
  dateTime: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  shortDateTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  day: { weekday: 'short', day: 'numeric', month: 'short' },
  dayNumber: { weekday: 'narrow', day: 'numeric' },
  month: { month: 'long', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type TimeStyle = keyof typeof STYLES;

export function formatInstant(value: string | number, zone: string, style: TimeStyle = 'dateTime'): string {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return formatter(zone, style, STYLES[style]).format(ms);
}

/**
 * "Sat 27 Mar 08:00 – Mon 29 Mar 09:00": the day left out of the end when it is the same, the
 * year shown when the range is not within the current year.
 */
export function formatRange(start: string | number, end: string | number, zone: string): string {
  const s = typeof start === 'number' ? start : Date.parse(start);
  const e = typeof end === 'number' ? end : Date.parse(end);
  const thisYear = localParts(Date.now(), zone).year;
  const withYear = localParts(s, zone).year !== thisYear || localParts(e, zone).year !== thisYear;
  const style: TimeStyle = withYear ? 'dateTime' : 'shortDateTime';
  const sameDay = formatInstant(s, zone, 'day') === formatInstant(e, zone, 'day');
  return `${formatInstant(s, zone, style)} – ${formatInstant(e, zone, sameDay ? 'time' : style)}`;
}

/** A calendar date "YYYY-MM-DD" (a holiday, a time-off day) as "Wed 3 Jun" in the browser's locale. */
export function formatCalendarDate(date: string): string {
  return formatInstant(Date.parse(date), 'UTC', 'day');
}

export function formatHours(ms: number): string {
  const hours = ms / HOUR;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} d`;
}

export function allTimeZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
