/**
 * A feed fetched again with no change in between is byte-identical (spec §9: UIDs stable while a
 * shift is unchanged), a minute, an hour or a day later and after a restart, so clients get 304s.
 * The hard cases are shifts that reach past the engine's 3-year horizon — a one-person schedule,
 * a fallback that covers all time before the layers start — which used to be clipped at the
 * window edge to the millisecond (a new DTSTART/DTEND and UID on every recomputation) and
 * stamped with the render time. The app runs on a held clock (AppConfig.now).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers.js';
import { createFeed, DAY, expectWellFramed, parseFeed, pathOf } from './helpers.js';

const T = Date.parse('2027-06-01T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;

let clock = T;
let server: TestServer;
const urls: Record<string, string> = {};

async function put(url: string, payload: object) {
  const res = await server.call({ method: 'PUT', url, payload });
  if (res.statusCode >= 300) throw new Error(`PUT ${url} → ${res.statusCode} ${res.body}`);
}

beforeAll(async () => {
  server = await startServer({ now: () => clock });
  for (const [id, name] of [['alice', 'Alice Adams'], ['bob', 'Bob Brown'], ['carol', 'Carol Chen']]) await put(`/api/v1/people/${id}`, { name });
  // One person, never ending: a single shift from the start on.
  await put('/api/v1/schedules/solo', {
    name: 'Solo',
    timeZone: 'Europe/Berlin',
    layers: [{ id: 'only', name: 'Only', participants: ['alice'], rotation: { every: 'P1W', start: '2026-01-05T09:00' } }],
  });
  // The fallback covers every instant before the layers start (Mon 2028-09-04 09:00 CEST), after the window.
  await put('/api/v1/schedules/later', {
    name: 'Later',
    timeZone: 'Europe/Berlin',
    fallback: 'alice',
    layers: [{ id: 'weekly', name: 'Weekly', participants: ['bob', 'carol'], rotation: { every: 'P1W', start: '2028-09-04T09:00' } }],
  });
  urls.solo = (await createFeed(server, { schedule: 'solo' })).url;
  urls.later = (await createFeed(server, { schedule: 'later' })).url;
  urls.alice = (await createFeed(server, { person: 'alice' })).url;
});
afterAll(() => server.close());

const fetchFeed = (url: string, headers: Record<string, string> = {}) => server.call({ method: 'GET', url: pathOf(url), headers, token: null });

async function savedAt(schedule: string): Promise<number> {
  const res = await server.call({ method: 'GET', url: `/api/v1/schedules/${schedule}/versions` });
  return Date.parse(res.json().items[0].savedAt);
}

describe('a feed with no change in between', () => {
  it('is byte-identical with the same ETag (304) a minute, an hour and a day later, and after a restart', async () => {
    clock = T;
    const first = new Map<string, { body: string; etag: string }>();
    for (const [name, url] of Object.entries(urls)) {
      const res = await fetchFeed(url);
      expect(res.statusCode).toBe(200);
      expectWellFramed(res.body);
      first.set(name, { body: res.body, etag: String(res.headers.etag) });
    }
    const steps: [string, () => Promise<void>][] = [
      ['T + 1 min', async () => void (clock = T + MINUTE)],
      ['T + 1 h', async () => void (clock = T + HOUR)],
      // A new process computes every feed afresh: nothing may depend on when it does.
      ['restart at T + 1 h 1 min', async () => {
        clock = T + HOUR + MINUTE;
        await server.restart({ now: () => clock });
      }],
      // The precomputed source has expired: computed again as of a day later.
      ['T + 1 day', async () => void (clock = T + DAY)],
    ];
    for (const [when, step] of steps) {
      await step();
      for (const [name, url] of Object.entries(urls)) {
        const { body, etag } = first.get(name)!;
        const again = await fetchFeed(url);
        expect(again.statusCode, `${name} at ${when}`).toBe(200);
        expect(again.body, `${name} at ${when}`).toBe(body);
        expect(again.headers.etag, `${name} at ${when}`).toBe(etag);
        expect((await fetchFeed(url, { 'if-none-match': etag })).statusCode, `${name} at ${when}`).toBe(304);
      }
    }
  });
});

describe('events beyond the 3-year horizon', () => {
  it('a one-person schedule: its real start, cut at the local New Year after the window, said in the description', async () => {
    clock = T;
    const body = (await fetchFeed(urls.solo!)).body;
    const { events } = parseFeed(body);
    expect(events).toHaveLength(1);
    // 2026-01-05 09:00 CET; 2029-01-01 00:00 CET (the window ends 2028-05-31).
    expect(new Date(events[0]!.start).toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(new Date(events[0]!.end).toISOString()).toBe('2028-12-31T23:00:00.000Z');
    expect(events[0]!.description).toBe(
      'Schedule: Solo\nLayer: Only\nStill on call after 2029-01-01 00:00 (Europe/Berlin): the feed shows a year ahead.',
    );
    // DTSTAMP: when the schedule was saved, not when the feed was asked for.
    expect(body).toContain(`\r\nDTSTAMP:${new Date(Math.floor((await savedAt('solo')) / 1000) * 1000).toISOString().replace(/[-:]|\.\d+/g, '')}\r\n`);
  });

  it('a fallback before the layers start: cut at the local New Year before the window, its real end', async () => {
    clock = T;
    const { events } = parseFeed((await fetchFeed(urls.later!)).body);
    expect(events).toHaveLength(1);
    // 2027-01-01 00:00 CET (the window starts 2027-05-02); 2028-09-04 09:00 CEST.
    expect(new Date(events[0]!.start).toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(new Date(events[0]!.end).toISOString()).toBe('2028-09-04T07:00:00.000Z');
    expect(events[0]!.description).toBe(
      'Schedule: Later\nFallback: no layer covers this time, so the schedule’s fallback person is on call.\n' +
        'On call since before 2027-01-01 00:00 (Europe/Berlin).',
    );
  });

  it('moves the cut once a year: after the local New Year leaves the window the event and its UID change', async () => {
    clock = T;
    const before = parseFeed((await fetchFeed(urls.later!)).body).events[0]!;
    // The window starts 30 days back: on 2028-02-01 it starts in 2028.
    clock = Date.parse('2028-02-01T12:00:00Z');
    const after = parseFeed((await fetchFeed(urls.later!)).body).events[0]!;
    expect(new Date(after.start).toISOString()).toBe('2027-12-31T23:00:00.000Z');
    expect(after.end).toBe(before.end);
    expect(after.uid).not.toBe(before.uid);
  });
});
