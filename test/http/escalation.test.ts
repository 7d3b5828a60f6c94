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
    expect(first.targets).toEqual([{ schedule: 'comms', person: expect.objectContaining({ id: 'dave' }), source: 'layer' }]);
    expect(second.targets[1]).toEqual({ person: expect.objectContaining({ id: 'director', name: 'Director' }), source: 'person' });
    expect(third.targets[0].person.id).toBe('alice');
  });

  it('follows overrides', async () => {
    await ok(server, 'POST', '/api/v1/schedules/comms/overrides', { person: 'erin', start: '2027-03-27T08:00:00Z', end: '2027-03-27T20:00:00Z' });
    const first = (await resolve('2027-03-27T12:00:00Z')).levels[0].targets[0];
    expect(first).toMatchObject({ schedule: 'comms', source: 'override' });
    expect(first.person.id).toBe('erin');
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
