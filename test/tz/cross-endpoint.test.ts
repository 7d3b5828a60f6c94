/**
 * Cross-endpoint consistency over HTTP (spec §4–§9): random schedule documents in several zones
 * are PUT through the API, overrides POSTed, and every endpoint that talks about the same final
 * timeline — shifts, oncall (per schedule and global, with who comes next), a person's shifts,
 * preview, coverage, escalation resolve and the iCal feed (read with ical.js) — must tell the same story. Then hand-derived cases in zones
 * the http suite does not cover (Sydney, São Paulo, Kolkata, a US holiday calendar).
 *
 * Runs in the default project and again under TZ=Pacific/Auckland (the `tz` project): nothing
 * here depends on the process zone.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeed, parseFeed, pathOf } from '../feeds/helpers.js';
import { startServer, type TestServer } from '../helpers.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const BASE = Date.parse('2027-01-01T00:00:00Z');
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'America/Sao_Paulo', 'Asia/Kolkata', 'UTC'] as const;
const PEOPLE = ['a', 'b', 'c', 'd'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** 2027 DST transitions of the zones above (UTC instants). */
const DST_2027 = [
  '2027-03-14T07:00:00Z', // New York spring forward
  '2027-03-28T01:00:00Z', // Berlin spring forward
  '2027-04-03T16:00:00Z', // Sydney fall back (Apr 4 03:00 AEDT → 02:00 AEST)
  '2027-10-02T16:00:00Z', // Sydney spring forward (Oct 3 02:00 AEST → 03:00 AEDT)
  '2027-10-31T01:00:00Z', // Berlin fall back
  '2027-11-07T06:00:00Z', // New York fall back
].map(Date.parse);

interface ApiPerson {
  id: string;
}
interface ApiShift {
  start: string;
  end: string;
  person: ApiPerson | null;
  source: 'override' | 'layer' | 'fallback' | 'gap';
  layer: string | null;
  override: string | null;
}
interface ApiOnCall {
  schedule: string;
  scheduleName: string;
  at: string;
  person: ApiPerson | null;
  source: string;
  layer: string | null;
  override: string | null;
  start: string | null;
  end: string | null;
  next: { person: ApiPerson | null; source: string; start: string } | null;
}

let server: TestServer;
const iso = (t: number) => new Date(t).toISOString();
const ms = (s: string) => Date.parse(s);

