/**
 * Richer on-call answers (spec §7): `scheduleName` (the version in force at `at`), `next` (who
 * holds the shift starting at this one's end), the `?schedule=` filter of `/oncall`, and one
 * person's shifts across schedules. Every expected instant below is derived by hand in the
 * comments; the app's clock is held at TEST_NOW (2026-06-01T12:00Z).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem, startServer, type TestServer } from '../helpers.js';
import { ok, putPeople } from './fixtures.js';

let server: TestServer;

const weekly = (participants: string[], start: string) => [{ id: 'l', participants, rotation: { every: 'P1W', start } }];

/** Everything the cases below read, the same on any server. */
async function setUp(s: TestServer) {
  await putPeople(s, 'alice', 'bob', 'solo', 'idle');
  // "rot": weekly alice/bob from Mon 2027-01-04 09:00 UTC; renamed from 2027-02-01 00:00 on (same layers).
  const rot = { name: 'Ops v1', timeZone: 'UTC', requireCoverage: false, layers: weekly(['alice', 'bob'], '2027-01-04T09:00') };
  await ok(s, 'PUT', '/api/v1/schedules/rot', rot);
  await ok(s, 'PUT', '/api/v1/schedules/rot', { ...rot, name: 'Ops v2', effectiveFrom: '2027-02-01T00:00:00Z' });
  // "solo": one person from 2026-01-05 09:00 on: a shift that never ends.
  await ok(s, 'PUT', '/api/v1/schedules/solo', { name: 'Solo', timeZone: 'UTC', requireCoverage: false, layers: weekly(['solo'], '2026-01-05T09:00') });
  // "gappy": alice on 4–6 and 8–10 January 2027 (UTC), nobody in between or after.
  await ok(s, 'PUT', '/api/v1/schedules/gappy', {
    name: 'Gappy',
    timeZone: 'UTC',
    requireCoverage: false,
    layers: [
      {
        id: 'l',
        participants: ['alice'],
        rotation: { every: 'P1D', start: '2027-01-04T00:00' },
        activeWhen: {
          dates: [
            { start: '2027-01-04T00:00', end: '2027-01-06T00:00' },
            { start: '2027-01-08T00:00', end: '2027-01-10T00:00' },
          ],
        },
      },
    ],
  });
  // "long": solo from 2026-01-01 until 2029-12-01 (3.5 years after TEST_NOW), then bob as fallback.
  await ok(s, 'PUT', '/api/v1/schedules/long', {
    name: 'Long',
    timeZone: 'UTC',
    fallback: 'bob',
    layers: [
      {
        id: 'l',
        participants: ['solo'],
        rotation: { every: 'P1W', start: '2026-01-01T00:00' },
        activeWhen: { dates: [{ start: '2026-01-01T00:00', end: '2029-12-01T00:00' }] },
      },
    ],
  });
}

beforeAll(async () => {
  server = await startServer();
  await setUp(server);
});
afterAll(() => server.close());

const onCall = (s: TestServer, id: string, at?: string) => ok(s, 'GET', `/api/v1/schedules/${id}/oncall${at === undefined ? '' : `?at=${at}`}`);
/** The parts of an answer the cases derive: person id, source, bounds, next (person id). */
function brief(a: { person: { id: string } | null; source: string; start: string | null; end: string | null; next: { person: { id: string } | null; source: string; start: string } | null }) {
  return {
    person: a.person?.id ?? null,
    source: a.source,
    start: a.start,
    end: a.end,
    next: a.next === null ? null : { person: a.next.person?.id ?? null, source: a.next.source, start: a.next.start },
  };
}

