/**
 * An import holds each item to the rules of the write that creates it (one rule, one place): the
 * same bad person, calendar, override or chain is refused by an import with the problems its own
 * PUT or POST lists, at the item's place in the document.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../http/fixtures.js';
import { problem, startServer, type TestServer } from '../helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Problems = { path: string; message: string }[];

/** The problems a write answers with (400). */
async function refused(s: TestServer, method: 'PUT' | 'POST', url: string, payload: object): Promise<Problems> {
  return problem(await s.call({ method, url, payload }), 400).errors!;
}

const at = (prefix: string, problems: Problems) => problems.map((p) => ({ path: `${prefix}${p.path}`, message: p.message }));

describe('an import checks each item as its own write does', () => {
  it('lists the problems of the PUT or POST of each bad item, at its place in the document', async () => {
    server = await startServer();
    const s = server;
    await ok(s, 'PUT', '/api/v1/people/alice', { name: 'Alice', email: 'alice@example.com' });
    await ok(s, 'PUT', '/api/v1/schedules/comms', { name: 'Comms', timeZone: 'UTC', fallback: 'alice', layers: [] });
    const doc = await ok(s, 'GET', '/api/v1/export');

    const zed = { name: 'Zed', email: null, phone: null, timeZone: 'Mars/Olympus_Mons' };
    const calendar = { name: 'Nowhere', region: 'XX-YY', types: ['public'], include: [{ date: '2027-02-30', name: 'No day' }], exclude: ['2027-13-01'] };
    const override = { person: 'alice', start: '2027-03-02T00:00:00.000Z', end: '2027-03-01T00:00:00.000Z', note: null };
    const chain = { name: 'Outage', levels: [{ targets: [{ schedule: 'comms', person: 'alice' }], escalateAfterMinutes: 5 }], repeat: 0 };
    const expected = [
      ...at('/people/1', await refused(s, 'PUT', '/api/v1/people/zed', zed)),
      ...at('/holidayCalendars/0', await refused(s, 'PUT', '/api/v1/holiday-calendars/nowhere', calendar)),
      ...at('/overrides/0', await refused(s, 'POST', '/api/v1/schedules/comms/overrides', override)),
      ...at('/escalationChains/0', await refused(s, 'PUT', '/api/v1/escalation-chains/outage', chain)),
    ];
    expect(expected.map((p) => p.path).sort()).toEqual(
      [
        '/people/1/timeZone',
        '/holidayCalendars/0/region',
        '/holidayCalendars/0/include/0/date',
        '/holidayCalendars/0/exclude/0',
        '/overrides/0/end',
        '/escalationChains/0/levels/0/targets/0',
      ].sort(),
    );

    const bad = {
      ...doc,
      people: [...doc.people, { id: 'zed', ...zed }],
      holidayCalendars: [{ id: 'nowhere', ...calendar }],
      overrides: [{ id: 'ov-1', schedule: 'comms', ...override, createdAt: doc.exportedAt, createdBy: 'admin@example.com' }],
      escalationChains: [{ id: 'outage', ...chain }],
    };
    const body = problem(await s.call({ method: 'POST', url: '/api/v1/import', payload: bad }), 400);
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect(body.errors!.sort(byPath)).toEqual(expected.sort(byPath));
  });

  it('refuses an email twice in the document, naming its first owner', async () => {
    server = await startServer();
    const doc = await ok(server, 'GET', '/api/v1/export');
    const person = (id: string) => ({ id, name: id, email: 'same@example.com', phone: null, timeZone: null });
    const body = problem(await server.call({ method: 'POST', url: '/api/v1/import', payload: { ...doc, people: [person('ann'), person('ben')] } }), 400);
    expect(body.errors).toEqual([{ path: '/people/1/email', message: 'email "same@example.com" already belongs to person "ann"' }]);
  });
});

describe('a person write', () => {
  it('refuses an empty time zone, as an import does (null means none)', async () => {
    server = await startServer();
    const errors = await refused(server, 'PUT', '/api/v1/people/ann', { name: 'Ann', timeZone: '' });
    expect(errors).toEqual([{ path: '/timeZone', message: 'Use an IANA time zone name, like Europe/Berlin or America/New_York' }]);
    expect((await server.call({ method: 'PUT', url: '/api/v1/people/ann', payload: { name: 'Ann', timeZone: null } })).statusCode).toBe(201);
  });
});
