/**
 * A feed document → RFC 5545 text. ical-generator serialises the VEVENTs (escaping, luxon
 * dates); lines are folded by ./fold.ts; the VCALENDAR envelope is written here because ical-generator's
 * own puts calendar properties after components (VTIMEZONE, X-props), leaves NAME unescaped and,
 * once the calendar has a time zone, writes DTSTAMP as a local time without `Z`.
 *
 * Time zones: every event is handed to ical-generator as a luxon DateTime in its schedule's zone.
 * A native Date would be printed in the *process's* local time under the TZID (off by the
 * server's offset). Pure: the output depends only on the document, never on the clock.
 */
import ical, { escape, ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';
import { DAY, offsetAt, toLocal } from '../engine/localtime.js';
import { foldLines } from './fold.js';
import { vtimezone } from './vtimezone.js';

export interface FeedEvent {
  /** Stable while the shift is unchanged (see shiftUid in content.ts). */
  uid: string;
  start: number;
  end: number;
  /** DTSTAMP (epoch ms): when what the event shows was saved (see eventStamp in content.ts). */
  stamp: number;
  /** The schedule's IANA zone; DTSTART/DTEND carry it as TZID. */
  timeZone: string;
  summary: string;
  description: string;
}

export interface FeedDocument {
  /** X-WR-CALNAME / NAME. */
  name: string;
  /** X-WR-TIMEZONE: the zone clients show the calendar in by default. */
  timeZone: string;
  /** Sorted by start. */
  events: FeedEvent[];
}

const PRODID = '-//Rota//On-call feeds//EN';

/**
 * C0 controls but tab and line feed, DEL, C1 controls, and surrogates without their pair. RFC
 * 5545 §3.3.11 admits no control character in TEXT but HTAB (line breaks are written `\n`);
 * clients stop parsing at a NUL, and a lone surrogate has no UTF-8 encoding.
 */
const NOT_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Names, notes and contact lines come from users: keep only what a TEXT value may hold. */
function plainText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(NOT_TEXT, '');
}
/** How often clients are asked to refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH = 'PT15M';

/**
 * Whether the wall-clock time of `t` occurs twice in `zone` (the fall-back hour). RFC 5545 reads
 * such a local time as its first occurrence, but clients disagree (ical.js takes the second), so
 * an event starting or ending there is written in UTC, which every client reads alike.
 */
function isRepeatedWallTime(zone: string, t: number): boolean {
  const local = toLocal(zone, t);
  // The offsets a day either side are the only ones that can share this wall-clock time.
  return [offsetAt(zone, t - DAY), offsetAt(zone, t + DAY)].some((o) => local - o !== t && offsetAt(zone, local - o) === o);
}

/** The zone an event is written in, or null for UTC (`…Z` times, no TZID). */
function eventZone(e: FeedEvent): string | null {
  if (e.timeZone === 'UTC' || isRepeatedWallTime(e.timeZone, e.start) || isRepeatedWallTime(e.timeZone, e.end)) return null;
  return e.timeZone;
}

function utcYear(t: number): number {
  return new Date(t).getUTCFullYear();
}

/** One VTIMEZONE per zone used, covering the years of the events written in it. */
function vtimezones(events: { zone: string | null; start: number; end: number }[]): string[] {
  const years = new Map<string, { from: number; to: number }>();
  for (const e of events) {
    if (e.zone === null) continue;
    const y = years.get(e.zone);
    years.set(e.zone, { from: Math.min(y?.from ?? Infinity, utcYear(e.start)), to: Math.max(y?.to ?? -Infinity, utcYear(e.end)) });
  }
  return [...years].sort(([a], [b]) => (a < b ? -1 : 1)).map(([zone, y]) => vtimezone(zone, y.from, y.to));
}

export function renderFeed(doc: FeedDocument): string {
  // No calendar-level time zone: it would turn DTSTAMP into a floating local time.
  const calendar = ical();
  const placed = doc.events.map((e) => ({ ...e, zone: eventZone(e) }));
  for (const e of placed) {
    const zone = e.zone ?? 'utc';
    calendar.createEvent({
      id: e.uid,
      sequence: 0,
      stamp: new Date(e.stamp), // written in UTC with Z: the calendar has no time zone
      start: DateTime.fromMillis(e.start, { zone }),
      end: DateTime.fromMillis(e.end, { zone }),
      timezone: e.zone,
      summary: plainText(e.summary),
      description: plainText(e.description),
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  const text = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escape(plainText(doc.name), false)}`,
    `X-WR-CALNAME:${escape(plainText(doc.name), false)}`,
    `X-WR-TIMEZONE:${escape(plainText(doc.timeZone), false)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${REFRESH}`,
    `X-PUBLISHED-TTL:${REFRESH}`,
    ...vtimezones(placed),
    // Each event's text already ends with CRLF.
    calendar.events().map((e) => e.toString()).join('') + 'END:VCALENDAR',
  ].join('\r\n');
  return `${foldLines(text)}\r\n`;
}
