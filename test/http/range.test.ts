/**
 * Rota's range of time (README "Windows"): instants in the years 1900–2199 (UTC), local
 * date-times in the years 1900–2199. Outside it, a 400 naming the field; at its edges, answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem, startServer, type TestServer } from '../helpers.js';
import { ok, putPeople } from './fixtures.js';

let server: TestServer;
const S = '/api/v1/schedules/daily';
const get = (url: string) => server.call({ method: 'GET', url });

beforeAll(async () => {
  server = await startServer();
  await putPeople(server, 'ann', 'ben', 'cat');
  // Handoff k at 2026-01-01 + k days, 00:00 UTC.
  await ok(server, 'PUT', S, {
    name: 'Daily',
    timeZone: 'UTC',
    layers: [{ id: 'l', participants: ['ann', 'ben', 'cat'], rotation: { rrule: 'FREQ=DAILY;BYHOUR=0;BYMINUTE=0', start: '2026-01-01T00:00' } }],
  });
});
afterAll(() => server.close());

describe('the range of instants', () => {
  it('year 9999 is a 400 at /query/at (it used to be a 500: its shift ended in year 10000)', async () => {
    const body = problem(await get(`${S}/oncall?at=9999-12-31T00:00:00Z`), 400);
    expect(body.errors).toEqual([{ path: '/query/at', message: 'must lie in the years 1900–2199 (UTC), got 9999-12-31T00:00:00Z' }]);
    expect(problem(await get(`${S}/oncall?at=1899-12-31T23:59:59Z`), 400).errors?.map((e) => e.path)).toEqual(['/query/at']);
  });

  it('the last hour of 2199 answers, with the handoff counted from 2026', async () => {
    // 2026-01-01 → 2199-12-31 is 63,551 days: handoff 63,551 (mod 3 = 2, cat) holds that day.
    const res = await get(`${S}/oncall?at=2199-12-31T23:00:00Z`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ at: '2199-12-31T23:00:00.000Z', start: '2199-12-31T00:00:00.000Z', end: '2200-01-01T00:00:00.000Z' });
    expect(res.json().person.id).toBe('cat');
  });

  it('a window may end at the range’s end, not after it', async () => {
    expect((await get(`${S}/shifts?from=2199-12-30T00:00:00Z&to=2199-12-31T23:59:59Z`)).statusCode).toBe(200);
    expect(problem(await get(`${S}/shifts?from=2199-12-30T00:00:00Z&to=2200-01-01T00:00:00Z`), 400).errors?.map((e) => e.path)).toEqual(['/query/to']);
  });

  it('local date-times of a schedule lie in 1900–2199', async () => {
    const doc = (start: string) => ({ name: 'Far', timeZone: 'UTC', requireCoverage: false, layers: [{ id: 'l', participants: ['ann'], rotation: { every: 'P1W', start } }] });
    const body = problem(await server.call({ method: 'PUT', url: '/api/v1/schedules/far', payload: doc('2200-01-01T00:00') }), 400);
    expect(body.errors).toEqual([{ path: '/layers/0/rotation/start', message: 'must lie in the years 1900–2199' }]);
    expect((await server.call({ method: 'PUT', url: '/api/v1/schedules/far', payload: doc('2199-12-31T23:59') })).statusCode).toBe(201);
  });
});
