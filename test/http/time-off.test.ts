/** Time off (spec §13): stored, listed, deleted; who may write whose; what it does to coverage. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, problem, startServer, type TestServer } from '../helpers.js';
import { ok, putPeople } from './fixtures.js';

let server: TestServer;
/** A viewer whose email is alice's, a viewer who is no one's person, a read-only token. */
let alice: string;
let stranger: string;
let reader: string;

const rows = async (person: string) => Number((await server.query(`select count(*) as n from time_off where person_id = '${person}'`))[0]!.n);
const post = (person: string, payload: object, token?: string | null) =>
  server.call({ method: 'POST', url: `/api/v1/people/${person}/time-off`, payload, ...(token === undefined ? {} : { token }) });
const list = async (person: string, query = '', token?: string) => {
  const res = await server.call({ method: 'GET', url: `/api/v1/people/${person}/time-off${query}`, ...(token === undefined ? {} : { token }) });
  expect(res.statusCode).toBe(200);
  return res.json() as { person: string; timeOff: { id: string; start: string; end: string }[] };
};

beforeAll(async () => {
  server = await startServer();
  await ok(server, 'PUT', '/api/v1/people/alice', { name: 'Alice', email: 'alice@example.com' });
  await putPeople(server, 'bob', 'carol');
  await ok(server, 'POST', '/api/v1/users', { email: 'alice@example.com', name: 'Alice', role: 'viewer', password: 'alice-password' });
  await ok(server, 'POST', '/api/v1/users', { email: 'stranger@example.com', name: 'S', role: 'viewer', password: 'stranger-password' });
  alice = await login(server.app, 'alice@example.com', 'alice-password');
  stranger = await login(server.app, 'stranger@example.com', 'stranger-password');
  reader = (await ok(server, 'POST', '/api/v1/api-tokens', { name: 'reader', scope: 'read' })).token;
});
afterAll(() => server.close());