async function req(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: unknown) {
  const res = await server.call({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
  return res.statusCode === 204 ? null : res.json();
}
const shifts = async (id: string, from: number, to: number): Promise<ApiShift[]> =>
  (await req('GET', `/api/v1/schedules/${id}/shifts?from=${iso(from)}&to=${iso(to)}`)).shifts;
const onCall = async (id: string, t: number): Promise<ApiOnCall> =>
  req('GET', `/api/v1/schedules/${id}/oncall?at=${encodeURIComponent(iso(t))}`);

const holder = (s: ApiShift | ApiOnCall) => [s.person?.id ?? null, s.source, s.layer, s.override];
const sameHolder = (a: ApiShift, b: ApiShift) => JSON.stringify(holder(a)) === JSON.stringify(holder(b));

/** Concatenates two timelines, merging equal neighbours at the seam (what `shifts` does). */
function joined(a: ApiShift[], b: ApiShift[]): ApiShift[] {
  const out = a.map((s) => ({ ...s }));
  for (const s of b) {
    const last = out[out.length - 1];
    if (last && last.end === s.start && sameHolder(last, s)) last.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

function expectTiling(list: ApiShift[], from: number, to: number) {
  expect(list.length).toBeGreaterThan(0);
  expect(list[0]!.start).toBe(iso(from));
  expect(list.at(-1)!.end).toBe(iso(to));
  list.forEach((s, i) => {
    expect(ms(s.end)).toBeGreaterThan(ms(s.start));
    expect(s.person === null).toBe(s.source === 'gap');
    expect(s.layer !== null).toBe(s.source === 'layer');
    expect(s.override !== null).toBe(s.source === 'override');
    const next = list[i + 1];
    if (next) {
      expect(next.start).toBe(s.end);
      expect(sameHolder(s, next), `neighbours ${i}/${i + 1} should differ`).toBe(false);
    }
  });
}

/** UTC instants in [from, to) where the zone's offset changes. */
function transitions(zone: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let h = Math.ceil(from / HOUR) * HOUR; h < to; h += HOUR) {
    if (DateTime.fromMillis(h, { zone }).offset !== DateTime.fromMillis(h - 1, { zone }).offset) out.push(h);
  }
  return out;
}

// ---------- arbitraries ----------

const pad = (n: number) => String(n).padStart(2, '0');
const clock = fc.tuple(fc.constantFrom(0, 1, 2, 3, 8, 9, 17, 18, 22, 23), fc.constantFrom(0, 30)).map(([h, m]) => `${pad(h)}:${pad(m)}`);
const toClock = fc.oneof(clock, fc.constant('24:00'));
const localDate = (d: number) => new Date(BASE + d * DAY).toISOString().slice(0, 10);
const localDateTime = fc.tuple(fc.integer({ min: -60, max: 300 }), clock).map(([d, c]) => `${localDate(d)}T${c}`);

const rotation = fc.oneof(
  fc.record({ every: fc.constantFrom('PT8H', 'P1D', 'P1W', 'P2W', 'P1M'), start: localDateTime }),
  fc.record({
    rrule: fc.constantFrom(
      'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0',
      'FREQ=WEEKLY;BYDAY=FR;BYHOUR=17;BYMINUTE=30',
      'FREQ=DAILY;BYHOUR=9;BYMINUTE=0',
      'FREQ=DAILY;BYHOUR=2;BYMINUTE=30',
    ),
    start: localDateTime,
  }),
  fc.record({ per: fc.constant('window' as const), start: localDateTime }),
);

const weeklySpan = fc.oneof(
  fc
    .record({
      from: fc.tuple(fc.constantFrom(...DAYS), clock).map(([d, c]) => `${d} ${c}`),
      to: fc.tuple(fc.constantFrom(...DAYS), toClock).map(([d, c]) => `${d} ${c}`),
    })
    .filter((s) => s.from !== s.to),
  fc.constant({ from: 'FR 17:00', to: 'MO 09:00' }),
  fc.record({ days: fc.uniqueArray(fc.constantFrom(...DAYS), { minLength: 1, maxLength: 5 }), from: clock, to: toClock }),
);

const holidaySpan = fc.record(
  { calendar: fc.constantFrom('de-be', 'us'), from: clock, to: toClock },
  { requiredKeys: ['calendar'] },
);

const dateSpan = fc.tuple(localDateTime, fc.integer({ min: 1, max: 96 })).map(([start, hours]) => ({
  start,
  end: new Date(Date.parse(`${start}:00Z`) + hours * HOUR).toISOString().slice(0, 16),
}));

const activeWhen = fc
  .record({
    weekly: fc.array(weeklySpan, { maxLength: 2 }),
    holidays: fc.array(holidaySpan, { maxLength: 1 }),
    dates: fc.array(dateSpan, { maxLength: 1 }),
  })
  .map((aw) => Object.fromEntries(Object.entries(aw).filter(([, v]) => v.length > 0)));

const layer = (i: number) =>
  fc
    .record({
      participants: fc.array(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 3 }),
      rotation,
      activeWhen: fc.option(activeWhen, { nil: undefined, freq: 3 }),
    })
    .map(({ activeWhen: aw, ...l }) => ({
      id: `l${i}`,
      name: `Layer ${i}`,
      ...l,
      ...(aw && Object.keys(aw).length > 0 ? { activeWhen: aw } : {}),
    }));

const scheduleDoc = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    fallback: fc.option(fc.constant('fb'), { nil: undefined }),
    layers: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => layer(i)))),
  })
  .map(({ fallback, ...s }) => ({
    name: 'Random',
    requireCoverage: false,
    ...(fallback ? { fallback } : {}),
    ...s,
    layers: [...s.layers],
  }));