describe('scheduleName and next', () => {
  it('names the version in force at the instant, also inside one shift that spans the change', async () => {
    // alice Jan 4–11, bob 11–18, alice 18–25, bob Jan 25 09:00 – Feb 1 09:00: that shift spans
    // the rename at Feb 1 00:00 (same holder, so one shift), and its name follows `at`.
    const before = await onCall(server, 'rot', '2027-01-31T23:59:59.999Z');
    const after = await onCall(server, 'rot', '2027-02-01T00:00:00Z');
    expect(before.scheduleName).toBe('Ops v1');
    expect(after.scheduleName).toBe('Ops v2');
    for (const a of [before, after]) {
      expect(brief(a)).toEqual({
        person: 'bob',
        source: 'layer',
        start: '2027-01-25T09:00:00.000Z',
        end: '2027-02-01T09:00:00.000Z',
        next: { person: 'alice', source: 'layer', start: '2027-02-01T09:00:00.000Z' },
      });
    }
    expect((await onCall(server, 'rot', '2027-01-20T12:00:00Z')).scheduleName).toBe('Ops v1');
    expect((await onCall(server, 'rot', '2027-03-01T12:00:00Z')).scheduleName).toBe('Ops v2');
  });

  it('at a handoff: the last millisecond points at the new holder, the handoff instant at the one after', async () => {
    expect(brief(await onCall(server, 'rot', '2027-01-25T08:59:59.999Z'))).toEqual({
      person: 'alice',
      source: 'layer',
      start: '2027-01-18T09:00:00.000Z',
      end: '2027-01-25T09:00:00.000Z',
      next: { person: 'bob', source: 'layer', start: '2027-01-25T09:00:00.000Z' },
    });
    expect(brief(await onCall(server, 'rot', '2027-01-25T09:00:00Z')).next).toEqual({ person: 'alice', source: 'layer', start: '2027-02-01T09:00:00.000Z' });
  });

  it('is null for a one-person schedule that never hands off', async () => {
    expect(brief(await onCall(server, 'solo', '2027-01-20T12:00:00Z'))).toEqual({
      person: 'solo',
      source: 'layer',
      start: '2026-01-05T09:00:00.000Z',
      end: null,
      next: null,
    });
  });

  it('across a gap: a shift is followed by the gap, the gap by the next holder, the last gap by nothing', async () => {
    expect(brief(await onCall(server, 'gappy', '2027-01-05T12:00:00Z'))).toEqual({
      person: 'alice',
      source: 'layer',
      start: '2027-01-04T00:00:00.000Z',
      end: '2027-01-06T00:00:00.000Z',
      next: { person: null, source: 'gap', start: '2027-01-06T00:00:00.000Z' },
    });
    expect(brief(await onCall(server, 'gappy', '2027-01-07T00:00:00Z'))).toEqual({
      person: null,
      source: 'gap',
      start: '2027-01-06T00:00:00.000Z',
      end: '2027-01-08T00:00:00.000Z',
      next: { person: 'alice', source: 'layer', start: '2027-01-08T00:00:00.000Z' },
    });
    expect(brief(await onCall(server, 'gappy', '2027-01-11T00:00:00Z'))).toEqual({
      person: null,
      source: 'gap',
      start: '2027-01-10T00:00:00.000Z',
      end: null,
      next: null,
    });
  });

  it('cached and uncached answers agree: the same instant twice, another instant of the same shift', async () => {
    // A second server with the same data has nothing cached: its first answer for an instant is computed.
    const fresh = await startServer();
    try {
      await setUp(fresh);
      for (const id of ['rot', 'solo', 'gappy', 'long']) {
        const uncached = await onCall(fresh, id, '2027-06-01T12:00:00Z');
        // The present (TEST_NOW, no `at`) is computed once and cached, bounds searched 6 years away.
        const present = await onCall(server, id);
        expect(await onCall(server, id)).toEqual(present);
        expect(await onCall(fresh, id, '2026-06-01T12:00:00Z')).toEqual(present);
        // A year later, still inside the shift of the present for "solo" and "long": answered from that cache.
        expect(await onCall(server, id, '2027-06-01T12:00:00Z'), id).toEqual(uncached);
      }
      // "long" ends 2029-12-01, more than 3 years after TEST_NOW: no end, so no next, now…
      expect(brief(await onCall(server, 'long'))).toEqual({ person: 'solo', source: 'layer', start: '2026-01-01T00:00:00.000Z', end: null, next: null });
      // …but a year later the end lies within 3 years, and the cached answer knows who follows.
      expect(brief(await onCall(server, 'long', '2027-06-01T12:00:00Z'))).toEqual({
        person: 'solo',
        source: 'layer',
        start: '2026-01-01T00:00:00.000Z',
        end: '2029-12-01T00:00:00.000Z',
        next: { person: 'bob', source: 'fallback', start: '2029-12-01T00:00:00.000Z' },
      });
    } finally {
      await fresh.close();
    }
  });
});

