/**
 * Expensive work runs in the compute pool with a deadline (issue 11): past the deadline the
 * request gets a 503 problem while the event loop keeps answering; caches are invalidated only
 * where a write reaches (a calendar edit touches the schedules using it, a person feed reads
 * only the schedules naming the person).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem, startServer, type TestServer } from '../helpers.js';

const weekly = (name: string, participants: string[], extra: object = {}) => ({
  name,
  timeZone: 'Europe/Berlin',
  requireCoverage: false,
  layers: [{ id: 'main', participants, rotation: { every: 'P1W', start: '2027-01-04T09:00' }, ...extra }],
});

/** A preview at the budget's edge: a 15-minute layer of two people over three years. */
const heavyPreview = {
  schedule: { name: 'Heavy', timeZone: 'UTC', requireCoverage: false, layers: [{ id: 'q', participants: ['a', 'b'], rotation: { every: 'PT15M', start: '2027-01-01T00:00' } }] },
  from: '2027-01-01T00:00:00Z',
  to: '2029-12-31T00:00:00Z',
};

describe('the compute pool', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ computeDeadlineMs: 40 });
    for (const id of ['a', 'b']) await server.call({ method: 'PUT', url: `/api/v1/people/${id}`, payload: { name: id.toUpperCase() } });
  });
  afterAll(() => server.close());

  it('stops a computation past its deadline with a 503 problem, and keeps answering meanwhile', async () => {
    const pending = server.call({ method: 'POST', url: '/api/v1/schedules/preview', payload: heavyPreview });
    const health = await server.call({ method: 'GET', url: '/healthz', token: null });
    expect(health.statusCode).toBe(200);
    const res = await pending;
    expect(problem(res, 503).detail).toMatch(/longer than 0.04 s/);
    // The pool replaces the stopped worker: once it has started, a small computation succeeds.
    let small = res;
    for (let attempt = 0; attempt < 50 && small.statusCode !== 200; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      small = await server.call({ method: 'POST', url: '/api/v1/schedules/preview', payload: { ...heavyPreview, to: '2027-01-01T06:00:00Z' } });
    }
    expect(small.statusCode).toBe(200);
    expect(small.json().shifts).toHaveLength(24);
  });
});

describe('narrow invalidation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    for (const id of ['a', 'b', 'c']) await server.call({ method: 'PUT', url: `/api/v1/people/${id}`, payload: { name: id.toUpperCase() } });
    await server.call({ method: 'PUT', url: '/api/v1/holiday-calendars/de-be', payload: { name: 'Berlin', region: 'DE-BE' } });
    const holidays = { activeWhen: { holidays: [{ calendar: 'de-be' }] } };
    for (const [id, doc] of Object.entries({ plain: weekly('Plain', ['a', 'b']), festive: weekly('Festive', ['a'], holidays), other: weekly('Other', ['c']) })) {
      expect((await server.call({ method: 'PUT', url: `/api/v1/schedules/${id}`, payload: doc })).statusCode).toBe(201);
    }
  });
  afterAll(() => server.close());

  const revision = (subject: { scheduleId: string | null; personId: string | null }) => server.app.services.schedules.revisionKey(subject);

  it('a calendar edit changes the schedules using the calendar, and only those', async () => {
    const before = { plain: await revision({ scheduleId: 'plain', personId: null }), festive: await revision({ scheduleId: 'festive', personId: null }) };
    const res = await server.call({ method: 'PUT', url: '/api/v1/holiday-calendars/de-be', payload: { name: 'Berlin', region: 'DE-BE', include: [{ date: '2027-06-01' }] } });
    expect(res.statusCode).toBe(200);
    expect(await revision({ scheduleId: 'plain', personId: null })).toBe(before.plain);
    expect(await revision({ scheduleId: 'festive', personId: null })).not.toBe(before.festive);
  });

  it('a person feed reads only the schedules naming the person: another schedule\'s write leaves it alone', async () => {
    const ofC = await revision({ scheduleId: null, personId: 'c' });
    expect(ofC).toMatch(/^other@\d+$/);
    const override = await server.call({ method: 'POST', url: '/api/v1/schedules/plain/overrides', payload: { person: 'b', start: '2027-02-01T00:00:00Z', end: '2027-02-02T00:00:00Z' } });
    expect(override.statusCode).toBe(201);
    expect(await revision({ scheduleId: null, personId: 'c' })).toBe(ofC);
    expect(await revision({ scheduleId: null, personId: 'b' })).not.toMatch(/other/);
  });
});
