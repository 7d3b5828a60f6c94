/** Escalation chains (spec §8): levels resolve through the schedules' final timelines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem, startServer, type TestServer } from '../helpers.js';
import { ok, setUpBerlin } from './fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  await setUpBerlin(server);
  await ok(server, 'PUT', '/api/v1/escalation-chains/mls-outage', {
    name: 'MLS outage',
    levels: [
      { targets: [{ schedule: 'comms' }], escalateAfterMinutes: 15 },
      { targets: [{ schedule: 'comms' }, { person: 'director' }], escalateAfterMinutes: 30 },
      { targets: [{ person: 'alice' }], escalateAfterMinutes: 10 },
    ],
    repeat: 1,
  });
});
afterAll(() => server.close());

const resolve = (at: string) => ok(server, 'GET', `/api/v1/escalation-chains/mls-outage/resolve?at=${at}`);

describe('escalation chains', () => {
  it('stores the chain with repeat defaulting to 0', async () => {
    const chain = await ok(server, 'PUT', '/api/v1/escalation-chains/simple', { name: 'Simple', levels: [{ targets: [{ person: 'bob' }], escalateAfterMinutes: 0 }] });
    expect(chain).toMatchObject({ id: 'simple', repeat: 0, levels: [{ targets: [{ person: 'bob' }], escalateAfterMinutes: 0 }] });
    expect((await ok(server, 'GET', '/api/v1/escalation-chains')).items.map((c: { id: string }) => c.id)).toEqual(['mls-outage', 'simple']);
  });

  it('resolves each level at an instant, with cumulative start delays', async () => {
    const body = await resolve('2027-03-27T12:00:00Z');
    expect(body).toMatchObject({ chain: 'mls-outage', at: '2027-03-27T12:00:00.000Z', repeat: 1 });
    expect(body.levels.map((l: { level: number; startsAfterMinutes: number; escalateAfterMinutes: number }) => [l.level, l.startsAfterMinutes, l.escalateAfterMinutes])).toEqual([
      [1, 0, 15],
      [2, 15, 30],
      [3, 45, 10],
    ]);
    const [first, second, third] = body.levels;
    // Saturday 27 March 2027 in Berlin is in the Easter weekend: Good Friday (26th) and Easter
    // Monday (29th) are Berlin holidays, so the weekend layer's windows touch and merge from
    // Fri 00:00 CET (25th 23:00Z) to Tue 00:00 CEST (29th 22:00Z, after the spring-forward on the 28th).
    expect(first.targets).toEqual([
      {
        schedule: 'comms',
        scheduleName: 'Communications coordinator',
        person: expect.objectContaining({ id: 'dave' }),
        source: 'layer',
        start: '2027-03-25T23:00:00.000Z',
        end: '2027-03-29T22:00:00.000Z',
      },
    ]);
    // A person target is paged whatever the time: no shift bounds, no schedule name.
    expect(second.targets[1]).toEqual({ person: expect.objectContaining({ id: 'director', name: 'Director' }), source: 'person', start: null, end: null });
    expect(third.targets[0].person.id).toBe('alice');
  });

  it('follows overrides', async () => {
    await ok(server, 'POST', '/api/v1/schedules/comms/overrides', { person: 'erin', start: '2027-03-27T08:00:00Z', end: '2027-03-27T20:00:00Z' });
    const first = (await resolve('2027-03-27T12:00:00Z')).levels[0].targets[0];
    expect(first).toMatchObject({ schedule: 'comms', source: 'override', start: '2027-03-27T08:00:00.000Z', end: '2027-03-27T20:00:00.000Z' });
    expect(first.person.id).toBe('erin');
  });

  it('gives null bounds where the shift reaches beyond 3 years, and the name in force at the instant', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/solo', {
      name: 'Solo',
      timeZone: 'UTC',
      requireCoverage: false,
      layers: [{ id: 'l', participants: ['bob'], rotation: { every: 'P1W', start: '2027-01-04T09:00' } }],
    });
    await ok(server, 'PUT', '/api/v1/schedules/solo', {
      name: 'Solo renamed',
      timeZone: 'UTC',
      requireCoverage: false,
      effectiveFrom: '2028-01-01T00:00:00Z',
      layers: [{ id: 'l', participants: ['bob'], rotation: { every: 'P1W', start: '2027-01-04T09:00' } }],
    });
    await ok(server, 'PUT', '/api/v1/escalation-chains/solo', { name: 'Solo', levels: [{ targets: [{ schedule: 'solo' }], escalateAfterMinutes: 5 }] });
    const target = async (at: string) => (await ok(server, 'GET', `/api/v1/escalation-chains/solo/resolve?at=${at}`)).levels[0].targets[0];
    // Bob holds it from the rotation start on, with no end (only bob, whatever the version).
    expect(await target('2027-06-01T00:00:00Z')).toMatchObject({ scheduleName: 'Solo', start: '2027-01-04T09:00:00.000Z', end: null, source: 'layer' });
    expect(await target('2028-06-01T00:00:00Z')).toMatchObject({ scheduleName: 'Solo renamed', start: '2027-01-04T09:00:00.000Z', end: null });
  });

  it('refuses unknown targets and answers 404 for an unknown chain', async () => {
    const res = await server.call({
      method: 'PUT',
      url: '/api/v1/escalation-chains/bad',
      payload: { name: 'Bad', levels: [{ targets: [{ schedule: 'nope' }, { person: 'nobody' }, {}], escalateAfterMinutes: 5 }] },
    });
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['/levels/0/targets/0/schedule', '/levels/0/targets/1/person', '/levels/0/targets/2']);
    problem(await server.call({ method: 'GET', url: '/api/v1/escalation-chains/bad' }), 404);
    problem(await server.call({ method: 'GET', url: '/api/v1/escalation-chains/bad/resolve' }), 404);
  });

  it('deletes a chain', async () => {
    expect((await server.call({ method: 'DELETE', url: '/api/v1/escalation-chains/simple' })).statusCode).toBe(204);
    problem(await server.call({ method: 'DELETE', url: '/api/v1/escalation-chains/simple' }), 404);
  });
});
