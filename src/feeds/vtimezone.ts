/**
 * VTIMEZONE components built from the runtime's time-zone database (the one luxon and the
 * schedule engine read), so a calendar client that honours VTIMEZONE turns every
 * `DTSTART;TZID=…` into exactly the instant the engine computed.
 *
 * Why not @touch4it/ical-timezones: its zone files are tzdata 2018g with yearly RRULEs and miss
 * every rule change since (Brazil dropped DST in 2019, Mexico in 2022, Jordan moved to +03 …), so
 * e.g. an America/Sao_Paulo feed would be an hour off from November to February in Outlook or
 * Thunderbird. Here each observance is one real transition (RFC 5545 allows an observance
 * without RRULE), listed over whole calendar years around the events that use the zone.
 */
import { DateTime } from 'luxon';
import { DAY, offsetAt } from '../engine/localtime.js';

const MINUTE = 60_000;

/** "+0530" / "-0300" for an offset in ms. */
function formatOffset(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / MINUTE);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${ms < 0 ? '-' : '+'}${hh}${mm}`;
}

/** RFC 5545 local DATE-TIME ("20271107T020000") of instant `t` read with `offset`. */
function localStamp(t: number, offset: number): string {
  return new Date(t + offset).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

/** The first instant in (lo, hi] whose offset differs from the one at lo. */
function transitionIn(zone: string, lo: number, hi: number): number {
  const before = offsetAt(zone, lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

function observance(zone: string, at: number, from: number, to: number): string[] {
  const kind = DateTime.fromMillis(at, { zone }).isInDST ? 'DAYLIGHT' : 'STANDARD';
  return [
    `BEGIN:${kind}`,
    `DTSTART:${localStamp(at, from)}`,
    `TZOFFSETFROM:${formatOffset(from)}`,
    `TZOFFSETTO:${formatOffset(to)}`,
    `END:${kind}`,
  ];
}

const cache = new Map<string, string>();

/**
 * The VTIMEZONE of `zone` for calendar years `fromYear`…`toYear` (UTC years of the events), CRLF
 * lines without the final CRLF: one observance at the start of the range, then one per offset
 * change. Zones change offset at most once a day, so a day-by-day scan finds every transition.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const key = `${zone}|${fromYear}|${toYear}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  // A day of margin either side: the local year can start before the UTC one.
  const start = Date.UTC(fromYear, 0, 1) - DAY;
  const end = Date.UTC(toYear + 1, 0, 1) + DAY;
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, ...observance(zone, start, offsetAt(zone, start), offsetAt(zone, start))];
  for (let day = start; day < end; day += DAY) {
    const before = offsetAt(zone, day);
    const after = offsetAt(zone, day + DAY);
    if (before === after) continue;
    lines.push(...observance(zone, transitionIn(zone, day, day + DAY), before, after));
  }
  lines.push('END:VTIMEZONE');
  const text = lines.join('\r\n');
  cache.set(key, text);
  return text;
}