/** A window: anywhere in 2027, or just before a DST transition; sometimes at odd milliseconds. */
const windowArb = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: -30 * 96, max: 330 * 96 }).map((q) => BASE + q * 15 * MINUTE),
      fc.tuple(fc.constantFrom(...DST_2027), fc.integer({ min: 0, max: 4 * 96 })).map(([t, q]) => t - q * 15 * MINUTE),
    ),
    fc.integer({ min: 4, max: 14 * 96 }),
    fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 999 })),
  )
  .map(([from, q, odd]) => ({ from: from + odd, to: from + q * 15 * MINUTE }));

/** Overrides relative to the window: start offset fraction, length in quarter hours. */
const overridesArb = fc.array(
  fc.record({ f: fc.double({ min: -0.1, max: 1, noNaN: true }), q: fc.integer({ min: 1, max: 4 * 72 }), person: fc.constantFrom(...PEOPLE) }),
  { maxLength: 3 },
);

let counter = 0;

beforeAll(async () => {
  server = await startServer();
  for (const id of [...PEOPLE, 'fb']) await req('PUT', `/api/v1/people/${id}`, { name: `Person ${id}` });
  await req('PUT', '/api/v1/holiday-calendars/de-be', { name: 'Berlin', region: 'DE-BE' });
  await req('PUT', '/api/v1/holiday-calendars/us', { name: 'United States', region: 'US' });
});
afterAll(() => server.close());

