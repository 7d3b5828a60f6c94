/**
 * What an attacker could slip into or out of feeds: control characters into the calendar, the
 * token into the log through odd spellings of the path, a forged Host into the feed URL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderFeed } from '../../src/feeds/render.js';
import { problem, logCapture, startServer, type TestServer } from '../helpers.js';
import { createFeed, expectWellFramed, parseFeed, pathOf } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** C0 (but tab, LF), DEL, C1 — what RFC 5545 TEXT may not hold. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

async function seed(s: TestServer, name: string) {
  for (const [url, payload] of [
    ['/api/v1/people/ctl', { name }],
    ['/api/v1/people/bob', { name: 'Bob' }],
    ['/api/v1/schedules/ops', { name: `Ops\u0000\u001b[2J`, timeZone: 'UTC', layers: [{ id: 'l', name: 'L\u0007', participants: ['ctl', 'bob'], rotation: { every: 'P1D', start: '2024-01-01T09:00' } }] }],
  ] as const) {
    const res = await s.call({ method: 'PUT', url, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
}

describe('control characters', () => {
  it('never reach a feed: names and schedule names are written without them', async () => {
    server = await startServer();
    await seed(server, 'Al\u0000ice\u0001 \u001b[31mRed\u007f\u0085\u009b\r\nSecond\rline\tTab');
    const feed = await createFeed(server, { person: 'ctl' });
    const res = await server.call({ method: 'GET', url: pathOf(feed.url), token: null });
    expect(res.statusCode).toBe(200);
    expect(res.body.replace(/\r\n/g, '')).not.toMatch(CONTROL);
    expectWellFramed(res.body);
    const { calendar, events } = parseFeed(res.body);
    // An X- property: ical.js leaves its value escaped.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('On call: Alice [31mRed\\nSecond\\nline\tTab');
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e.summary).toBe('On call: Alice [31mRed\nSecond\nline\tTab — Ops[2J');
      expect(e.description).toBe('Schedule: Ops[2J\nLayer: L');
      expect(e.summary + e.description).not.toMatch(CONTROL);
    }
  });

  it('and lone surrogates are dropped while pairs are kept', () => {
    const body = renderFeed(
      {
        name: 'Cal \ud800 \udc00 😀',
        timeZone: 'UTC',
        events: [
          { uid: 'u@rota', start: Date.UTC(2027, 0, 1), end: Date.UTC(2027, 0, 2), stamp: Date.UTC(2026, 11, 1), timeZone: 'UTC', summary: 'A\ud83d', description: 'B\ude00 😀' },
        ],
      },
    );
    expect(body).not.toMatch(/[\ud800-\udfff](?<![\ud800-\udbff][\udc00-\udfff])(?![\udc00-\udfff])/);
    expect(Buffer.from(body, 'utf8').toString('utf8')).toBe(body);
    const { calendar, events } = parseFeed(body);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Cal   😀');
    expect(events.map((e) => [e.summary, e.description])).toEqual([['A', 'B 😀']]);
  });
});

describe('the feed token in the log', () => {
  it('is redacted however the path is spelt', async () => {
    const { lines, logger } = logCapture();
    server = await startServer({ logger });
    await seed(server, 'Carol');
    const feed = await createFeed(server, { schedule: 'ops' });
    const path = pathOf(feed.url);
    const token = path.slice('/feeds/'.length, -'.ics'.length);
    const spellings = [
      path,
      `/FEEDS/${token}.ics`,
      `/Feeds/${token}.ics`,
      `/feeds//${token}.ics`,
      `//feeds/${token}.ics`,
      `/feeds%2F${token}.ics`,
      `/feeds%2f${token}.ics?x=1`,
      `/%66eeds/${token}.ics`,
      `/feeds%252F${token}.ics`,
      `/feeds/${token}.ics/`,
      `/feeds\\${token}.ics`,
    ];
    for (const url of spellings) await server.call({ method: 'GET', url, token: null });
    const log = lines.join('');
    expect(log.match(/"url":"[^"]*\[redacted\]/g)?.length).toBeGreaterThanOrEqual(spellings.length);
    expect(log).not.toContain(token);
  });
});

describe('feed URLs without ROTA_PUBLIC_URL', () => {
  const post = (s: TestServer, host: string) => s.call({ method: 'POST', url: '/api/v1/feeds', payload: { schedule: 'ops' }, headers: { host } });

  it('use a well-formed Host, and refuse any other with a 400 that creates nothing', async () => {
    server = await startServer();
    await seed(server, 'Carol');
    for (const host of ['rota.internal:8080', '10.0.0.5', '[::1]:3000', 'localhost', 'rota_app:3000']) {
      const res = await post(server, host);
      expect(res.statusCode, host).toBe(201);
      expect(res.json().url).toMatch(new RegExp(`^http://${host.replace(/[.[\]]/g, '\\$&')}/feeds/feed_[A-Za-z0-9_-]{43}\\.ics$`));
    }
    const before = (await server.call({ method: 'GET', url: '/api/v1/feeds' })).json().items.length;
    for (const host of ['evil.example/phish?', 'user@evil.example', 'evil.example:99999', 'a b', '-bad-.example', 'x'.repeat(300)]) {
      const body = problem(await post(server, host), 400);
      expect(body.errors).toEqual([{ path: '/headers/host', message: expect.stringContaining('ROTA_PUBLIC_URL') }]);
    }
    expect((await server.call({ method: 'GET', url: '/api/v1/feeds' })).json().items).toHaveLength(before);
  });

  it('are not needed when ROTA_PUBLIC_URL is set, and the response is never cached', async () => {
    server = await startServer({ publicUrl: 'https://rota.example.com' });
    await seed(server, 'Carol');
    const res = await post(server, 'evil.example/phish?');
    expect(res.statusCode).toBe(201);
    expect(res.json().url).toMatch(/^https:\/\/rota\.example\.com\/feeds\//);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
