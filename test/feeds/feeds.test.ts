import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, login, problem, logCapture, startServer, type TestServer } from '../helpers.js';
import {
  createFeed,
  DAY,
  expectEventsMatchShifts,
  expectWellFramed,
  parseFeed,
  pathOf,
  seedWorld,
  TRICKY_NAME,
  TRICKY_NOTE,
} from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  await seedWorld(server);
});
afterAll(() => server.close());

async function fetchFeed(url: string, headers: Record<string, string> = {}) {
  return server.call({ method: 'GET', url: pathOf(url), headers, token: null });
}

describe('creating, listing and revoking feeds', () => {
  it('returns a secret https-or-http URL and its webcal twin, then lists the feed without it', async () => {
    const feed = await createFeed(server, { schedule: 'comms' });
    expect(feed.url).toMatch(/^http:\/\/localhost(:\d+)?\/feeds\/feed_[A-Za-z0-9_-]{43}\.ics$/);
    expect(feed.webcalUrl).toBe(feed.url.replace(/^http:/, 'webcal:'));
    expect(feed).toMatchObject({ schedule: 'comms', person: null });
    const token = pathOf(feed.url).slice('/feeds/'.length, -'.ics'.length);
    const list = await server.call({ method: 'GET', url: '/api/v1/feeds' });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.json().items).toContainEqual({
      id: feed.id,
      schedule: 'comms',
      person: null,
      createdAt: feed.createdAt,
      createdBy: ADMIN.email,
      lastAccessAt: null,
    });
  });

  it('needs exactly one existing schedule or person, naming the field in the 400', async () => {
    const post = (payload: object) => server.call({ method: 'POST', url: '/api/v1/feeds', payload });
    expect(problem(await post({}), 400).errors).toEqual([{ path: '/', message: expect.stringContaining('exactly one') }]);
    expect(problem(await post({ schedule: 'comms', person: 'alice' }), 400).errors?.[0]?.path).toBe('/person');
    expect(problem(await post({ schedule: 'nope' }), 400).errors).toEqual([{ path: '/schedule', message: 'unknown schedule "nope"' }]);
    expect(problem(await post({ person: 'nobody' }), 400).errors).toEqual([{ path: '/person', message: 'unknown person "nobody"' }]);
  });

  it('answers 404 for a revoked URL and for guessed ones', async () => {
    const feed = await createFeed(server, { person: 'bob' });
    expect((await fetchFeed(feed.url)).statusCode).toBe(200);
    expect((await server.call({ method: 'DELETE', url: `/api/v1/feeds/${feed.id}` })).statusCode).toBe(204);
    problem(await fetchFeed(feed.url), 404);
    problem(await server.call({ method: 'DELETE', url: `/api/v1/feeds/${feed.id}` }), 404);
    const guessed = 'http://localhost/feeds/feed_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics';
    const res = await fetchFeed(guessed);
    problem(res, 404);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    problem(await server.call({ method: 'GET', url: '/feeds/x', token: null }), 404);
  });

  it('records lastAccessAt when a client fetches the feed', async () => {
    const feed = await createFeed(server, { person: 'carol' });
    await fetchFeed(feed.url);
    const listed = (await server.call({ method: 'GET', url: '/api/v1/feeds' })).json().items.find((f: { id: string }) => f.id === feed.id);
    // Both stamped by the app's (held) clock.
    expect(listed).toMatchObject({ createdAt: new Date(server.now()).toISOString(), lastAccessAt: new Date(server.now()).toISOString() });
  });

  it('documents the endpoints in the OpenAPI description', async () => {
    const doc = (await server.call({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/v1/feeds'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths['/api/v1/feeds/{id}'].delete.tags).toEqual(['feeds']);
    const download = doc.paths['/feeds/{token}'].get;
    expect(download.security).toEqual([]);
    expect(Object.keys(download.responses['200'].content)).toEqual(['text/calendar']);
  });
});

describe('a schedule feed', () => {
  let feed: Awaited<ReturnType<typeof createFeed>>;
  let t0: number;
  let body: string;

  beforeAll(async () => {
    feed = await createFeed(server, { schedule: 'comms' });
    t0 = server.now();
    const res = await fetchFeed(feed.url);
    expect(res.statusCode).toBe(200);
    body = res.body;
  });

  it('is a well-framed text/calendar with the calendar properties clients use', async () => {
    const res = await fetchFeed(feed.url);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    expectWellFramed(body);
    for (const line of [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Rota//On-call feeds//EN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Communications coordinator — on call',
      'X-WR-TIMEZONE:Europe/Berlin',
      'REFRESH-INTERVAL;VALUE=DURATION:PT15M',
      'X-PUBLISHED-TTL:PT15M',
    ]) {
      expect(body.split('\r\n')).toContain(line);
    }
    // Calendar properties precede every component (RFC 5545 §3.4).
    expect(body.indexOf('X-PUBLISHED-TTL')).toBeLessThan(body.indexOf('BEGIN:VTIMEZONE'));
  });

  it('has one transparent event per shift with a person, equal to the shifts API', async () => {
    const { events, tzids, vtimezones } = parseFeed(body);
    expect([...tzids]).toEqual(['Europe/Berlin']);
    expect([...vtimezones]).toEqual(['Europe/Berlin']);
    expect(events.every((e) => e.transp === 'TRANSPARENT')).toBe(true);
    await expectEventsMatchShifts(server, events, 'comms', null, t0);
    expect(events[0]!.start).toBeLessThan(t0 - 30 * DAY); // the week that was running 30 days ago, whole
  });

  it('keeps UIDs unique and stable across refreshes', async () => {
    const first = parseFeed(body).events.map((e) => e.uid);
    expect(new Set(first).size).toBe(first.length);
    expect(first.every((uid) => /^[0-9a-f]{40}@rota$/.test(uid))).toBe(true);
    const again = parseFeed((await fetchFeed(feed.url)).body).events.map((e) => e.uid);
    expect(again).toEqual(first);
  });

  it('names the person and schedule, and round-trips quotes, ; , \\ newlines and non-ASCII', async () => {
    const { events } = parseFeed(body);
    const zoe = events.find((e) => e.summary.includes('Zoë'))!;
    expect(zoe.summary).toBe(`On call: ${TRICKY_NAME} — Communications coordinator`);
    expect(zoe.description).toBe('Schedule: Communications coordinator\nLayer: Weekend\nPhone: +49 30 1234; ext, 5');
    const alice = events.find((e) => e.summary.startsWith('On call: Alice Adams'))!;
    expect(alice.description).toContain('Email: alice@example.com\nPhone: +1 555 0100');
  });

  it('describes an override with its note', async () => {
    const start = Math.ceil(server.now() / 60_000) * 60_000 + 10 * DAY;
    const res = await server.call({
      method: 'POST',
      url: '/api/v1/schedules/comms/overrides',
      payload: { person: 'zoe', start: new Date(start).toISOString(), end: new Date(start + 3_600_000).toISOString(), note: TRICKY_NOTE },
    });
    expect(res.statusCode).toBe(201);
    const after = await fetchFeed(feed.url);
    expectWellFramed(after.body);
    const override = parseFeed(after.body).events.find((e) => e.start === start)!;
    expect(override.description).toBe(`Schedule: Communications coordinator\nOverride: ${TRICKY_NOTE}\nPhone: +49 30 1234; ext, 5`);
    await server.call({ method: 'DELETE', url: `/api/v1/schedules/comms/overrides/${res.json().id}` });
  });
});

describe('fallback and gap hints', () => {
  it('says when the fallback person covers and when nobody takes over', async () => {
    const office = { id: 'office', name: 'Office hours', participants: ['carol'], rotation: { every: 'P1W', start: '2024-01-01T09:00' } };
    const activeWhen = { weekly: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], from: '09:00', to: '17:00' }] };
    for (const [id, extra] of [['gappy', {}], ['covered', { fallback: 'director' }]] as const) {
      const res = await server.call({
        method: 'PUT',
        url: `/api/v1/schedules/${id}`,
        payload: { name: id, timeZone: 'Europe/Berlin', requireCoverage: false, layers: [{ ...office, activeWhen }], ...extra },
      });
      expect(res.statusCode).toBe(201);
    }
    const gappy = parseFeed((await fetchFeed((await createFeed(server, { schedule: 'gappy' })).url)).body).events;
    expect(gappy.every((e) => e.summary === 'On call: Carol Chen — gappy')).toBe(true);
    // The feed starts 30 days before the held clock (2026-06-01 12:00 UTC): Sat 2026-05-02; gappy[1] is Tuesday's.
    expect(gappy[1]!.description).toBe(
      'Schedule: gappy\nLayer: Office hours\nGap after this shift: nobody is on call from 2026-05-05 17:00 until 2026-05-06 09:00 (Europe/Berlin).',
    );
    const covered = parseFeed((await fetchFeed((await createFeed(server, { schedule: 'covered' })).url)).body).events;
    const fallback = covered.find((e) => e.summary.startsWith('On call: Dana Director'))!;
    expect(fallback.description).toBe(
      'Schedule: covered\nFallback: no layer covers this time, so the schedule’s fallback person is on call.\nEmail: director@example.com',
    );
  });
});