describe('time off', () => {
  it('creates, lists (by start, filtered by from/to) and deletes entries', async () => {
    const later = await ok(server, 'POST', '/api/v1/people/carol/time-off', { start: '2026-08-01T00:00:00Z', end: '2026-08-15T00:00:00Z', note: 'summer' });
    const sooner = await ok(server, 'POST', '/api/v1/people/carol/time-off', { start: '2026-07-01T09:00:00+02:00', end: '2026-07-02T00:00:00Z' });
    expect(later).toEqual({
      id: expect.stringMatching(/^off-[a-f0-9]+$/),
      person: 'carol',
      start: '2026-08-01T00:00:00.000Z',
      end: '2026-08-15T00:00:00.000Z',
      note: 'summer',
      createdAt: '2026-06-01T12:00:00.000Z',
      createdBy: 'admin@example.com',
    });
    expect(sooner).toMatchObject({ start: '2026-07-01T07:00:00.000Z', note: null });
    const ids = async (query: string) => (await list('carol', query)).timeOff.map((t) => t.id);
    expect(await list('carol')).toEqual({ person: 'carol', timeOff: [sooner, later] });
    expect(await ids('?from=2026-07-02T00:00:00Z')).toEqual([later.id]);
    expect(await ids('?to=2026-08-01T00:00:00Z')).toEqual([sooner.id]);
    expect(await ids('?from=2026-07-01T23:00:00Z&to=2026-08-01T00:00:01Z')).toEqual([sooner.id, later.id]);

    expect((await server.call({ method: 'DELETE', url: `/api/v1/people/carol/time-off/${sooner.id}` })).statusCode).toBe(204);
    expect(await ids('')).toEqual([later.id]);
    problem(await server.call({ method: 'DELETE', url: `/api/v1/people/carol/time-off/${sooner.id}` }), 404);
    // An entry is deleted through its own person only.
    problem(await server.call({ method: 'DELETE', url: `/api/v1/people/bob/time-off/${later.id}` }), 404);
    expect(await rows('carol')).toBe(1);
  });

  it('refuses bad input naming the field, storing nothing', async () => {
    const before = await rows('bob');
    const cases: [object, string][] = [
      [{ start: '2026-07-01T00:00:00', end: '2026-07-02T00:00:00Z' }, '/start'],
      [{ start: '2026-07-01T00:00:00Z', end: '2026-07-01T00:00:00Z' }, '/end'],
      [{ start: '2026-07-02T00:00:00Z', end: '2026-07-01T00:00:00Z' }, '/end'],
      [{ start: '2026-07-01T00:00:00Z', end: '2029-07-02T00:00:00Z' }, '/end'],
      [{ start: '2026-07-01T00:00:00Z', end: '2026-07-02T00:00:00Z', note: 'x'.repeat(1001) }, '/note'],
    ];
    for (const [payload, path] of cases) {
      const body = problem(await post('bob', payload), 400);
      expect(body.errors?.map((e) => e.path), JSON.stringify(payload)).toContain(path);
    }
    // Three years is the most: exactly 1096 days is still taken.
    expect((await post('bob', { start: '2026-07-01T00:00:00Z', end: '2029-07-01T00:00:00Z' })).statusCode).toBe(201);
    expect(await rows('bob')).toBe(before + 1);
    problem(await post('nobody', { start: '2026-07-01T00:00:00Z', end: '2026-07-02T00:00:00Z' }), 404);
    problem(await server.call({ method: 'GET', url: '/api/v1/people/nobody/time-off' }), 404);
    problem(await server.call({ method: 'GET', url: '/api/v1/people/bob/time-off?from=yesterday' }), 400);
    expect(await rows('nobody')).toBe(0);
  });

  it('holds one person to 5,000 entries (409), storing nothing more', async () => {
    await putPeople(server, 'busy');
    // 4,999 entries written straight into the table: the bound is counted there.
    await server.query(
      `with recursive n(i) as (select 1 union all select i + 1 from n where i < 4999)
       insert into time_off (id, person_id, "start", "end", note, created_by, created_at)
       select 'off-busy' || i, 'busy', i * 60000, i * 60000 + 30000, null, 'test', 0 from n returning id`,
    );
    expect((await post('busy', { start: '2026-07-01T00:00:00Z', end: '2026-07-02T00:00:00Z' })).statusCode).toBe(201);
    problem(await post('busy', { start: '2026-07-03T00:00:00Z', end: '2026-07-04T00:00:00Z' }), 409);
    expect(await rows('busy')).toBe(5000);
  });

  it('lets admins write anyone’s, a viewer only their own person’s, and any credential read', async () => {
    const own = await post('alice', { start: '2026-09-01T00:00:00Z', end: '2026-09-02T00:00:00Z' }, alice);
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ person: 'alice', createdBy: 'alice@example.com' });
    const bobs = await ok(server, 'POST', '/api/v1/people/bob/time-off', { start: '2026-09-01T00:00:00Z', end: '2026-09-02T00:00:00Z' });
    const bobRows = await rows('bob');

    expect(problem(await post('bob', { start: '2026-09-03T00:00:00Z', end: '2026-09-04T00:00:00Z' }, alice), 403).detail).toContain('"alice"');
    problem(await server.call({ method: 'DELETE', url: `/api/v1/people/bob/time-off/${bobs.id}`, token: alice }), 403);
    problem(await post('alice', { start: '2026-09-03T00:00:00Z', end: '2026-09-04T00:00:00Z' }, stranger), 403);
    problem(await server.call({ method: 'DELETE', url: `/api/v1/people/alice/time-off/${own.json().id}`, token: stranger }), 403);
    problem(await post('alice', { start: '2026-09-03T00:00:00Z', end: '2026-09-04T00:00:00Z' }, reader), 403);
    problem(await post('alice', { start: '2026-09-03T00:00:00Z', end: '2026-09-04T00:00:00Z' }, null), 401);
    expect(await rows('bob')).toBe(bobRows);
    expect(await rows('alice')).toBe(1);

    // Reading is for any credential, whoever's time off it is.
    expect((await list('bob', '', alice)).timeOff.map((t) => t.id)).toContain(bobs.id);
    expect((await list('alice', '', reader)).timeOff).toHaveLength(1);
    expect((await list('alice', '', stranger)).timeOff).toHaveLength(1);

    expect((await server.call({ method: 'DELETE', url: `/api/v1/people/alice/time-off/${own.json().id}`, token: alice })).statusCode).toBe(204);
    expect(await rows('alice')).toBe(0);
  });

  it('tells a signed-in user which person is theirs', async () => {
    const me = async (token: string) => (await server.call({ method: 'GET', url: '/api/v1/auth/me', token })).json();
    expect(await me(alice)).toMatchObject({ email: 'alice@example.com', role: 'viewer', person: 'alice' });
    expect(await me(stranger)).toMatchObject({ email: 'stranger@example.com', person: null });
    expect(await me(server.token)).toMatchObject({ role: 'admin', person: null });
  });

  it('is audited: who added and removed which entry', async () => {
    const entry = await ok(server, 'POST', '/api/v1/people/carol/time-off', { start: '2026-10-01T00:00:00Z', end: '2026-10-02T00:00:00Z' });
    await ok(server, 'DELETE', `/api/v1/people/carol/time-off/${entry.id}`);
    const { items } = await ok(server, 'GET', '/api/v1/audit?resource=time-off');
    const mine = items.filter((e: { resourceId: string }) => e.resourceId === entry.id);
    expect(mine.map((e: { action: string; actor: { label: string } }) => e.action).sort()).toEqual(['create', 'delete']);
  });

  it('goes with its person', async () => {
    await putPeople(server, 'leaver');
    await ok(server, 'POST', '/api/v1/people/leaver/time-off', { start: '2026-10-01T00:00:00Z', end: '2026-10-02T00:00:00Z' });
    expect(await rows('leaver')).toBe(1);
    expect((await server.call({ method: 'DELETE', url: '/api/v1/people/leaver' })).statusCode).toBe(204);
    expect(await rows('leaver')).toBe(0);
    problem(await server.call({ method: 'GET', url: '/api/v1/people/leaver/time-off' }), 404);
  });
});

