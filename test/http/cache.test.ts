/**
 * The on-call cache (spec §7 speed): answers come from memory, and every write that touches a
 * schedule is visible on the very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers.js';
import { ok, putPeople } from './fixtures.js';

let server: TestServer;
const doc = (participants: string[]) => ({
  name: 'Always',
  timeZone: 'UTC',
  layers: [{ id: 'all', participants, rotation: { every: 'P1W', start: '2020-01-06T00:00' } }],
});
const now = () => ok(server, 'GET', '/api/v1/schedules/always/oncall');

beforeAll(async () => {
  server = await startServer();
  await putPeople(server, 'solo', 'sub', 'other');
  await ok(server, 'PUT', '/api/v1/schedules/always', doc(['solo']));
});
afterAll(() => server.close());

describe('on-call cache invalidation', () => {
  it('shows an override on the very next request, and its removal too', async () => {
    expect((await now()).person.id).toBe('solo');
    // A minute ago to an hour from now, by the app's (held) clock.
    const window = { start: new Date(server.now() - 60_000).toISOString(), end: new Date(server.now() + 3_600_000).toISOString() };
    const ovr = await ok(server, 'POST', '/api/v1/schedules/always/overrides', { person: 'sub', ...window });
    expect(await now()).toMatchObject({ at: new Date(server.now()).toISOString(), source: 'override', override: ovr.id, person: { id: 'sub' }, ...window });
    const all = await ok(server, 'GET', '/api/v1/oncall');
    expect(all.oncall).toEqual([expect.objectContaining({ schedule: 'always', override: ovr.id })]);
    await ok(server, 'DELETE', `/api/v1/schedules/always/overrides/${ovr.id}`);
    expect((await now()).person.id).toBe('solo');
  });

  it('shows a schedule edit and a person edit at once', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/always', doc(['other']));
    expect((await now()).person.id).toBe('other');
    await ok(server, 'PUT', '/api/v1/people/other', { name: 'Renamed', phone: '+1 555 0199' });
    expect((await now()).person).toMatchObject({ id: 'other', name: 'Renamed', phone: '+1 555 0199' });
    expect((await ok(server, 'GET', '/api/v1/oncall')).oncall[0].person.name).toBe('Renamed');
  });

  it('includes a new schedule in /oncall and drops a deleted one', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/second', doc(['solo']));
    expect((await ok(server, 'GET', '/api/v1/oncall')).oncall.map((o: { schedule: string }) => o.schedule)).toEqual(['always', 'second']);
    await ok(server, 'DELETE', '/api/v1/schedules/second');
    expect((await ok(server, 'GET', '/api/v1/oncall')).oncall.map((o: { schedule: string }) => o.schedule)).toEqual(['always']);
  });
});
