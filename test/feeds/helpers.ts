/**
 * Feed test fixtures: a small world created through the HTTP API, and an RFC 5545 reading of
 * feeds with ical.js (a real parser) that resolves TZIDs through the feed's own VTIMEZONEs.
 */
import ICAL from 'ical.js';
import { expect } from 'vitest';
import type { FeedSubject } from '../../src/services/feed-content.js';
import { feedDocument } from '../../src/services/feed-content.js';
import { renderFeed } from '../../src/feeds/render.js';
import type { TestServer } from '../helpers.js';

export const DAY = 86_400_000;

/** Text that must survive escaping and folding: quotes, ; , \ newlines and non-ASCII. */
export const TRICKY_NAME = 'Zoë "Z" Ångström; ops, on-call\\night\nteam 日本語';
export const TRICKY_NOTE = 'Swap: "covering", Bob; back\\slash\nsecond line — ünïcödé';

async function ok(server: TestServer, method: 'PUT' | 'POST', url: string, payload: unknown) {
  const res = await server.call({ method, url, payload: payload as object });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
  return res.json();
}

/**
 * People; a Berlin schedule with weekly, weekend and holiday layers ("comms"); a New York daily
 * rotation ("ny") and a Berlin daily rotation at 02:30 ("berlin-night") for the DST weeks; an
 * override with a tricky note. Alice is on call in all three.
 */
export async function seedWorld(server: TestServer): Promise<void> {
  const people: [string, Record<string, string>][] = [
    ['alice', { name: 'Alice Adams', email: 'alice@example.com', phone: '+1 555 0100', timeZone: 'America/New_York' }],
    ['bob', { name: 'Bob Brown', email: 'bob@example.com' }],
    ['carol', { name: 'Carol Chen' }],
    ['dave', { name: 'Dave Diaz' }],
    ['erin', { name: 'Erin Evans' }],
    ['zoe', { name: TRICKY_NAME, phone: '+49 30 1234; ext, 5' }],
    ['director', { name: 'Dana Director', email: 'director@example.com' }],
  ];
  for (const [id, body] of people) await ok(server, 'PUT', `/api/v1/people/${id}`, body);
  await ok(server, 'PUT', '/api/v1/holiday-calendars/de-be', { name: 'Berlin public holidays', region: 'DE-BE' });
  await ok(server, 'PUT', '/api/v1/schedules/comms', {
    name: 'Communications coordinator',
    timeZone: 'Europe/Berlin',
    fallback: 'director',
    layers: [
      { id: 'weekly', name: 'Weekly', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: '2024-01-01T09:00' } },
      {
        id: 'weekend',
        name: 'Weekend',
        participants: ['dave', 'zoe'],
        rotation: { every: 'P1W', start: '2024-01-05T17:00' },
        activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] },
      },
      {
        id: 'holidays',
        name: 'Holidays',
        participants: ['erin', 'alice'],
        rotation: { per: 'window', start: '2024-01-01T00:00' },
        activeWhen: { holidays: [{ calendar: 'de-be' }] },
      },
    ],
  });
  await ok(server, 'PUT', '/api/v1/schedules/ny', {
    name: 'NY duty',
    timeZone: 'America/New_York',
    layers: [{ id: 'daily', name: 'Daily', participants: ['bob', 'alice'], rotation: { every: 'P1D', start: '2024-01-01T09:00' } }],
  });
  await ok(server, 'PUT', '/api/v1/schedules/berlin-night', {
    name: 'Berlin night',
    timeZone: 'Europe/Berlin',
    layers: [{ id: 'nightly', name: 'Nightly', participants: ['dave', 'erin'], rotation: { every: 'P1D', start: '2024-01-01T02:30' } }],
  });
  // Inside the fall-back hour: ends at 01:30 EST, the second 01:30 of that night.
  await ok(server, 'POST', '/api/v1/schedules/ny/overrides', { person: 'carol', start: '2027-11-07T05:00:00Z', end: '2027-11-07T06:30:00Z', note: 'fall-back swap' });
  // Across the spring-forward gap: 01:30 CET → 03:30 CEST.
  await ok(server, 'POST', '/api/v1/schedules/berlin-night/overrides', { person: 'carol', start: '2027-03-28T00:30:00Z', end: '2027-03-28T01:30:00Z' });
}