describe('GET /oncall?schedule=', () => {
  const everyone = (query: string) => ok(server, 'GET', `/api/v1/oncall?at=2027-01-05T12:00:00Z${query}`);
  const ids = (body: { oncall: { schedule: string }[] }) => body.oncall.map((o) => o.schedule);

  it('answers every schedule by id without a filter, each item as the per-schedule answer', async () => {
    const body = await everyone('');
    expect(ids(body)).toEqual(['gappy', 'long', 'rot', 'solo']);
    for (const item of body.oncall) expect(item).toEqual(await onCall(server, item.schedule, '2027-01-05T12:00:00Z'));
  });

  it('takes repeated and comma-separated ids, in id order, each once', async () => {
    expect(ids(await everyone('&schedule=solo&schedule=rot'))).toEqual(['rot', 'solo']);
    expect(ids(await everyone('&schedule=solo,rot,solo'))).toEqual(['rot', 'solo']);
    expect(ids(await everyone('&schedule=solo,rot&schedule=gappy&schedule=rot'))).toEqual(['gappy', 'rot', 'solo']);
    expect(ids(await everyone('&schedule=long'))).toEqual(['long']);
  });

  it('answers 404 naming an unknown id, 400 for an empty one or more than 1,000', async () => {
    const unknown = problem(await server.call({ method: 'GET', url: '/api/v1/oncall?schedule=rot,nope&schedule=zilch' }), 404);
    expect(unknown.detail).toContain('"nope"');
    expect(unknown.detail).toContain('"zilch"');
    expect(unknown.errors).toEqual([
      { path: '/query/schedule', message: 'unknown schedule "nope"' },
      { path: '/query/schedule', message: 'unknown schedule "zilch"' },
    ]);
    const empty = problem(await server.call({ method: 'GET', url: '/api/v1/oncall?schedule=rot,' }), 400);
    expect(empty.errors?.[0]?.path).toBe('/query/schedule');
    const many = Array.from({ length: 1001 }, (_, i) => `s${i}`).join(',');
    const tooMany = problem(await server.call({ method: 'GET', url: `/api/v1/oncall?schedule=${many}` }), 400);
    expect(tooMany.errors?.[0]?.path).toBe('/query/schedule');
  });
});

