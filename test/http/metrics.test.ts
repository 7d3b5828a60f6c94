/**
 * GET /metrics (spec §12): Prometheus text read with a small parser of our own (not prom-client),
 * figures derived by hand from schedules with known handoffs and gaps, the clock held and moved.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movableClock, TEST_NOW } from '../clock.js';
import { problem, startServer, type TestServer } from '../helpers.js';
import { ok, putPeople, setUpBerlin } from './fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of Prometheus text format 0.0.4 (comments skipped, label values unescaped). */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = raw!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return samples;
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<{ text: string; samples: Sample[] }> {
  const res = await server.call({ method: 'GET', url: '/metrics', token: null, headers });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe(PROMETHEUS_TEXT);
  return { text: res.body, samples: parsePrometheus(res.body) };
}

/** The samples named `name` whose labels include `labels`. */
function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** Who `rota_oncall` says holds `schedule`: [person, source] of each series with value 1. */
function holders(samples: Sample[], schedule: string): [string, string][] {
  return find(samples, 'rota_oncall', { schedule }).map((s) => {
    expect(s.value).toBe(1);
    return [s.labels.person!, s.labels.source!];
  });
}

function nextGapSeconds(samples: Sample[], schedule: string): number | undefined {
  const found = find(samples, 'rota_schedule_next_gap_seconds', { schedule });
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

/**
 * Weekdays only, in UTC: alice and bob hand off daily at 09:00 (alice on 2026-06-01, bob on
 * 06-02 …), active MO 09:00 → FR 17:00, no fallback — so a gap every FR 17:00 → MO 09:00.
 */
const desk = {
  name: 'Front desk',
  timeZone: 'UTC',
  requireCoverage: false,
  layers: [
    {
      id: 'weekdays',
      participants: ['alice', 'bob'],
      rotation: { every: 'P1D', start: '2026-05-04T09:00' },
      activeWhen: { weekly: [{ from: 'MO 09:00', to: 'FR 17:00' }] },
    },
  ],
};

// TEST_NOW is Monday 2026-06-01 12:00 UTC.
const MONDAY_NOON = TEST_NOW;

describe('GET /metrics', () => {
  const clock = movableClock(MONDAY_NOON);
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ now: clock.now });
    await setUpBerlin(server);
    await ok(server, 'PUT', '/api/v1/schedules/desk', desk);
    // Covered by the director until a second version, from Friday 2026-07-10 17:00, drops the fallback.
    await ok(server, 'PUT', '/api/v1/schedules/later', { ...desk, name: 'Later', fallback: 'director', requireCoverage: true });
    await ok(server, 'PUT', '/api/v1/schedules/later', { ...desk, name: 'Later', effectiveFrom: '2026-07-10T17:00:00Z' });
  });
  afterAll(async () => server?.close());

  it('names the current holder of each schedule with 1, and moves it when the clock passes a handoff', async () => {
    clock.set(MONDAY_NOON);
    let { samples } = await scrape(server);
    expect(holders(samples, 'desk')).toEqual([['alice', 'layer']]);
    // The Berlin rotations start in 2027: the director covers comms as its fallback until then.
    expect(holders(samples, 'comms')).toEqual([['director', 'fallback']]);

    clock.set('2026-06-02T08:59:59.999Z');
    ({ samples } = await scrape(server));
    expect(holders(samples, 'desk')).toEqual([['alice', 'layer']]);
    clock.set('2026-06-02T09:00:00Z');
    ({ samples } = await scrape(server));
    expect(holders(samples, 'desk')).toEqual([['bob', 'layer']]);

    // An override is the holder while it runs.
    await ok(server, 'POST', '/api/v1/schedules/desk/overrides', { person: 'carol', start: '2026-06-02T10:00:00Z', end: '2026-06-02T11:00:00Z' });
    clock.set('2026-06-02T10:30:00Z');
    ({ samples } = await scrape(server));
    expect(holders(samples, 'desk')).toEqual([['carol', 'override']]);
  });

  it('has no holder series for a schedule in a gap', async () => {
    clock.set('2026-06-05T18:00:00Z'); // Friday, after 17:00
    const { samples } = await scrape(server);
    expect(holders(samples, 'desk')).toEqual([]);
    expect(holders(samples, 'comms')).toEqual([['director', 'fallback']]);
  });

  it('counts the seconds to the next gap within 14 days, 0 in a gap, none when there is none', async () => {
    clock.set(MONDAY_NOON);
    let { samples } = await scrape(server);
    // Monday 12:00 → Friday 17:00: 4 days 5 hours.
    expect(nextGapSeconds(samples, 'desk')).toBe(4 * 86_400 + 5 * 3_600);
    // A fallback covers every hour of comms; later's gap is 39 days away.
    expect(nextGapSeconds(samples, 'comms')).toBeUndefined();
    expect(nextGapSeconds(samples, 'later')).toBeUndefined();

    clock.set('2026-06-05T18:00:00Z');
    ({ samples } = await scrape(server));
    expect(nextGapSeconds(samples, 'desk')).toBe(0);

    // Monday 10:00 of the next week → Friday 17:00: 4 days 7 hours.
    clock.set('2026-06-08T10:00:00Z');
    ({ samples } = await scrape(server));
    expect(nextGapSeconds(samples, 'desk')).toBe(4 * 86_400 + 7 * 3_600);
  });

  it('recomputes a schedule whose timeline changed', async () => {
    clock.set(MONDAY_NOON);
    expect(nextGapSeconds((await scrape(server)).samples, 'desk')).toBe(4 * 86_400 + 5 * 3_600);
    // Someone takes the first day of the weekend: the gap now opens Saturday 17:00.
    const { id } = await ok(server, 'POST', '/api/v1/schedules/desk/overrides', { person: 'carol', start: '2026-06-05T17:00:00Z', end: '2026-06-06T17:00:00Z' });
    expect(nextGapSeconds((await scrape(server)).samples, 'desk')).toBe(5 * 86_400 + 5 * 3_600);
    await ok(server, 'DELETE', `/api/v1/schedules/desk/overrides/${id}`);
    expect(nextGapSeconds((await scrape(server)).samples, 'desk')).toBe(4 * 86_400 + 5 * 3_600);
  });

  it('finds a gap that comes within 14 days as time passes, beyond what an earlier scrape computed', async () => {
    clock.set(MONDAY_NOON);
    expect(nextGapSeconds((await scrape(server)).samples, 'later')).toBeUndefined();
    clock.set(MONDAY_NOON + 14 * DAY); // 2026-06-15: the gap on 07-10 is 25 days away
    expect(nextGapSeconds((await scrape(server)).samples, 'later')).toBeUndefined();
    clock.set(MONDAY_NOON + 28 * DAY); // Monday 2026-06-29 12:00 → Friday 07-10 17:00: 11 days 5 hours
    expect(nextGapSeconds((await scrape(server)).samples, 'later')).toBe(11 * 86_400 + 5 * 3_600);
    // Back before any scrape's window: still right.
    clock.set(MONDAY_NOON);
    expect(nextGapSeconds((await scrape(server)).samples, 'later')).toBeUndefined();
  });

  it('reports notification deliveries by status, the build and the process', async () => {
    clock.set(MONDAY_NOON);
    const { samples } = await scrape(server);
    const statuses = find(samples, 'rota_notification_deliveries').map((s) => [s.labels.status, s.value]);
    expect(statuses.map(([status]) => status).sort()).toEqual(['delivered', 'failed', 'missed', 'pending']);
    for (const [, value] of statuses) expect(value).toBe(0);
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(find(samples, 'rota_build_info')).toEqual([{ name: 'rota_build_info', labels: { version }, value: 1 }]);
    expect(find(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(find(samples, 'nodejs_heap_size_used_bytes')).toHaveLength(1);
  });

  it('times HTTP requests by route pattern, never by URL: a feed token stays out', async () => {
    clock.set(MONDAY_NOON);
    const feed = await ok(server, 'POST', '/api/v1/feeds', { person: 'alice' });
    const path = new URL(feed.url as string).pathname;
    const token = path.split('/').pop()!.replace(/\.ics$/, '');
    expect((await server.call({ method: 'GET', url: path, token: null })).statusCode).toBe(200);
    expect((await server.call({ method: 'GET', url: '/api/v1/schedules/desk/oncall' })).statusCode).toBe(200);
    expect((await server.call({ method: 'GET', url: `/no-such-route/${token}`, token: null })).statusCode).toBe(404);

    const { text, samples } = await scrape(server);
    expect(text).not.toContain(token);
    const count = (labels: Record<string, string>) => find(samples, 'rota_http_request_duration_seconds_count', labels)[0]?.value;
    expect(count({ method: 'GET', route: '/feeds/:token', status_code: '200' })).toBe(1);
    expect(count({ method: 'GET', route: '/api/v1/schedules/:id/oncall', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(count({ method: 'GET', route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    // Every route label is a pattern of this app (or "unmatched"), never a URL with an id in it.
    const routes = new Set(find(samples, 'rota_http_request_duration_seconds_count').map((s) => s.labels.route));
    expect(routes.has('/api/v1/schedules/desk/oncall')).toBe(false);
    // A histogram: cumulative buckets up to +Inf, which equals the count.
    const buckets = find(samples, 'rota_http_request_duration_seconds_bucket', { route: '/feeds/:token', status_code: '200' });
    expect(buckets.at(-1)).toMatchObject({ labels: { le: '+Inf' }, value: 1 });
    expect(buckets.map((b) => b.value)).toEqual([...buckets.map((b) => b.value)].sort((a, b) => a - b));
  });

  it('is open without ROTA_METRICS_TOKEN, and documented in the OpenAPI document as text/plain', async () => {
    expect((await server.call({ method: 'GET', url: '/metrics', token: null })).statusCode).toBe(200);
    const doc = (await server.call({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/metrics'].get.responses['200'].content).toHaveProperty('text/plain');
    expect(doc.paths['/metrics'].get.responses).toHaveProperty('401');
  });
});

describe('GET /metrics with ROTA_METRICS_TOKEN', () => {
  const TOKEN = 'metrics-secret-7f3a9c';
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ metricsToken: TOKEN });
    await putPeople(server, 'alice');
  });
  afterAll(async () => server?.close());

  it('answers 401 problem+json without the token, with another one, or with an API credential', async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}x` }, { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }]) {
      const res = await server.call({ method: 'GET', url: '/metrics', token: null, headers });
      expect(problem(res, 401).detail).toMatch(/ROTA_METRICS_TOKEN/);
      expect(res.body).not.toContain(TOKEN);
    }
    // The admin's own session is not the metrics token.
    problem(await server.call({ method: 'GET', url: '/metrics' }), 401);
  });

  it('answers 200 with the token, and reports only its own app', async () => {
    const { samples } = await scrape(server, { authorization: `Bearer ${TOKEN}` });
    // Another app in this process (the suite above) has schedules; this one has none.
    expect(find(samples, 'rota_oncall')).toEqual([]);
    expect(find(samples, 'rota_build_info')).toHaveLength(1);
  });
});
