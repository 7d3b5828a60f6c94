/** CRUD of calendars, schedules and overrides, regions and previews, as the web app uses them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem, startServer, type TestServer } from '../helpers.js';
import { berlinComms, ok, putPeople, setUpBerlin } from './fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  await setUpBerlin(server);
});
afterAll(() => server.close());

describe('holiday calendars', () => {
  it('lists regions with their subdivisions', async () => {
    const { items } = await ok(server, 'GET', '/api/v1/holiday-regions');
    const de = items.find((r: { code: string }) => r.code === 'DE');
    expect(de.subdivisions).toContainEqual(expect.objectContaining({ code: 'DE-BE' }));
  });

  it('creates, replaces and reads a calendar with include and exclude', async () => {
    const body = { name: 'Berlin, company rules', region: 'DE-BE', include: [{ date: '2027-12-24', name: 'Christmas Eve' }], exclude: ['2027-05-01'] };
    const created = await server.call({ method: 'PUT', url: '/api/v1/holiday-calendars/company', payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'company', types: ['public'], exclude: ['2027-05-01'] });
    const replaced = await server.call({ method: 'PUT', url: '/api/v1/holiday-calendars/company', payload: { ...body, types: ['public', 'bank'] } });
    expect(replaced.statusCode).toBe(200);
    const { dates } = await ok(server, 'GET', '/api/v1/holiday-calendars/company/dates?year=2027');
    const byDate = new Map(dates.map((d: { date: string; source: string }) => [d.date, d.source]));
    expect(byDate.has('2027-05-01')).toBe(false);
    // With "bank", date-holidays' Christmas Eve (a bank holiday in DE) is the region's entry.
    expect(byDate.get('2027-12-24')).toBe('region');
    expect(dates.map((d: { date: string }) => d.date)).toEqual([...dates.map((d: { date: string }) => d.date)].sort());
    expect((await ok(server, 'GET', '/api/v1/holiday-calendars')).items.map((c: { id: string }) => c.id)).toEqual(['company', 'de-be']);
  });

  it('deletes an unused calendar', async () => {
    expect((await server.call({ method: 'DELETE', url: '/api/v1/holiday-calendars/company' })).statusCode).toBe(204);
    problem(await server.call({ method: 'GET', url: '/api/v1/holiday-calendars/company' }), 404);
    problem(await server.call({ method: 'GET', url: '/api/v1/holiday-calendars/company/dates?year=2027' }), 404);
  });
});

describe('schedules', () => {
  it('lists and reads the version in force', async () => {
    const { items } = await ok(server, 'GET', '/api/v1/schedules');
    expect(items).toEqual([expect.objectContaining({ id: 'comms', version: 1, name: berlinComms.name, timeZone: 'Europe/Berlin', savedBy: 'admin@example.com' })]);
    const one = await ok(server, 'GET', '/api/v1/schedules/comms');
    expect(one.layers).toEqual(berlinComms.layers);
    problem(await server.call({ method: 'GET', url: '/api/v1/schedules/nope' }), 404);
    problem(await server.call({ method: 'GET', url: '/api/v1/schedules/nope/oncall' }), 404);
  });

  it('previews an unsaved document without storing it (read access suffices)', async () => {
    const { token: reader } = await ok(server, 'POST', '/api/v1/api-tokens', { name: 'reader', scope: 'read' });
    const res = await server.call({
      method: 'POST',
      url: '/api/v1/schedules/preview',
      token: reader,
      payload: { schedule: { ...berlinComms, fallback: null }, from: '2027-03-26T00:00:00+01:00', to: '2027-03-30T00:00:00+02:00' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.shifts.map((s: { start: string; end: string; person: { id: string } }) => [s.start, s.end, s.person.id])).toEqual([
      ['2027-03-25T23:00:00.000Z', '2027-03-29T22:00:00.000Z', 'dave'],
    ]);
    expect(body.coverage).toMatchObject({ gaps: [], coveredFraction: 1 });
    expect(body.layers.map((l: { layerId: string; name: string }) => [l.layerId, l.name])).toEqual([
      ['weekdays', 'Weekdays'],
      ['weekend', 'Weekend and holidays'],
    ]);
    expect((await ok(server, 'GET', '/api/v1/schedules')).items).toHaveLength(1);
  });

  it('deletes a schedule with its overrides', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/temp', { ...berlinComms, name: 'Temp' });
    await ok(server, 'POST', '/api/v1/schedules/temp/overrides', { person: 'bob', start: '2027-01-01T00:00:00Z', end: '2027-01-02T00:00:00Z' });
    expect((await server.call({ method: 'DELETE', url: '/api/v1/schedules/temp' })).statusCode).toBe(204);
    problem(await server.call({ method: 'GET', url: '/api/v1/schedules/temp/overrides' }), 404);
    problem(await server.call({ method: 'DELETE', url: '/api/v1/schedules/temp' }), 404);
  });
});

describe('overrides', () => {
  it('lists overrides overlapping a window, reads and deletes one', async () => {
    const a = await ok(server, 'POST', '/api/v1/schedules/comms/overrides', { person: 'bob', start: '2027-02-01T00:00:00Z', end: '2027-02-02T00:00:00Z' });
    const b = await ok(server, 'POST', '/api/v1/schedules/comms/overrides', { person: 'carol', start: '2027-02-10T00:00:00Z', end: '2027-02-11T00:00:00Z' });
    const ids = async (q: string) => (await ok(server, 'GET', `/api/v1/schedules/comms/overrides${q}`)).items.map((o: { id: string }) => o.id);
    expect(await ids('')).toEqual([a.id, b.id]);
    expect(await ids('?from=2027-02-01T23:59:59Z&to=2027-02-10T00:00:00Z')).toEqual([a.id]);
    expect(await ids('?from=2027-02-02T00:00:00Z')).toEqual([b.id]);
    expect(await ok(server, 'GET', `/api/v1/schedules/comms/overrides/${a.id}`)).toEqual(a);
    expect(a).toMatchObject({ note: null, createdBy: 'admin@example.com' });
    await ok(server, 'DELETE', `/api/v1/schedules/comms/overrides/${a.id}`);
    problem(await server.call({ method: 'GET', url: `/api/v1/schedules/comms/overrides/${a.id}` }), 404);
  });

  it('the newest of overlapping overrides wins', async () => {
    await ok(server, 'POST', '/api/v1/schedules/comms/overrides', { person: 'alice', start: '2027-04-10T00:00:00Z', end: '2027-04-12T00:00:00Z' });
    const newer = await ok(server, 'POST', '/api/v1/schedules/comms/overrides', { person: 'erin', start: '2027-04-11T00:00:00Z', end: '2027-04-11T06:00:00Z' });
    const at = await ok(server, 'GET', '/api/v1/schedules/comms/oncall?at=2027-04-11T03:00:00Z');
    expect(at).toMatchObject({ override: newer.id, start: '2027-04-11T00:00:00.000Z', end: '2027-04-11T06:00:00.000Z' });
  });
});

describe('people', () => {
  it('deletes a person nothing refers to', async () => {
    await putPeople(server, 'temp');
    expect((await server.call({ method: 'DELETE', url: '/api/v1/people/temp' })).statusCode).toBe(204);
  });
});