describe('a person feed', () => {
  it('spans every schedule the person is on, each event in its schedule’s zone', async () => {
    const feed = await createFeed(server, { person: 'alice' });
    const t0 = server.now();
    const res = await fetchFeed(feed.url);
    expectWellFramed(res.body);
    expect(res.body).toContain('X-WR-CALNAME:On call: Alice Adams\r\n');
    expect(res.body).toContain('X-WR-TIMEZONE:America/New_York\r\n'); // Alice's own zone
    const { events, tzids, vtimezones } = parseFeed(res.body);
    expect([...tzids].sort()).toEqual(['America/New_York', 'Europe/Berlin']);
    for (const zone of tzids) expect(vtimezones).toContain(zone);
    expect(events.every((e) => e.summary.startsWith('On call: Alice Adams — '))).toBe(true);
    const bySchedule = (name: string) => events.filter((e) => e.summary.endsWith(`— ${name}`));
    await expectEventsMatchShifts(server, bySchedule('Communications coordinator'), 'comms', 'alice', t0);
    await expectEventsMatchShifts(server, bySchedule('NY duty'), 'ny', 'alice', t0);
    expect(events.map((e) => e.start)).toEqual([...events.map((e) => e.start)].sort((a, b) => a - b));
  });
});

describe('conditional requests', () => {
  it('answer 304 to If-None-Match and If-Modified-Since, and 200 once the shifts change', async () => {
    const feed = await createFeed(server, { schedule: 'ny' });
    const first = await fetchFeed(feed.url);
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);

    const byTag = await fetchFeed(feed.url, { 'if-none-match': etag });
    expect(byTag.statusCode).toBe(304);
    expect(byTag.body).toBe('');
    expect(byTag.headers.etag).toBe(etag);
    expect((await fetchFeed(feed.url, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    expect((await fetchFeed(feed.url, { 'if-modified-since': lastModified })).statusCode).toBe(304);
    expect((await fetchFeed(feed.url, { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).statusCode).toBe(200);
    const head = await server.call({ method: 'HEAD', url: pathOf(feed.url), token: null });
    expect(head.statusCode).toBe(200);
    expect(head.headers.etag).toBe(etag);
    expect(head.body).toBe('');
    // If-None-Match wins over If-Modified-Since.
    expect((await fetchFeed(feed.url, { 'if-none-match': '"other"', 'if-modified-since': lastModified })).statusCode).toBe(200);

    const start = server.now() + 5 * DAY;
    const created = await server.call({
      method: 'POST',
      url: '/api/v1/schedules/ny/overrides',
      payload: { person: 'carol', start: new Date(start).toISOString(), end: new Date(start + 7_200_000).toISOString() },
    });
    expect(created.statusCode).toBe(201);
    const changed = await fetchFeed(feed.url, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    await server.call({ method: 'DELETE', url: `/api/v1/schedules/ny/overrides/${created.json().id}` });
    // Back to the same events: the same validator again.
    expect((await fetchFeed(feed.url)).headers.etag).toBe(etag);
  });
});

describe('who may manage feeds', () => {
  let viewer: string;

  beforeAll(async () => {
    // Linked to person "alice" by email, case-insensitively.
    const res = await server.call({
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'Alice@Example.com', name: 'Alice', role: 'viewer', password: 'alice password 1' },
    });
    expect(res.statusCode).toBe(201);
    viewer = await login(server.app, 'alice@example.com', 'alice password 1');
  });

  it('lets a viewer create, list and revoke feeds for their own person only', async () => {
    const own = await createFeed(server, { person: 'alice' }, viewer);
    problem(await server.call({ method: 'POST', url: '/api/v1/feeds', payload: { person: 'bob' }, token: viewer }), 403);
    problem(await server.call({ method: 'POST', url: '/api/v1/feeds', payload: { schedule: 'comms' }, token: viewer }), 403);

    const adminsBobFeed = await createFeed(server, { person: 'bob' });
    const adminsAliceFeed = await createFeed(server, { person: 'alice' });
    const listed = (await server.call({ method: 'GET', url: '/api/v1/feeds', token: viewer })).json().items.map((f: { id: string }) => f.id);
    expect(listed).toContain(own.id);
    expect(listed).toContain(adminsAliceFeed.id); // a feed of their person, made for them by an admin
    expect(listed).not.toContain(adminsBobFeed.id);

    problem(await server.call({ method: 'DELETE', url: `/api/v1/feeds/${adminsBobFeed.id}`, token: viewer }), 403);
    expect((await fetchFeed(adminsBobFeed.url)).statusCode).toBe(200);
    expect((await server.call({ method: 'DELETE', url: `/api/v1/feeds/${own.id}`, token: viewer })).statusCode).toBe(204);
    problem(await fetchFeed(own.url), 404);
  });

  it('refuses read-only API tokens, which belong to no person', async () => {
    const token = (await server.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'pager', scope: 'read' } })).json().token;
    problem(await server.call({ method: 'POST', url: '/api/v1/feeds', payload: { person: 'alice' }, token }), 403);
    problem(await server.call({ method: 'GET', url: '/api/v1/feeds', token }), 403);
  });

  it('requires credentials to manage feeds, but none to read one', async () => {
    problem(await server.call({ method: 'POST', url: '/api/v1/feeds', payload: { person: 'alice' }, token: null }), 401);
    problem(await server.call({ method: 'GET', url: '/api/v1/feeds', token: null }), 401);
  });
});

describe('secrecy of the URL', () => {
  it('never writes the token to the log, and uses ROTA_PUBLIC_URL for the origin', async () => {
    const { lines, logger } = logCapture('trace');
    const logged = await startServer({ logger, publicUrl: 'https://rota.example.com/' });
    try {
      await seedWorld(logged);
      const feed = await createFeed(logged, { schedule: 'comms' });
      expect(feed.url).toMatch(/^https:\/\/rota\.example\.com\/feeds\/feed_[A-Za-z0-9_-]{43}\.ics$/);
      expect(feed.webcalUrl).toBe(feed.url.replace(/^https:/, 'webcal:'));
      const token = pathOf(feed.url).slice('/feeds/'.length, -'.ics'.length);
      const res = await logged.call({ method: 'GET', url: pathOf(feed.url), token: null });
      expect(res.statusCode).toBe(200);
      await logged.call({ method: 'GET', url: `${pathOf(feed.url)}x`, token: null });
      const log = lines.join('');
      expect(log).toContain('/feeds/[redacted]');
      expect(log).not.toContain(token);
    } finally {
      await logged.close();
    }
  });
});
