/** Two-way swaps (spec §13): two linked overrides, stored together and deleted together. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem, startServer, type TestServer } from '../helpers.js';
import { ok, putPeople, shiftsOf } from './fixtures.js';

let server: TestServer;

const overrideRows = async () => Number((await server.query('select count(*) as n from overrides'))[0]!.n);
const listed = async () => (await ok(server, 'GET', '/api/v1/schedules/pair/overrides')).items as { id: string; person: string; swap: string | null }[];

// A weekly rotation started Monday 2026-05-25: bob's week from 2026-06-01, alice's from 06-08, bob's from 06-15.
const alicesWeek = { person: 'alice', start: '2026-06-08T00:00:00Z', end: '2026-06-15T00:00:00Z' };
const bobsWeek = { person: 'bob', start: '2026-06-15T00:00:00Z', end: '2026-06-22T00:00:00Z' };

beforeAll(async () => {
  server = await startServer();
  await putPeople(server, 'alice', 'bob', 'carol');
  await ok(server, 'PUT', '/api/v1/schedules/pair', {
    name: 'Pair',
    timeZone: 'UTC',
    layers: [{ id: 'week', participants: ['alice', 'bob'], rotation: { every: 'P1W', start: '2026-05-25T00:00' } }],
  });
});
afterAll(() => server.close());

describe('swaps', () => {
  it('stores two overrides listed with the same swap, and the timeline shows the trade', async () => {
    const before = await shiftsOf(server, 'pair', '2026-06-08T00:00:00Z', '2026-06-22T00:00:00Z');
    expect(before).toEqual([
      ['2026-06-08T00:00:00.000Z', '2026-06-15T00:00:00.000Z', 'alice', 'layer'],
      ['2026-06-15T00:00:00.000Z', '2026-06-22T00:00:00.000Z', 'bob', 'layer'],
    ]);
    const res = await server.call({ method: 'POST', url: '/api/v1/schedules/pair/swaps', payload: { a: alicesWeek, b: bobsWeek, note: 'family visit' } });
    expect(res.statusCode).toBe(201);
    const swap = res.json();
    expect(swap).toMatchObject({ id: expect.stringMatching(/^swp-[a-f0-9]+$/), schedule: 'pair' });
    expect(swap.overrides).toEqual([
      expect.objectContaining({ person: 'bob', start: '2026-06-08T00:00:00.000Z', end: '2026-06-15T00:00:00.000Z', swap: swap.id, note: 'family visit' }),
      expect.objectContaining({ person: 'alice', start: '2026-06-15T00:00:00.000Z', end: '2026-06-22T00:00:00.000Z', swap: swap.id, note: 'family visit' }),
    ]);
    expect(await listed()).toEqual(swap.overrides);
    expect(await ok(server, 'GET', `/api/v1/schedules/pair/overrides/${swap.overrides[1].id}`)).toEqual(swap.overrides[1]);
    expect(await shiftsOf(server, 'pair', '2026-06-08T00:00:00Z', '2026-06-22T00:00:00Z')).toEqual([
      ['2026-06-08T00:00:00.000Z', '2026-06-15T00:00:00.000Z', 'bob', 'override'],
      ['2026-06-15T00:00:00.000Z', '2026-06-22T00:00:00.000Z', 'alice', 'override'],
    ]);

    // Deleting either half deletes both, and the rotation is back.
    expect((await server.call({ method: 'DELETE', url: `/api/v1/schedules/pair/overrides/${swap.overrides[1].id}` })).statusCode).toBe(204);
    expect(await listed()).toEqual([]);
    problem(await server.call({ method: 'DELETE', url: `/api/v1/schedules/pair/overrides/${swap.overrides[0].id}` }), 404);
    expect(await shiftsOf(server, 'pair', '2026-06-08T00:00:00Z', '2026-06-22T00:00:00Z')).toEqual(before);
    const { items } = await ok(server, 'GET', '/api/v1/audit?resource=override');
    expect(items.filter((e: { action: string }) => e.action === 'delete').map((e: { resourceId: string }) => e.resourceId).sort()).toEqual(
      swap.overrides.map((o: { id: string }) => o.id).sort(),
    );
  });

  it('gives a plain override swap null, and deleting it leaves a swap alone', async () => {
    const plain = await ok(server, 'POST', '/api/v1/schedules/pair/overrides', { person: 'carol', start: '2026-07-01T00:00:00Z', end: '2026-07-02T00:00:00Z' });
    expect(plain.swap).toBeNull();
    const swap = await ok(server, 'POST', '/api/v1/schedules/pair/swaps', { a: alicesWeek, b: bobsWeek });
    await ok(server, 'DELETE', `/api/v1/schedules/pair/overrides/${plain.id}`);
    expect((await listed()).map((o) => o.swap)).toEqual([swap.id, swap.id]);
    await ok(server, 'DELETE', `/api/v1/schedules/pair/overrides/${swap.overrides[0].id}`);
  });

  it('refuses bad swaps naming the field, storing nothing', async () => {
    const before = await overrideRows();
    const cases: [object, string][] = [
      [{ a: { ...alicesWeek, person: 'nobody' }, b: bobsWeek }, '/a/person'],
      [{ a: alicesWeek, b: { ...bobsWeek, end: bobsWeek.start } }, '/b/end'],
      [{ a: alicesWeek, b: { ...bobsWeek, person: 'alice' } }, '/b/person'],
      [{ a: alicesWeek, b: { ...bobsWeek, start: '2026-06-14T00:00:00Z' } }, '/b/start'],
      [{ a: { ...alicesWeek, start: '2026-06-08T00:00:00' }, b: bobsWeek }, '/a/start'],
      [{ a: alicesWeek }, '/b'],
    ];
    for (const [payload, path] of cases) {
      const body = problem(await server.call({ method: 'POST', url: '/api/v1/schedules/pair/swaps', payload }), 400);
      expect(body.errors?.map((e) => e.path), JSON.stringify(payload)).toContain(path);
    }
    problem(await server.call({ method: 'POST', url: '/api/v1/schedules/nope/swaps', payload: { a: alicesWeek, b: bobsWeek } }), 404);
    expect(await overrideRows()).toBe(before);
  });

  it('never leaves half a swap under concurrent swaps and deletes over real HTTP', async () => {
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const send = (method: string, path: string, body?: object) =>
      fetch(`${address}/api/v1/schedules/pair${path}`, {
        method,
        headers: { authorization: `Bearer ${server.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const N = 16;
    // Each swap is deleted as soon as it is answered, through both halves at once, while the
    // other swaps are still being written; every other swap is kept.
    const outcomes = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const res = await send('POST', '/swaps', { a: alicesWeek, b: bobsWeek, note: `swap ${i}` });
        expect(res.status).toBe(201);
        const swap = (await res.json()) as { id: string; overrides: { id: string }[] };
        if (i % 2 === 1) return { swap: swap.id, deletes: [] };
        const deletes = await Promise.all(swap.overrides.map((o) => send('DELETE', `/overrides/${o.id}`).then((r) => r.status)));
        return { swap: swap.id, deletes: deletes.sort() };
      }),
    );
    // Of two racing deletes of one swap, one deletes both halves and the other finds none.
    for (const o of outcomes.filter((x) => x.deletes.length > 0)) expect(o.deletes).toEqual([204, 404]);
    const halves = await server.query('select swap, count(*) as n from overrides where swap is not null group by swap');
    expect(halves.every((row) => Number(row.n) === 2)).toBe(true);
    const kept = outcomes.filter((_, i) => i % 2 === 1).map((o) => o.swap);
    expect(halves.map((row) => row.swap).sort()).toEqual(kept.sort());
    // The API agrees: each kept swap listed twice, nothing else.
    expect((await listed()).map((o) => o.swap).sort()).toEqual([...kept, ...kept].sort());
  });
});
