/** The audit trail (spec §11): every kind of change, attributed to the user or token that made it. */
import { afterEach, describe, expect, it } from 'vitest';
import { berlinComms, ok, setUpBerlin } from '../http/fixtures.js';
import { movableClock, TEST_NOW } from '../clock.js';
import { ADMIN, problem, startServer, type TestServer } from '../helpers.js';

interface Entry {
  id: number;
  at: string;
  actor: { type: string; id: string; label: string };
  action: string;
  resource: string;
  resourceId: string;
  summary: { before?: Record<string, unknown>; after?: Record<string, unknown> };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function audit(s: TestServer, query = ''): Promise<Entry[]> {
  return (await ok(s, 'GET', `/api/v1/audit${query}`)).items;
}

describe('audit log', () => {
  it('records each kind of change with who made it, newest first', { timeout: 30_000 }, async () => {
    server = await startServer();
    const s = server;
    await setUpBerlin(s);
    const created = await ok(s, 'POST', '/api/v1/api-tokens', { name: 'deploy-bot', scope: 'admin' });
    const bot = (opts: Parameters<TestServer['call']>[0]) => s.call({ ...opts, token: created.token });

    expect((await bot({ method: 'PUT', url: '/api/v1/people/frank', payload: { name: 'Frank' } })).statusCode).toBe(201);
    expect((await bot({ method: 'PUT', url: '/api/v1/schedules/comms', payload: { ...berlinComms, name: 'Comms' } })).statusCode).toBe(200);
    const override = await ok(s, 'POST', '/api/v1/schedules/comms/overrides', { person: 'frank', start: '2030-01-01T00:00:00Z', end: '2030-01-02T00:00:00Z' });
    await ok(s, 'DELETE', `/api/v1/schedules/comms/overrides/${override.id}`);
    await ok(s, 'PUT', '/api/v1/escalation-chains/mls', { name: 'MLS', levels: [{ targets: [{ schedule: 'comms' }], escalateAfterMinutes: 5 }] });
    await ok(s, 'PUT', '/api/v1/people/frank', { name: 'Frank F.' });
    await ok(s, 'DELETE', '/api/v1/people/frank');
    const exported = await ok(s, 'GET', '/api/v1/export');
    await ok(s, 'POST', '/api/v1/import', exported);

    const entries = await audit(s, '?limit=1000');
    const ids = entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const user = { type: 'user', label: ADMIN.email };
    const token = { type: 'token', id: created.id, label: 'deploy-bot' };
    const seen = entries.map((e) => [e.action, e.resource, e.resourceId, e.actor.type, e.actor.label]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['create', 'person', 'alice', 'user', ADMIN.email],
        ['create', 'holiday-calendar', 'de-be', 'user', ADMIN.email],
        ['create', 'schedule', 'comms', 'user', ADMIN.email],
        ['create', 'api-token', created.id, 'user', ADMIN.email],
        ['create', 'person', 'frank', 'token', 'deploy-bot'],
        ['update', 'schedule', 'comms', 'token', 'deploy-bot'],
        ['create', 'override', override.id, 'user', ADMIN.email],
        ['delete', 'override', override.id, 'user', ADMIN.email],
        ['create', 'escalation-chain', 'mls', 'user', ADMIN.email],
        ['update', 'person', 'frank', 'user', ADMIN.email],
        ['delete', 'person', 'frank', 'user', ADMIN.email],
        ['update', 'configuration', 'import', 'user', ADMIN.email],
      ]),
    );
    expect(entries.find((e) => e.resource === 'person' && e.resourceId === 'frank' && e.actor.type === 'token')!.actor).toEqual(token);
    expect(entries[0]).toMatchObject({ resource: 'configuration', actor: user, summary: { after: { people: 6, schedules: 1, escalationChains: 1 } } });
    const update = entries.find((e) => e.action === 'update' && e.resourceId === 'frank')!;
    expect(update.summary).toMatchObject({ before: { name: 'Frank' }, after: { name: 'Frank F.' } });
    // Every entry is stamped by the app's clock (held at TEST_NOW), not the machine's.
    expect([...new Set(entries.map((e) => e.at))]).toEqual([new Date(TEST_NOW).toISOString()]);
    // No secret ever reaches the trail.
    expect(JSON.stringify(entries)).not.toContain(created.token);
    expect(JSON.stringify(entries)).not.toMatch(/scrypt|passwordHash|tokenHash/);
  });

  it('filters by resource and time, limits, and rejects instants without an offset', async () => {
    const clock = movableClock('2026-06-01T12:00:00Z');
    server = await startServer({ now: clock.now });
    const s = server;
    await ok(s, 'PUT', '/api/v1/people/a', { name: 'A' });
    clock.set('2026-06-01T12:01:00Z');
    await ok(s, 'PUT', '/api/v1/people/b', { name: 'B' });
    clock.advance(1);
    await ok(s, 'PUT', '/api/v1/people/c', { name: 'C' });
    const mid = '2026-06-01T12:01:00.000Z';

    expect((await audit(s, '?resource=person')).map((e) => [e.resourceId, e.at])).toEqual([
      ['c', '2026-06-01T12:01:00.001Z'],
      ['b', mid],
      ['a', '2026-06-01T12:00:00.000Z'],
    ]);
    expect((await audit(s, `?resource=person&from=${mid}`)).map((e) => e.resourceId)).toEqual(['c', 'b']);
    expect((await audit(s, `?resource=person&to=${mid}`)).map((e) => e.resourceId)).toEqual(['a']);
    expect((await audit(s, `?from=${encodeURIComponent(mid.replace('Z', '+00:00'))}&resource=person`)).length).toBe(2);
    expect((await audit(s, '?limit=1')).length).toBe(1);
    expect((await audit(s)).length).toBe(4); // the bootstrap admin's creation too

    for (const query of ['?from=2027-01-01T00:00:00', '?to=2027-01-01', '?limit=0', '?limit=1001', '?from=yesterday']) {
      problem(await s.call({ method: 'GET', url: `/api/v1/audit${query}` }), 400);
    }
  });

  it('is admin-only', async () => {
    server = await startServer();
    const read = (await ok(server, 'POST', '/api/v1/api-tokens', { name: 'r', scope: 'read' })).token;
    problem(await server.call({ method: 'GET', url: '/api/v1/audit', token: read }), 403);
    problem(await server.call({ method: 'GET', url: '/api/v1/audit', token: null }), 401);
  });
});
