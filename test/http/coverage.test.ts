/** Coverage (spec §6): figures over a window, and the guarantee that refuses gap-making changes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW } from '../clock.js';
import { problem, startServer, type TestServer } from '../helpers.js';
import { berlinComms, ok, putPeople, setUpBerlin } from './fixtures.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  await setUpBerlin(server);
});
afterAll(() => server.close());

const businessHours = {
  name: 'Business hours',
  timeZone: 'Europe/Berlin',
  layers: [
    {
      id: 'office',
      participants: ['alice'],
      rotation: { per: 'window', start: '2027-01-04T00:00' },
      activeWhen: { weekly: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], from: '09:00', to: '17:00' }] },
    },
  ],
};

describe('coverage of a business-hours-only schedule', () => {
  it('is refused while requireCoverage holds, storing nothing', async () => {
    const res = await server.call({ method: 'PUT', url: '/api/v1/schedules/office', payload: businessHours });
    const body = problem(res, 409) as { gaps?: { start: string; end: string }[] };
    // From now (the held clock, 2026-06-01 12:00 UTC) until Mon 2027-01-04 09:00 CET nobody is on call.
    expect(new Date(TEST_NOW).toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(body.gaps?.slice(0, 2)).toEqual([
      { start: '2026-06-01T12:00:00.000Z', end: '2027-01-04T08:00:00.000Z' },
      { start: '2027-01-04T16:00:00.000Z', end: '2027-01-05T08:00:00.000Z' },
    ]);
    expect(problem(await server.call({ method: 'GET', url: '/api/v1/schedules/office' }), 404)).toBeTruthy();
  });

  it('reports the gaps, fraction and load of a week', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/office', { ...businessHours, requireCoverage: false });
    // Mon 2027-01-11 00:00 CET (= 2027-01-10T23:00Z) for 7 days: five 09:00–17:00 CET windows.
    const cov = await ok(server, 'GET', '/api/v1/schedules/office/coverage?from=2027-01-10T23:00:00Z&to=2027-01-17T23:00:00Z');
    expect(cov.coveredFraction).toBeCloseTo(40 / 168, 10);
    expect(cov.gaps).toHaveLength(6);
    expect(cov.gaps[0]).toEqual({ start: '2027-01-10T23:00:00.000Z', end: '2027-01-11T08:00:00.000Z' });
    expect(cov.gaps[5]).toEqual({ start: '2027-01-15T16:00:00.000Z', end: '2027-01-17T23:00:00.000Z' });
    expect(cov.fallback).toEqual([]);
    expect(cov.load).toEqual([{ person: 'alice', hours: 40, shifts: 5, nightHours: 0, weekendHours: 0, holidays: 0 }]);
  });

  it('load adds up to the window with a fallback, and counts holidays', async () => {
    // Easter week in Berlin, Mon 2027-03-22 00:00 CET to Mon 2027-03-29 00:00 CEST (167 h: DST).
    const cov = await ok(server, 'GET', '/api/v1/schedules/comms/coverage?from=2027-03-21T23:00:00Z&to=2027-03-28T22:00:00Z');
    expect(cov.gaps).toEqual([]);
    const total = cov.load.reduce((sum: number, l: { hours: number }) => sum + l.hours, 0);
    expect(total).toBeCloseTo(167, 6);
    const dave = cov.load.find((l: { person: string }) => l.person === 'dave');
    // Good Friday 00:00 CET → Mon 00:00 CEST = 71 h, on one holiday date (Mar 26) in the window.
    expect(dave).toMatchObject({ hours: 71, shifts: 1, holidays: 1, weekendHours: 47 });
  });
});

describe('the coverage guarantee and references', () => {
  it('refuses to delete a person still referenced, naming the references', async () => {
    const res = await server.call({ method: 'DELETE', url: '/api/v1/people/dave' });
    const body = problem(res, 409) as { references?: unknown[] };
    expect(body.references).toEqual([{ resource: 'schedule', id: 'comms' }]);
    expect((await ok(server, 'GET', '/api/v1/people/dave')).id).toBe('dave');
  });

  it('names overrides and chains among the references', async () => {
    await putPeople(server, 'frank');
    const ovr = await ok(server, 'POST', '/api/v1/schedules/comms/overrides', {
      person: 'frank',
      start: '2027-02-01T00:00:00Z',
      end: '2027-02-02T00:00:00Z',
    });
    await ok(server, 'PUT', '/api/v1/escalation-chains/frank-chain', { name: 'Frank', levels: [{ targets: [{ person: 'frank' }], escalateAfterMinutes: 5 }] });
    const body = problem(await server.call({ method: 'DELETE', url: '/api/v1/people/frank' }), 409) as { references?: unknown[] };
    expect(body.references).toEqual([
      { resource: 'override', id: ovr.id, schedule: 'comms' },
      { resource: 'escalation-chain', id: 'frank-chain' },
    ]);
  });

  it('refuses to delete a calendar in use, and a schedule a chain targets', async () => {
    const cal = problem(await server.call({ method: 'DELETE', url: '/api/v1/holiday-calendars/de-be' }), 409) as { references?: unknown[] };
    expect(cal.references).toEqual([{ resource: 'schedule', id: 'comms' }]);
    await ok(server, 'PUT', '/api/v1/escalation-chains/comms-chain', { name: 'Comms', levels: [{ targets: [{ schedule: 'comms' }], escalateAfterMinutes: 5 }] });
    const sched = problem(await server.call({ method: 'DELETE', url: '/api/v1/schedules/comms' }), 409) as { references?: unknown[] };
    expect(sched.references).toEqual([{ resource: 'escalation-chain', id: 'comms-chain' }]);
  });

  it('refuses a schedule edit that opens a gap', async () => {
    // Without the director as fallback, nobody is on call from now until the rotations start:
    // the weekend layer's first window, Fri 2027-01-01 00:00 CET (holiday and weekend).
    const { fallback: _, ...noFallback } = berlinComms;
    const res = await server.call({ method: 'PUT', url: '/api/v1/schedules/comms', payload: noFallback });
    expect((problem(res, 409) as { gaps?: unknown[] }).gaps).toEqual([{ start: '2026-06-01T12:00:00.000Z', end: '2026-12-31T23:00:00.000Z' }]);
    expect((await ok(server, 'GET', '/api/v1/schedules/comms/versions')).items).toHaveLength(1);
  });

  describe('with a day covered only by a calendar or an override', () => {
    // Layer "base" covers everything but the UTC day D (30 days from now); D is covered by a
    // holiday layer (calendar "company" includes D) or, in the second schedule, an override.
    const d = '2026-07-01';
    const next = '2026-07-02';
    const base = {
      id: 'base',
      participants: ['alice'],
      rotation: { every: 'P1D', start: '2026-01-01T00:00' },
      activeWhen: { dates: [{ start: '2026-01-01T00:00', end: `${d}T00:00` }, { start: `${next}T00:00`, end: '2035-01-01T00:00' }] },
    };
    const dayGap = { start: `${d}T00:00:00.000Z`, end: `${next}T00:00:00.000Z` };

    it('refuses a calendar edit that removes the covered day', async () => {
      await ok(server, 'PUT', '/api/v1/holiday-calendars/company', { name: 'Company days', include: [{ date: d, name: 'Offsite' }] });
      await ok(server, 'PUT', '/api/v1/schedules/company-cover', {
        name: 'Company cover',
        timeZone: 'UTC',
        layers: [base, { id: 'days-off', participants: ['bob'], rotation: { per: 'window', start: '2026-01-01T00:00' }, activeWhen: { holidays: [{ calendar: 'company' }] } }],
      });
      const res = await server.call({ method: 'PUT', url: '/api/v1/holiday-calendars/company', payload: { name: 'Company days' } });
      expect((problem(res, 409) as { gaps?: unknown[] }).gaps).toEqual([dayGap]);
      expect((await ok(server, 'GET', '/api/v1/holiday-calendars/company')).include).toEqual([{ date: d, name: 'Offsite' }]);
    });

    it('refuses to delete an override that fills a gap', async () => {
      await ok(server, 'PUT', '/api/v1/schedules/patched', { name: 'Patched', timeZone: 'UTC', requireCoverage: false, layers: [base] });
      const ovr = await ok(server, 'POST', '/api/v1/schedules/patched/overrides', { person: 'bob', start: dayGap.start, end: dayGap.end });
      await ok(server, 'PUT', '/api/v1/schedules/patched', { name: 'Patched', timeZone: 'UTC', layers: [base] });
      const res = await server.call({ method: 'DELETE', url: `/api/v1/schedules/patched/overrides/${ovr.id}` });
      expect((problem(res, 409) as { gaps?: unknown[] }).gaps).toEqual([dayGap]);
      expect((await ok(server, 'GET', '/api/v1/schedules/patched/overrides')).items).toHaveLength(1);
    });
  });
});
