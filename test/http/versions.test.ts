/**
 * Versions (spec §4): an edit applies from the moment it is saved (or a future effectiveFrom),
 * answers about earlier instants stay what they were, and a new save supersedes pending ones.
 * The app's clock is held and moved by the test, so every instant below is exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movableClock } from '../clock.js';
import { problem, startServer, type TestServer } from '../helpers.js';
import { ok, onCall, putPeople } from './fixtures.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

// Now is Mon 2026-06-01 12:00 UTC. The daily rotation started Fri 2026-05-29 00:00 UTC, so with
// two people the days go ann, ben, ann, ben (today).
const T = Date.parse('2026-06-01T12:00:00Z');
const clock = movableClock(T);
const yesterday = Date.parse('2026-05-31T12:00:00Z');
const edited = T + MINUTE;
const soon = T + HOUR;

function daily(participants: string[]) {
  return {
    name: 'Daily',
    timeZone: 'UTC',
    requireCoverage: false,
    layers: [{ id: 'day', participants, rotation: { every: 'P1D', start: '2026-05-29T00:00' } }],
  };
}

let server: TestServer;
const who = async (at: number) => (await onCall(server, 'daily', iso(at))).person?.id ?? null;
const versions = async () => (await ok(server, 'GET', '/api/v1/schedules/daily/versions')).items;

beforeAll(async () => {
  server = await startServer({ now: clock.now });
  await putPeople(server, 'ann', 'ben', 'cat', 'dov', 'eve', 'fay');
});
afterAll(() => server.close());

describe('schedule versions', () => {
  it('an edit leaves the past unchanged and applies from the instant it is saved', async () => {
    const created = await server.call({ method: 'PUT', url: '/api/v1/schedules/daily', payload: daily(['ann', 'ben']) });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'daily', version: 1, effectiveFrom: iso(T), savedAt: iso(T), next: null });
    expect(await who(yesterday)).toBe('ann');
    expect(await who(T)).toBe('ben');

    clock.set(edited);
    const replaced = await server.call({ method: 'PUT', url: '/api/v1/schedules/daily', payload: daily(['cat']) });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ version: 2, effectiveFrom: iso(edited), savedAt: iso(edited), next: null });
    expect(await who(yesterday)).toBe('ann');
    expect(await who(edited - 1)).toBe('ben');
    expect(await who(edited)).toBe('cat');
    // With no `at`, "now" is the app's clock.
    expect((await ok(server, 'GET', '/api/v1/schedules/daily/oncall')).person.id).toBe('cat');
  });

  it('a future effectiveFrom takes effect at its instant', async () => {
    const saved = await ok(server, 'PUT', '/api/v1/schedules/daily', { ...daily(['dov']), effectiveFrom: iso(soon) });
    // The schedule still reads as the version in force now, announcing the next one.
    expect(saved).toMatchObject({ version: 2, next: { version: 3, effectiveFrom: iso(soon) } });
    expect(await who(soon - 1)).toBe('cat');
    expect(await who(soon)).toBe('dov');
    // cat's shift is cut where version 3 takes over.
    expect((await onCall(server, 'daily', iso(soon - 1))).end).toBe(iso(soon));
    expect(await who(yesterday)).toBe('ann');
  });

  it('lists versions, oldest first, with when and by whom they were saved', async () => {
    const items = await versions();
    expect(items.map((v: { version: number; superseded: boolean }) => [v.version, v.superseded])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(items.map((v: { effectiveFrom: string; savedAt: string }) => [v.effectiveFrom, v.savedAt])).toEqual([
      [iso(T), iso(T)],
      [iso(edited), iso(edited)],
      [iso(soon), iso(edited)],
    ]);
    expect(items[2]).toMatchObject({ savedBy: 'admin@example.com' });
    expect(items[0].document.layers[0].participants).toEqual(['ann', 'ben']);
  });

  it('a save taking effect now supersedes a pending version', async () => {
    clock.set(edited + MINUTE);
    await ok(server, 'PUT', '/api/v1/schedules/daily', daily(['eve']));
    expect(await who(edited)).toBe('cat');
    expect(await who(edited + MINUTE)).toBe('eve');
    expect(await who(soon)).toBe('eve');
    expect((await versions()).map((v: { superseded: boolean }) => v.superseded)).toEqual([false, false, true, false]);
    expect(await ok(server, 'GET', '/api/v1/schedules/daily')).toMatchObject({ version: 4, next: null });
  });

  it('a pending version comes into force when the clock reaches it, with no write in between', async () => {
    const later = soon + HOUR;
    await ok(server, 'PUT', '/api/v1/schedules/daily', { ...daily(['fay']), effectiveFrom: iso(later) });
    expect(await ok(server, 'GET', '/api/v1/schedules/daily')).toMatchObject({ version: 4, next: { version: 5, effectiveFrom: iso(later) } });
    expect((await ok(server, 'GET', '/api/v1/schedules/daily/oncall')).person.id).toBe('eve');

    clock.set(later);
    expect(await ok(server, 'GET', '/api/v1/schedules/daily')).toMatchObject({ version: 5, effectiveFrom: iso(later), next: null });
    expect((await ok(server, 'GET', '/api/v1/schedules/daily/oncall')).person.id).toBe('fay');
  });

  it('refuses an effectiveFrom in the past or at this very instant, storing nothing', async () => {
    for (const effectiveFrom of [iso(yesterday), iso(clock.now())]) {
      const res = await server.call({ method: 'PUT', url: '/api/v1/schedules/daily', payload: { ...daily(['ann']), effectiveFrom } });
      expect(problem(res, 400).errors).toEqual([expect.objectContaining({ path: '/effectiveFrom' })]);
    }
    expect(await versions()).toHaveLength(5);
  });
});