describe('GET /people/{id}/shifts', () => {
  beforeAll(async () => {
    // Two people of their own, named by these two schedules only.
    await putPeople(server, 'eve', 'finn');
    // Berlin: eve/finn weekly from Mon 2027-10-25 09:00 CEST (07:00Z). Berlin falls back on
    // Oct 31, so eve's week ends Mon Nov 1 09:00 CET = 08:00Z (169 h); finn to Nov 8 08:00Z, eve after.
    await ok(server, 'PUT', '/api/v1/schedules/berlin', {
      name: 'Berlin desk',
      timeZone: 'Europe/Berlin',
      requireCoverage: false,
      layers: weekly(['eve', 'finn'], '2027-10-25T09:00'),
    });
    // New York: finn/eve daily from Fri 2027-11-05 18:00 EDT (22:00Z). New York falls back on
    // Nov 7, so eve's Sat 18:00 EDT (Nov 6 22:00Z) shift ends Sun 18:00 EST (Nov 7 23:00Z, 25 h);
    // finn to Nov 8 23:00Z, eve from then on. Before Nov 5 nobody, but an override gives eve Nov 3 12–14Z.
    await ok(server, 'PUT', '/api/v1/schedules/newyork', {
      name: 'New York desk',
      timeZone: 'America/New_York',
      requireCoverage: false,
      layers: [{ id: 'daily', participants: ['finn', 'eve'], rotation: { every: 'P1D', start: '2027-11-05T18:00' } }],
    });
    await ok(server, 'POST', '/api/v1/schedules/newyork/overrides', { person: 'eve', start: '2027-11-03T12:00:00Z', end: '2027-11-03T14:00:00Z' });
  });

  const shiftsOf = (person: string, from: string, to: string) => server.call({ method: 'GET', url: `/api/v1/people/${person}/shifts?from=${from}&to=${to}` });

  it("lists a person's shifts in every schedule naming them, clipped, by start then schedule, across both DST changes", async () => {
    const res = await shiftsOf('eve', '2027-10-30T00:00:00Z', '2027-11-09T12:00:00Z');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ person: 'eve', from: '2027-10-30T00:00:00.000Z', to: '2027-11-09T12:00:00.000Z' });
    const overrideId = body.shifts[1].override;
    expect(overrideId).toMatch(/^ovr-/);
    const berlin = { schedule: 'berlin', scheduleName: 'Berlin desk', source: 'layer', layer: 'l', override: null, swap: null };
    const newyork = { schedule: 'newyork', scheduleName: 'New York desk', source: 'layer', layer: 'daily', override: null, swap: null };
    expect(body.shifts).toEqual([
      { ...berlin, start: '2027-10-30T00:00:00.000Z', end: '2027-11-01T08:00:00.000Z' },
      { ...newyork, source: 'override', layer: null, override: overrideId, start: '2027-11-03T12:00:00.000Z', end: '2027-11-03T14:00:00.000Z' },
      { ...newyork, start: '2027-11-06T22:00:00.000Z', end: '2027-11-07T23:00:00.000Z' },
      { ...berlin, start: '2027-11-08T08:00:00.000Z', end: '2027-11-09T12:00:00.000Z' },
      { ...newyork, start: '2027-11-08T23:00:00.000Z', end: '2027-11-09T12:00:00.000Z' },
    ]);
  });

  it('orders equal starts by schedule id', async () => {
    // solo holds "long" (from 2026-01-01) and "solo" (from 2026-01-05) right through the window: both clipped to it.
    const body = (await shiftsOf('solo', '2027-01-01T00:00:00Z', '2027-01-02T00:00:00Z')).json();
    expect(body.shifts.map((s: { schedule: string; start: string; end: string }) => [s.schedule, s.start, s.end])).toEqual([
      ['long', '2027-01-01T00:00:00.000Z', '2027-01-02T00:00:00.000Z'],
      ['solo', '2027-01-01T00:00:00.000Z', '2027-01-02T00:00:00.000Z'],
    ]);
  });

  it('is empty for a person no schedule names; 404 for an unknown person; 400 for a window over 3 years', async () => {
    expect((await shiftsOf('idle', '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z')).json().shifts).toEqual([]);
    expect(problem(await shiftsOf('nobody', '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z'), 404).detail).toContain('"nobody"');
    expect(problem(await shiftsOf('alice', '2027-01-01T00:00:00Z', '2030-01-01T00:00:01Z'), 400).errors).toEqual([
      { path: '/query/to', message: 'the window may span at most 3 years' },
    ]);
    expect(problem(await shiftsOf('alice', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z'), 400).errors?.[0]?.path).toBe('/query/to');
    expect((await shiftsOf('alice', '2027-01-01T00:00:00Z', '2030-01-01T00:00:00Z')).statusCode).toBe(200);
  });
});