describe(`random schedules cross-checked between endpoints (TZ=${process.env.TZ ?? 'unset'})`, () => {
  it(
    'shifts, oncall, global oncall, preview, split windows, coverage and escalation agree',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          scheduleDoc,
          windowArb,
          overridesArb,
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
          async (doc, { from, to }, overrides, fracs) => {
            const id = `p${++counter}`;
            await req('PUT', `/api/v1/schedules/${id}`, doc);

            // (4) preview of the same document equals the stored schedule (no overrides yet).
            const before = await shifts(id, from, to);
            const preview = await req('POST', '/api/v1/schedules/preview', { schedule: doc, from: iso(from), to: iso(to) });
            expect(preview.shifts).toEqual(before);

            for (const o of overrides) {
              const start = Math.floor((from + o.f * (to - from)) / MINUTE) * MINUTE;
              await req('POST', `/api/v1/schedules/${id}/overrides`, { person: o.person, start: iso(start), end: iso(start + o.q * 15 * MINUTE) });
            }
            if (overrides.length === 0) expect(await shifts(id, from, to)).toEqual(before);

            // (1) tiling.
            const list = await shifts(id, from, to);
            expectTiling(list, from, to);

            // (5) [a,c) = [a,b) + [b,c).
            const mid = from + Math.max(1, Math.floor((to - from) * fracs[0]!));
            if (mid < to) expect(joined(await shifts(id, from, mid), await shifts(id, mid, to))).toEqual(list);

            // (6) coverage.
            const cov = await req('GET', `/api/v1/schedules/${id}/coverage?from=${iso(from)}&to=${iso(to)}`);
            const span = (s: { start: string; end: string }) => ({ start: s.start, end: s.end });
            expect(cov.gaps).toEqual(list.filter((s) => s.source === 'gap').map(span));
            expect(cov.fallback).toEqual(list.filter((s) => s.source === 'fallback').map(span));
            const windowHours = (to - from) / HOUR;
            const gapHours = list.filter((s) => s.source === 'gap').reduce((n, s) => n + (ms(s.end) - ms(s.start)) / HOUR, 0);
            const loadHours = cov.load.reduce((n: number, l: { hours: number }) => n + l.hours, 0);
            expect(Math.abs(loadHours + gapHours - windowHours)).toBeLessThan(0.01);
            expect(cov.coveredFraction).toBeCloseTo(1 - gapHours / windowHours, 6);
            const byPerson = new Map<string, number>();
            for (const s of list) if (s.person) byPerson.set(s.person.id, (byPerson.get(s.person.id) ?? 0) + (ms(s.end) - ms(s.start)) / HOUR);
            expect(new Set(cov.load.map((l: { person: string }) => l.person))).toEqual(new Set(byPerson.keys()));
            for (const l of cov.load as { person: string; hours: number }[]) expect(Math.abs(l.hours - byPerson.get(l.person)!)).toBeLessThan(0.001);

            // (7) each person's shifts, restricted to this schedule, are its shifts held by that person.
            for (const p of [...PEOPLE, 'fb']) {
              const mine = (await req('GET', `/api/v1/people/${p}/shifts?from=${iso(from)}&to=${iso(to)}`)).shifts as (Omit<ApiShift, 'person'> & { schedule: string })[];
              const here = mine.filter((x) => x.schedule === id).map(({ start, end, source, layer, override }) => ({ start, end, source, layer, override }));
              const held = list.filter((x) => x.person?.id === p).map(({ start, end, source, layer, override }) => ({ start, end, source, layer, override }));
              expect(here, `shifts of ${p}`).toEqual(held);
              expect(mine.map((x) => ms(x.start))).toEqual(mine.map((x) => ms(x.start)).sort((x, y) => x - y));
            }

            // (2, 3, 8) instants: window edges, shift boundaries ±1 ms, DST transitions ±1 ms, random.
            await req('PUT', `/api/v1/escalation-chains/c-${id}`, { name: id, levels: [{ targets: [{ schedule: id }], escalateAfterMinutes: 5 }] });
            const instants = new Set<number>([from, to - 1]);
            const step = Math.max(1, Math.floor(list.length / 6));
            for (let i = 1; i < list.length; i += step) for (const d of [-1, 0, 1]) instants.add(ms(list[i]!.start) + d);
            for (const t of transitions(doc.timeZone, from, to)) for (const d of [-1, 0, 1]) instants.add(t + d);
            for (const f of fracs) instants.add(Math.min(to - 1, from + Math.floor((to - from) * f)));
            let n = 0;
            for (const t of [...instants].filter((x) => x >= from && x < to)) {
              const s = list.find((x) => ms(x.start) <= t && t < ms(x.end))!;
              const oc = await onCall(id, t);
              expect(oc.schedule).toBe(id);
              expect(oc.at).toBe(iso(t));
              expect(holder(oc), `oncall at ${iso(t)}`).toEqual(holder(s));
              if (ms(s.start) > from) expect(oc.start, `oncall start at ${iso(t)}`).toBe(s.start);
              else expect(oc.start === null || ms(oc.start) <= ms(s.start)).toBe(true);
              if (ms(s.end) < to) expect(oc.end, `oncall end at ${iso(t)}`).toBe(s.end);
              else expect(oc.end === null || ms(oc.end) >= ms(s.end)).toBe(true);
              expect(oc.scheduleName).toBe(doc.name);
              // (9) next: the shift that starts at this one's end, as shifts (or oncall beyond the window) shows it.
              if (oc.end === null) expect(oc.next).toBeNull();
              else {
                expect(oc.next?.start).toBe(oc.end);
                const after = ms(oc.end) < to ? list[list.indexOf(s) + 1]! : await onCall(id, ms(oc.end));
                expect([oc.next!.person?.id ?? null, oc.next!.source], `next at ${iso(t)}`).toEqual([after.person?.id ?? null, after.source]);
              }
              if (n++ % 3 === 0) {
                const all = await req('GET', `/api/v1/oncall?at=${encodeURIComponent(iso(t))}`);
                expect(all.at).toBe(iso(t));
                expect(all.oncall.find((o: ApiOnCall) => o.schedule === id)).toEqual(oc);
                expect((await req('GET', `/api/v1/oncall?at=${encodeURIComponent(iso(t))}&schedule=${id}`)).oncall).toEqual([oc]);
                const chain = await req('GET', `/api/v1/escalation-chains/c-${id}/resolve?at=${encodeURIComponent(iso(t))}`);
                expect(chain.levels[0].targets[0]).toMatchObject({ schedule: id, scheduleName: oc.scheduleName, source: oc.source, start: oc.start, end: oc.end });
                expect(chain.levels[0].targets[0].person?.id ?? null).toBe(oc.person?.id ?? null);
              }
            }
          },
        ),
        { numRuns: 60, seed: 20271125 },
      );
    },
    60_000,
  );

  it(
    'a schedule feed read by ical.js has one event per person-shift of the feed window, unique UIDs',
    async () => {
      await fc.assert(
        fc.asyncProperty(scheduleDoc, overridesArb, async (doc, overrides) => {
          const id = `f${++counter}`;
          await req('PUT', `/api/v1/schedules/${id}`, doc);
          for (const o of overrides) {
            const start = BASE + Math.floor((o.f * 300 * DAY) / MINUTE) * MINUTE;
            await req('POST', `/api/v1/schedules/${id}/overrides`, { person: o.person, start: iso(start), end: iso(start + o.q * 15 * MINUTE) });
          }
          const feed = await createFeed(server, { schedule: id });
          // The feed's window is measured from the app's clock (held: t0 = t1).
          const t0 = server.now();
          const res = await server.call({ method: 'GET', url: pathOf(feed.url), token: null });
          const t1 = server.now();
          expect(res.statusCode).toBe(200);
          expect(String(res.headers['content-type'])).toMatch(/^text\/calendar/);
          const { events } = parseFeed(res.body);
          events.sort((x, y) => x.start - y.start);
          expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
          const held = (await shifts(id, t0 - 30 * DAY, t1 + 365 * DAY))
            .filter((s) => s.person !== null)
            .map((s) => ({ start: ms(s.start), end: ms(s.end) }));
          const show = (s: { start: number; end: number }) => `${iso(s.start)} – ${iso(s.end)}`;
          expect(events.length).toBe(held.length);
          if (held.length === 0) return;
          expect(events.slice(1, -1).map(show)).toEqual(held.slice(1, -1).map(show));
          // Edge events keep their real bounds; a shift that never ends (or never began) is cut at a
          // local New Year outside the feed's window, which lies outside ours too.
          const SEC = 1000;
          expect(events[0]!.start).toBeLessThanOrEqual(Math.max(held[0]!.start, Math.ceil((t1 - 30 * DAY) / SEC) * SEC));
          expect(events.at(-1)!.end).toBeGreaterThanOrEqual(Math.min(held.at(-1)!.end, Math.floor((t0 + 365 * DAY) / SEC) * SEC));
          if (held.length > 1) {
            expect(events[0]!.end).toBe(held[0]!.end);
            expect(events.at(-1)!.start).toBe(held.at(-1)!.start);
          }
        }),
        { numRuns: 15, seed: 20271126 },
      );
    },
    60_000,
  );
});

