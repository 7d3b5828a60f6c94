/**
 * Versions (spec §4): an edit applies from the moment it is saved (or a future effectiveFrom),
 * answers about earlier instants stay what they were, and a new save supersedes pending ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem, startServer, type TestServer } from '../helpers.js';
import { ok, onCall, putPeople } from './fixtures.js';

const HOUR = 3_600_000;
let server: TestServer;

function daily(participants: string[]) {
  // UTC daily rotation that started three days ago at midnight.
  const start = new Date(Date.now() - 3 * 24 * HOUR).toISOString().slice(0, 10) + 'T00:00';
  return {
    name: 'Daily',
    timeZone: 'UTC',
    requireCoverage: false,
    layers: [{ id: 'day', participants, rotation: { every: 'P1D', start } }],
  };
}

const who = async (at: number) => (await onCall(server, 'daily', new Date(at).toISOString())).person?.id ?? null;

beforeAll(async () => {
  server = await startServer();
  await putPeople(server, 'ann', 'ben', 'cat', 'dov', 'eve');
});
afterAll(() => server.close());

describe('schedule versions', () => {
  const yesterday = Date.now() - 24 * HOUR;
  const soon = Date.now() + HOUR;

  it('an edit today leaves yesterday unchanged and applies at once', async () => {
    const created = await server.call({ method: 'PUT', url: '/api/v1/schedules/daily', payload: daily(['ann', 'ben']) });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'daily', version: 1, next: null });
    const before = await who(yesterday);
    expect(['ann', 'ben']).toContain(before);

    const replaced = await server.call({ method: 'PUT', url: '/api/v1/schedules/daily', payload: daily(['cat']) });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().version).toBe(2);
    expect(await who(yesterday)).toBe(before);
    expect(await who(Date.now() + 60_000)).toBe('cat');
  });

  it('a future effectiveFrom takes effect at its instant', async () => {
    const effectiveFrom = new Date(soon).toISOString();
    const saved = await ok(server, 'PUT', '/api/v1/schedules/daily', { ...daily(['dov']), effectiveFrom });
    // The schedule still reads as the version in force now, announcing the next one.
    expect(saved).toMatchObject({ version: 2, next: { version: 3, effectiveFrom } });
    expect(await who(soon - 1)).toBe('cat');
    expect(await who(soon)).toBe('dov');
    // cat's shift is cut where version 3 takes over.
    expect((await onCall(server, 'daily', new Date(soon - 1).toISOString())).end).toBe(effectiveFrom);
    expect(await who(yesterday)).not.toBe('dov');
  });

  it('lists versions, oldest first, with who saved them', async () => {
    const { items } = await ok(server, 'GET', '/api/v1/schedules/daily/versions');
    expect(items.map((v: { version: number; superseded: boolean }) => [v.version, v.superseded])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(items[2]).toMatchObject({ savedBy: 'admin@example.com', effectiveFrom: new Date(soon).toISOString() });
    expect(items[0].document.layers[0].participants).toEqual(['ann', 'ben']);
  });

  it('a save taking effect now supersedes a pending version', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/daily', daily(['eve']));
    expect(await who(soon)).toBe('eve');
    const { items } = await ok(server, 'GET', '/api/v1/schedules/daily/versions');
    expect(items.map((v: { superseded: boolean }) => v.superseded)).toEqual([false, false, true, false]);
    expect((await ok(server, 'GET', '/api/v1/schedules/daily')).next).toBeNull();
  });

  it('refuses an effectiveFrom in the past, storing nothing', async () => {
    const res = await server.call({
      method: 'PUT',
      url: '/api/v1/schedules/daily',
      payload: { ...daily(['ann']), effectiveFrom: new Date(yesterday).toISOString() },
    });
    expect(problem(res, 400).errors).toEqual([expect.objectContaining({ path: '/effectiveFrom' })]);
    expect((await ok(server, 'GET', '/api/v1/schedules/daily/versions')).items).toHaveLength(4);
  });
});
