import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { movableClock } from '../clock.js';
import { problem, startServer, type TestServer } from '../helpers.js';

let server: TestServer;
const clock = movableClock('2026-06-01T12:00:00Z');
beforeAll(async () => {
  server = await startServer({ now: clock.now });
});
afterAll(async () => server.close());

const put = (id: string, payload: unknown) => server.call({ method: 'PUT', url: `/api/v1/people/${id}`, payload: payload as object });
const list = async () => (await server.call({ method: 'GET', url: '/api/v1/people' })).json().items as { id: string }[];

beforeEach(async () => {
  for (const p of await list()) await server.call({ method: 'DELETE', url: `/api/v1/people/${p.id}` });
});

describe('people', () => {
  it('creates (201), reads, replaces (200) and lists sorted by id', async () => {
    const created = await put('carol', { name: 'Carol Chen', email: 'carol@example.com', phone: '+49 30 1234', timeZone: 'Europe/Berlin' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'carol', name: 'Carol Chen', email: 'carol@example.com', phone: '+49 30 1234', timeZone: 'Europe/Berlin' });
    expect(created.json()).toMatchObject({ createdAt: '2026-06-01T12:00:00.000Z', updatedAt: '2026-06-01T12:00:00.000Z' });

    clock.set('2026-06-01T12:05:00Z');
    const replaced = await put('carol', { name: 'Carol C.' });
    expect(replaced.statusCode).toBe(200);
    // A replace is whole: fields left out are cleared.
    expect(replaced.json()).toMatchObject({ id: 'carol', name: 'Carol C.', email: null, phone: null, timeZone: null });
    expect(replaced.json()).toMatchObject({ createdAt: '2026-06-01T12:00:00.000Z', updatedAt: '2026-06-01T12:05:00.000Z' });

    await put('alice', { name: 'Alice' });
    expect((await list()).map((p) => p.id)).toEqual(['alice', 'carol']);
    expect((await server.call({ method: 'GET', url: '/api/v1/people/carol' })).json().name).toBe('Carol C.');
  });

  it('is idempotent: the same PUT twice leaves one person', async () => {
    await put('dave', { name: 'Dave' });
    await put('dave', { name: 'Dave' });
    expect(await list()).toHaveLength(1);
  });

  it('deletes (204), then 404 on read and on a second delete', async () => {
    await put('erin', { name: 'Erin' });
    expect((await server.call({ method: 'DELETE', url: '/api/v1/people/erin' })).statusCode).toBe(204);
    problem(await server.call({ method: 'GET', url: '/api/v1/people/erin' }), 404);
    problem(await server.call({ method: 'DELETE', url: '/api/v1/people/erin' }), 404);
  });

  it('refuses a duplicate email with 409 and stores nothing', async () => {
    await put('alice', { name: 'Alice', email: 'shared@example.com' });
    const res = problem(await put('bob', { name: 'Bob', email: 'shared@example.com' }), 409);
    expect(res.detail).toContain('alice');
    expect((await list()).map((p) => p.id)).toEqual(['alice']);
    // Keeping one's own email on replace is no clash.
    expect((await put('alice', { name: 'Alice A.', email: 'shared@example.com' })).statusCode).toBe(200);
  });

  it.each([
    ['Bad_Id', { name: 'X' }, '/params/id'],
    ['-leading-dash', { name: 'X' }, '/params/id'],
    ['a'.repeat(64), { name: 'X' }, '/params/id'],
    ['ok', { name: 'X', timeZone: 'Mars/Olympus_Mons' }, '/timeZone'],
    ['ok', { name: 'X', timeZone: '+02:00' }, '/timeZone'],
    ['ok', {}, '/name'],
    ['ok', { name: '' }, '/name'],
    ['ok', { name: 'X', email: 'not an email' }, '/email'],
    ['ok', { name: 42 }, '/name'],
    ['ok', { name: 'X', id: 'other' }, '/id'],
  ])('PUT %s %j → 400 naming %s, nothing stored', async (id, body, path) => {
    const res = problem(await put(id, body), 400);
    expect(res.errors?.map((e) => e.path)).toContain(path);
    expect(await list()).toEqual([]);
  });

  it('answers 413 problem+json for a 5 MB body', async () => {
    const res = await put('big', { name: 'x'.repeat(5 * 1024 * 1024) });
    problem(res, 413);
    expect(await list()).toEqual([]);
  });

  it('answers 400 problem+json for malformed JSON', async () => {
    const res = await server.call({ method: 'PUT', url: '/api/v1/people/x', headers: { 'content-type': 'application/json' }, payload: '{"name": "X",' });
    problem(res, 400);
  });

  it('answers 415 problem+json for a body that is not JSON', async () => {
    const res = await server.call({ method: 'PUT', url: '/api/v1/people/x', headers: { 'content-type': 'text/plain' }, payload: 'name=X' });
    problem(res, 415);
  });

  it('stores hostile text verbatim', async () => {
    const name = "Robert'); DROP TABLE people;--";
    await put('bobby', { name, phone: '<script>alert(1)</script>' });
    const got = (await server.call({ method: 'GET', url: '/api/v1/people/bobby' })).json();
    expect(got.name).toBe(name);
    expect(got.phone).toBe('<script>alert(1)</script>');
    expect((await list()).map((p) => p.id)).toEqual(['bobby']);
  });

  it('keeps non-ASCII names intact', async () => {
    await put('zoe', { name: 'Zoë Ørsted-Łukasiewicz 山田' });
    expect((await server.call({ method: 'GET', url: '/api/v1/people/zoe' })).json().name).toBe('Zoë Ørsted-Łukasiewicz 山田');
  });
});

describe('errors', () => {
  it('an unknown route is a 404 problem', async () => {
    problem(await server.call({ method: 'GET', url: '/api/v1/nothing-here' }), 404);
  });

  it('an unknown person is a 404 problem naming it', async () => {
    expect(problem(await server.call({ method: 'GET', url: '/api/v1/people/ghost' }), 404).detail).toContain('ghost');
  });

  it('every write is in the audit log with its actor', async () => {
    await put('audited', { name: 'Audited' });
    await server.call({ method: 'DELETE', url: '/api/v1/people/audited' });
    const rows = await server.query("select action, actor_label as actor from audit_log where resource = 'person' and resource_id = 'audited' order by id");
    expect(rows).toEqual([
      { action: 'create', actor: 'admin@example.com' },
      { action: 'delete', actor: 'admin@example.com' },
    ]);
  });
});