export async function createFeed(server: TestServer, body: object, token?: string | null) {
  const res = await server.call({ method: 'POST', url: '/api/v1/feeds', payload: body, ...(token !== undefined ? { token } : {}) });
  if (res.statusCode !== 201) throw new Error(`feed create → ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; url: string; webcalUrl: string; schedule: string | null; person: string | null; createdAt: string };
}

export const pathOf = (url: string) => new URL(url).pathname;

export interface ParsedEvent {
  uid: string;
  start: number;
  end: number;
  tzid: string | null;
  summary: string;
  description: string;
  transp: string;
}

/** Events of a feed, instants computed by ical.js from the feed's own VTIMEZONEs. */
export function parseFeed(body: string): { calendar: ICAL.Component; events: ParsedEvent[]; tzids: Set<string>; vtimezones: Set<string> } {
  const calendar = new ICAL.Component(ICAL.parse(body));
  const vtimezones = new Set<string>();
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) {
    const tz = new ICAL.Timezone(vtz);
    vtimezones.add(tz.tzid);
    ICAL.TimezoneService.register(tz, tz.tzid);
  }
  const tzids = new Set<string>();
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const tzid = (vevent.getFirstProperty('dtstart')!.getParameter('tzid') as string | undefined) ?? null;
    if (tzid) tzids.add(tzid);
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      start: event.startDate.toJSDate().getTime(),
      end: event.endDate.toJSDate().getTime(),
      tzid,
      summary: event.summary,
      description: event.description,
      transp: String(vevent.getFirstPropertyValue('transp')),
    };
  });
  for (const zone of vtimezones) ICAL.TimezoneService.remove(zone);
  return { calendar, events, tzids, vtimezones };
}

/** RFC 5545 §3.1 framing: CRLF only, every line at most 75 octets. */
export function expectWellFramed(body: string): void {
  expect(body.endsWith('\r\n')).toBe(true);
  expect(/\r(?!\n)|(?<!\r)\n/.test(body)).toBe(false);
  for (const line of body.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
}

/** The body without its DTSTAMP lines: they say when the seeded data was saved (on the real clock). */
export function withoutStamps(body: string): string {
  return body.replace(/^DTSTAMP:.*\r\n/gm, '');
}

/** A feed rendered as of a fixed `now` (what the route does with the request time). */
export async function renderAt(server: TestServer, subject: Partial<FeedSubject>, now: number): Promise<string> {
  const full: FeedSubject = { scheduleId: subject.scheduleId ?? null, personId: subject.personId ?? null };
  return renderFeed(await feedDocument(server.app.services, full, now));
}

interface ApiShift {
  start: string;
  end: string;
  person: { id: string } | null;
}

const interval = (s: { start: number; end: number }) => `${new Date(s.start).toISOString()} – ${new Date(s.end).toISOString()}`;

/**
 * A feed's events against the shifts API for the feed's window as of `t0`: inner shifts exactly;
 * the edge shifts are not clipped to the window, so they reach at least as far as the API's.
 */
export async function expectEventsMatchShifts(server: TestServer, events: ParsedEvent[], schedule: string, personId: string | null, t0: number) {
  const from = new Date(t0 - 30 * DAY).toISOString();
  const to = new Date(t0 + 365 * DAY).toISOString();
  const res = await server.call({ method: 'GET', url: `/api/v1/schedules/${schedule}/shifts?from=${from}&to=${to}` });
  expect(res.statusCode).toBe(200);
  const held = (res.json().shifts as ApiShift[])
    .filter((s) => s.person !== null && (personId === null || s.person.id === personId))
    .map((s) => ({ start: Date.parse(s.start), end: Date.parse(s.end) }));
  expect(events.length).toBe(held.length);
  expect(events.slice(1, -1).map(interval)).toEqual(held.slice(1, -1).map(interval));
  expect(events[0]!.start).toBeLessThanOrEqual(held[0]!.start);
  expect(events[0]!.end).toBe(held[0]!.end);
  expect(events.at(-1)!.start).toBe(held.at(-1)!.start);
  expect(events.at(-1)!.end).toBeGreaterThanOrEqual(held.at(-1)!.end);
}

/** Each VEVENT's DTSTART and DTEND lines, as written. */
export function startEndLines(body: string): [string, string][] {
  return body
    .split('BEGIN:VEVENT\r\n')
    .slice(1)
    .map((vevent) => {
      const lines = vevent.split('\r\n');
      return [lines.find((l) => l.startsWith('DTSTART'))!, lines.find((l) => l.startsWith('DTEND'))!];
    });
}