// ---------- hand-derived cases ----------

const summary = (list: ApiShift[]) => list.map((s) => [s.start, s.end, s.person?.id ?? null, s.source]);

describe('hand-derived instants in zones the http suite does not cover', () => {
  it('Australia/Sydney daily 09:00 handoff: 25 h across the 2027-04-04 DST end, 23 h across the 2027-10-03 start', async () => {
    await req('PUT', '/api/v1/schedules/sydney', {
      name: 'Sydney daily',
      timeZone: 'Australia/Sydney',
      requireCoverage: false,
      layers: [{ id: 'daily', participants: ['a', 'b', 'c'], rotation: { every: 'P1D', start: '2027-04-01T09:00' } }],
    });
    // k=0 Apr 1 (a), k=1 Apr 2 (b), k=2 Apr 3 (c), k=3 Apr 4 (a), k=4 Apr 5 (b).
    // Apr 2 09:00 AEDT(+11) = Apr 1 22:00Z; Apr 3 09:00 AEDT = Apr 2 22:00Z;
    // DST ends Apr 4 03:00 AEDT → 02:00 AEST(+10): Apr 4 09:00 AEST = Apr 3 23:00Z (a 25 h shift);
    // Apr 5 09:00 AEST = Apr 4 23:00Z.
    expect(summary(await shifts('sydney', ms('2027-04-02T00:00:00Z'), ms('2027-04-05T00:00:00Z')))).toEqual([
      ['2027-04-02T00:00:00.000Z', '2027-04-02T22:00:00.000Z', 'b', 'layer'],
      ['2027-04-02T22:00:00.000Z', '2027-04-03T23:00:00.000Z', 'c', 'layer'],
      ['2027-04-03T23:00:00.000Z', '2027-04-04T23:00:00.000Z', 'a', 'layer'],
      ['2027-04-04T23:00:00.000Z', '2027-04-05T00:00:00.000Z', 'b', 'layer'],
    ]);
    // Inside the repeated hour (02:30 AEDT = 15:30Z, 02:30 AEST = 16:30Z): still c's 25 h shift.
    for (const t of ['2027-04-03T15:30:00Z', '2027-04-03T16:30:00Z']) {
      expect(await onCall('sydney', ms(t))).toMatchObject({
        person: { id: 'c' },
        source: 'layer',
        layer: 'daily',
        start: '2027-04-02T22:00:00.000Z',
        end: '2027-04-03T23:00:00.000Z',
      });
    }
    // Apr 1 → Oct 2 is 184 days: k=184, 184 mod 3 = 1 → b. Oct 2 09:00 AEST(+10) = Oct 1 23:00Z;
    // DST starts Oct 3 02:00 AEST → 03:00 AEDT(+11): Oct 3 09:00 AEDT = Oct 2 22:00Z (23 h); k=185 → c.
    expect(summary(await shifts('sydney', ms('2027-10-01T23:00:00Z'), ms('2027-10-03T22:00:00Z')))).toEqual([
      ['2027-10-01T23:00:00.000Z', '2027-10-02T22:00:00.000Z', 'b', 'layer'],
      ['2027-10-02T22:00:00.000Z', '2027-10-03T22:00:00.000Z', 'c', 'layer'],
    ]);
    expect(await onCall('sydney', ms('2027-10-02T16:00:00Z'))).toMatchObject({
      person: { id: 'b' },
      start: '2027-10-01T23:00:00.000Z',
      end: '2027-10-02T22:00:00.000Z',
    });
  });

  it('Australia/Sydney rrule DAILY 02:30: the repeated 02:30 is the earlier (AEDT) one, the missing 02:30 moves to 03:30 AEDT', async () => {
    await req('PUT', '/api/v1/schedules/sydney-night', {
      name: 'Sydney night',
      timeZone: 'Australia/Sydney',
      requireCoverage: false,
      layers: [{ id: 'night', participants: ['a', 'b'], rotation: { rrule: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30', start: '2027-04-01T02:30' } }],
    });
    // k=0 Apr 1 (a), Apr 2 (b), Apr 3 (a): Apr 3 02:30 AEDT = Apr 2 15:30Z. Apr 4 02:30 occurs twice:
    // the earlier, AEDT = Apr 3 15:30Z (b). Apr 5 02:30 AEST = Apr 4 16:30Z (a): b holds 25 h.
    expect(summary(await shifts('sydney-night', ms('2027-04-02T15:30:00Z'), ms('2027-04-05T16:30:00Z')))).toEqual([
      ['2027-04-02T15:30:00.000Z', '2027-04-03T15:30:00.000Z', 'a', 'layer'],
      ['2027-04-03T15:30:00.000Z', '2027-04-04T16:30:00.000Z', 'b', 'layer'],
      ['2027-04-04T16:30:00.000Z', '2027-04-05T16:30:00.000Z', 'a', 'layer'],
    ]);
    // Oct 2 is occurrence 184 (a): 02:30 AEST = Oct 1 16:30Z. Oct 3 02:30 does not exist: 03:30 AEDT
    // = Oct 2 16:30Z (b, k=185). Oct 4 02:30 AEDT = Oct 3 15:30Z: b holds 23 h.
    expect(summary(await shifts('sydney-night', ms('2027-10-01T16:30:00Z'), ms('2027-10-03T15:30:00Z')))).toEqual([
      ['2027-10-01T16:30:00.000Z', '2027-10-02T16:30:00.000Z', 'a', 'layer'],
      ['2027-10-02T16:30:00.000Z', '2027-10-03T15:30:00.000Z', 'b', 'layer'],
    ]);
  });

  it('oncall bounds are null where the shift reaches more than 3 years away (fallback before the first rotation)', async () => {
    await req('PUT', '/api/v1/schedules/utc-late', {
      name: 'Late start',
      timeZone: 'UTC',
      fallback: 'fb',
      layers: [{ id: 'weekly', participants: ['a', 'b'], rotation: { every: 'P1W', start: '2027-01-04T09:00' } }],
    });
    // The fallback has held since forever: no start; it ends when the rotation starts.
    expect(await onCall('utc-late', ms('2026-12-01T00:00:00Z'))).toMatchObject({
      person: { id: 'fb' },
      source: 'fallback',
      layer: null,
      override: null,
      start: null,
      end: '2027-01-04T09:00:00.000Z',
    });
    expect(summary(await shifts('utc-late', ms('2027-01-04T00:00:00Z'), ms('2027-01-12T00:00:00Z')))).toEqual([
      ['2027-01-04T00:00:00.000Z', '2027-01-04T09:00:00.000Z', 'fb', 'fallback'],
      ['2027-01-04T09:00:00.000Z', '2027-01-11T09:00:00.000Z', 'a', 'layer'],
      ['2027-01-11T09:00:00.000Z', '2027-01-12T00:00:00.000Z', 'b', 'layer'],
    ]);
  });

  it('America/Sao_Paulo weekly Monday 09:00: UTC−3 all year (no DST since 2019)', async () => {
    await req('PUT', '/api/v1/schedules/sampa', {
      name: 'São Paulo weekly',
      timeZone: 'America/Sao_Paulo',
      requireCoverage: false,
      layers: [{ id: 'weekly', participants: ['a', 'b', 'c'], rotation: { every: 'P1W', start: '2027-01-04T09:00' } }],
    });
    // Mon Feb 15 (once the DST end, 3rd Sunday of Feb was the 14th) is 42 days = 6 weeks in: k=6 → a.
    // 09:00 −03 = 12:00Z both sides.
    expect(summary(await shifts('sampa', ms('2027-02-15T00:00:00Z'), ms('2027-02-23T00:00:00Z')))).toEqual([
      ['2027-02-15T00:00:00.000Z', '2027-02-15T12:00:00.000Z', 'c', 'layer'],
      ['2027-02-15T12:00:00.000Z', '2027-02-22T12:00:00.000Z', 'a', 'layer'],
      ['2027-02-22T12:00:00.000Z', '2027-02-23T00:00:00.000Z', 'b', 'layer'],
    ]);
    // Mon Nov 1 (old DST start was the first Sunday of November) is 301 days = 43 weeks in: k=43 → b.
    expect(await onCall('sampa', ms('2027-11-07T12:00:00Z'))).toMatchObject({
      person: { id: 'b' },
      start: '2027-11-01T12:00:00.000Z',
      end: '2027-11-08T12:00:00.000Z',
    });
  });

  it('Asia/Kolkata weekend span FR 18:00 → MO 08:00 (UTC+05:30), one shift per window, gaps between', async () => {
    await req('PUT', '/api/v1/schedules/kolkata', {
      name: 'Kolkata weekend',
      timeZone: 'Asia/Kolkata',
      requireCoverage: false,
      layers: [
        {
          id: 'weekend',
          participants: ['a', 'b'],
          rotation: { per: 'window', start: '2027-01-01T00:00' },
          activeWhen: { weekly: [{ from: 'FR 18:00', to: 'MO 08:00' }] },
        },
      ],
    });
    // 2027-01-01 is a Friday: window k=0 is Fri Jan 1 18:00 → Mon Jan 4 08:00 (a). Fri Mar 5 is
    // 63 days = 9 weeks later: k=9 → b. Fri 18:00 IST = 12:30Z; Mon 08:00 IST = 02:30Z.
    // The window opens Mon Mar 1 00:00Z = 05:30 IST, still inside Feb 26's weekend (k=8 → a).
    const from = ms('2027-03-01T00:00:00Z');
    const to = ms('2027-03-08T12:00:00Z');
    expect(summary(await shifts('kolkata', from, to))).toEqual([
      ['2027-03-01T00:00:00.000Z', '2027-03-01T02:30:00.000Z', 'a', 'layer'],
      ['2027-03-01T02:30:00.000Z', '2027-03-05T12:30:00.000Z', null, 'gap'],
      ['2027-03-05T12:30:00.000Z', '2027-03-08T02:30:00.000Z', 'b', 'layer'],
      ['2027-03-08T02:30:00.000Z', '2027-03-08T12:00:00.000Z', null, 'gap'],
    ]);
    expect(await onCall('kolkata', ms('2027-03-05T12:29:59.999Z'))).toMatchObject({
      person: null,
      source: 'gap',
      layer: null,
      end: '2027-03-05T12:30:00.000Z',
    });
    expect(await onCall('kolkata', ms('2027-03-05T12:30:00Z'))).toMatchObject({ person: { id: 'b' }, start: '2027-03-05T12:30:00.000Z', end: '2027-03-08T02:30:00.000Z' });
    expect(await onCall('kolkata', ms('2027-03-12T12:30:00Z'))).toMatchObject({ person: { id: 'a' } });
    // 180 h window, 2.5 h + 62 h covered; the Saturday and Sunday (local) are 48 of b's hours.
    const cov = await req('GET', `/api/v1/schedules/kolkata/coverage?from=${iso(from)}&to=${iso(to)}`);
    expect(cov.coveredFraction).toBeCloseTo(64.5 / 180, 9);
    expect(cov.load).toEqual([
      expect.objectContaining({ person: 'a', hours: 2.5, shifts: 1, weekendHours: 0 }),
      expect.objectContaining({ person: 'b', hours: 62, shifts: 1, weekendHours: 48 }),
    ]);
  });

  it('a US holiday layer in America/New_York takes Thanksgiving 2027 (Thu Nov 25), EST (UTC−5)', async () => {
    const dates = await req('GET', '/api/v1/holiday-calendars/us/dates?year=2027');
    expect(dates.dates).toContainEqual(expect.objectContaining({ date: '2027-11-25', name: expect.stringMatching(/Thanksgiving/), source: 'region' }));
    await req('PUT', '/api/v1/schedules/us-holidays', {
      name: 'US coordinator',
      timeZone: 'America/New_York',
      requireCoverage: false,
      layers: [
        { id: 'weekly', participants: ['a'], rotation: { every: 'P1W', start: '2027-01-04T09:00' } },
        { id: 'holidays', participants: ['d'], rotation: { per: 'window', start: '2027-01-01T00:00' }, activeWhen: { holidays: [{ calendar: 'us' }] } },
      ],
    });
    // Nov 25 00:00 EST = 05:00Z → Nov 26 00:00 EST = Nov 26 05:00Z (DST ended Nov 7).
    expect(summary(await shifts('us-holidays', ms('2027-11-24T00:00:00Z'), ms('2027-11-27T00:00:00Z')))).toEqual([
      ['2027-11-24T00:00:00.000Z', '2027-11-25T05:00:00.000Z', 'a', 'layer'],
      ['2027-11-25T05:00:00.000Z', '2027-11-26T05:00:00.000Z', 'd', 'layer'],
      ['2027-11-26T05:00:00.000Z', '2027-11-27T00:00:00.000Z', 'a', 'layer'],
    ]);
    expect(await onCall('us-holidays', ms('2027-11-25T04:59:59.999Z'))).toMatchObject({ person: { id: 'a' }, layer: 'weekly' });
    expect(await onCall('us-holidays', ms('2027-11-25T05:00:00Z'))).toMatchObject({
      person: { id: 'd' },
      layer: 'holidays',
      start: '2027-11-25T05:00:00.000Z',
      end: '2027-11-26T05:00:00.000Z',
    });
    const cov = await req('GET', '/api/v1/schedules/us-holidays/coverage?from=2027-11-24T00:00:00Z&to=2027-11-27T00:00:00Z');
    expect(cov.load).toContainEqual(expect.objectContaining({ person: 'd', hours: 24, holidays: 1 }));
  });
});