/**
 * What time off does to coverage (the engine's part, spec §13): stored even when it leaves a gap
 * in a schedule requiring coverage; `keep` reports a conflict, `next` routes around the person and
 * leaves a gap only when everyone is away.
 */
describe('time off and coverage', () => {
  // Monday 2026-06-08 to Monday 2026-06-15: week 2 of a weekly rotation started 2026-05-25,
  // alice's (week 0 alice, week 1 bob, week 2 alice).
  const week = 'from=2026-06-08T00:00:00Z&to=2026-06-15T00:00:00Z';
  const layer = { id: 'week', participants: ['alice', 'bob'], rotation: { every: 'P1W', start: '2026-05-25T00:00' } };
  const coverage = (schedule: string) => ok(server, 'GET', `/api/v1/schedules/${schedule}/coverage?${week}`);

  beforeAll(async () => {
    await ok(server, 'PUT', '/api/v1/schedules/keep', { name: 'Keep', timeZone: 'UTC', layers: [layer] });
    await ok(server, 'PUT', '/api/v1/schedules/next', { name: 'Next', timeZone: 'UTC', layers: [{ ...layer, whenAway: 'next' }] });
  });

  it('is stored when it leaves a gap; coverage shows the gap (next) and the conflict (keep), and renews', async () => {
    // Asked before: the timelines are cached, and must renew when the time off is written.
    expect((await coverage('keep')).conflicts).toEqual([]);
    expect((await coverage('next')).gaps).toEqual([]);

    const bobs = await ok(server, 'POST', '/api/v1/people/bob/time-off', { start: '2026-06-10T00:00:00Z', end: '2026-06-12T00:00:00Z' });
    // Alice still holds her week: nobody on it is away.
    expect((await coverage('next')).gaps).toEqual([]);
    const res = await post('alice', { start: '2026-06-10T00:00:00Z', end: '2026-06-12T00:00:00Z' });
    expect(res.statusCode).toBe(201);
    const alices = res.json();

    expect((await coverage('keep')).conflicts).toEqual([{ person: 'alice', start: '2026-06-10T00:00:00.000Z', end: '2026-06-12T00:00:00.000Z', timeOff: alices.id }]);
    const next = await coverage('next');
    expect(next.gaps).toEqual([{ start: '2026-06-10T00:00:00.000Z', end: '2026-06-12T00:00:00.000Z' }]);
    expect(next.conflicts).toEqual([]);

    // A gap time off leaves is not the roster's: the schedule can still be saved.
    expect((await server.call({ method: 'PUT', url: '/api/v1/schedules/next', payload: { name: 'Next (renamed)', timeZone: 'UTC', layers: [{ ...layer, whenAway: 'next' }] } })).statusCode).toBe(200);

    // Bob back: he covers alice's days off in `next`.
    await ok(server, 'DELETE', `/api/v1/people/bob/time-off/${bobs.id}`);
    expect((await coverage('next')).gaps).toEqual([]);
    await ok(server, 'DELETE', `/api/v1/people/alice/time-off/${alices.id}`);
    expect((await coverage('keep')).conflicts).toEqual([]);
  });
});
