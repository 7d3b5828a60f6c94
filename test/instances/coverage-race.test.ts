/**
 * Spec §6 and §12: the coverage guarantee holds across instances. Each round two overrides
 * fill every weekend of the guard horizon, each enough alone; A is asked to delete one and B
 * the other, at once. Either deletion alone is allowed; both would leave gaps. Exactly one
 * must succeed (409 for the other), every round, and no gap is ever stored.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, covered, freshDatabase, ok, signIn, startInstances, stopAll, weekdaysOnly, type Instance } from './cluster.js';

const ROUNDS = 50;
const DAY = 86_400_000;

let database: Awaited<ReturnType<typeof freshDatabase>>;
let a: Instance;
let b: Instance;
let tokenA: string;
let tokenB: string;
/** The overrides' window: the whole guard horizon (365 days from the servers' now) and more. */
let window: { start: string; end: string };

beforeAll(async () => {
  database = await freshDatabase();
  [a, b] = (await startInstances(database.url, 2)) as [Instance, Instance];
  tokenA = await signIn(a);
  tokenB = await signIn(b);
  for (const id of ['alice', 'bob', 'carol']) await ok(a, tokenA, 'PUT', `/api/v1/people/${id}`, { name: id });
  // The coverage guarantee looks ahead of the servers' clock, which is the real time here.
  const now = Date.now();
  window = { start: new Date(now - DAY).toISOString(), end: new Date(now + 400 * DAY).toISOString() };
  await ok(a, tokenA, 'PUT', '/api/v1/schedules/sre', covered);
  await ok(a, tokenA, 'POST', '/api/v1/schedules/sre/overrides', { person: 'carol', ...window });
  // Now only the override keeps weekends covered.
  await ok(a, tokenA, 'PUT', '/api/v1/schedules/sre', weekdaysOnly);
}, 180_000);

afterAll(async () => {
  await stopAll([a, b].filter(Boolean));
  await database?.drop();
});

it('lets exactly one of two concurrent gap-making deletions through, every round, and stores no gap', { timeout: 600_000 }, async () => {
  const outcomes: number[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [existing] = (await ok(a, tokenA, 'GET', '/api/v1/schedules/sre/overrides')).items as { id: string }[];
    // The second cover is written on the instance that did not write last, which must know it at once.
    const writer = round % 2 === 0 ? b : a;
    const second = await ok(writer, writer === a ? tokenA : tokenB, 'POST', '/api/v1/schedules/sre/overrides', { person: 'carol', ...window });
    // Split across the instances, alternating which gets which.
    const [onA, onB] = round % 2 === 0 ? [existing!.id, second.id] : [second.id, existing!.id];
    const answers = await Promise.all([
      call(a, tokenA, 'DELETE', `/api/v1/schedules/sre/overrides/${onA}`),
      call(b, tokenB, 'DELETE', `/api/v1/schedules/sre/overrides/${onB}`),
    ]);
    outcomes.push(answers.map((r) => r.status).sort());
  }
  expect(outcomes).toEqual(Array.from({ length: ROUNDS }, () => [204, 409]));

  const overrides = (await ok(b, tokenB, 'GET', '/api/v1/schedules/sre/overrides')).items as unknown[];
  expect(overrides).toHaveLength(1);
  const now = Date.now();
  for (const instance of [a, b]) {
    const coverage = await ok(instance, tokenA, 'GET', `/api/v1/schedules/sre/coverage?from=${new Date(now).toISOString()}&to=${new Date(now + 365 * DAY).toISOString()}`);
    expect(coverage.gaps).toEqual([]);
  }
});
