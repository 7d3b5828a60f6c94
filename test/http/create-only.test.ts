/**
 * `PUT /api/v1/<kind>/<id>` creates or replaces (spec §1), and scripts rely on it; with
 * `If-None-Match: *` (RFC 9110 §13.1.2) it only creates — what the web app's "new" forms send so
 * that adding an id that exists never wipes it. A taken id is a 412 problem naming `/id`, and
 * the existing item is left exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem, startServer, type TestServer } from '../helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const CREATE_ONLY = { 'if-none-match': '*' };
const put = (url: string, payload: object, headers: Record<string, string> = {}) => server.call({ method: 'PUT', url, payload, headers });
const get = async (url: string) => (await server.call({ method: 'GET', url })).json();

describe('If-None-Match: * on a person PUT', () => {
  it('creates a new person (201)', async () => {
    const res = await put('/api/v1/people/alice', { name: 'Alice Adams', email: 'alice@example.com', timeZone: 'America/New_York' }, CREATE_ONLY);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: 'alice', email: 'alice@example.com', timeZone: 'America/New_York' });
  });

  it('refuses an id that exists with 412 naming /id, and changes nothing', async () => {
    const before = await get('/api/v1/people/alice');
    const res = await put('/api/v1/people/alice', { name: 'Someone else' }, CREATE_ONLY);
    const body = problem(res, 412);
    expect(body.title).toBe('Precondition failed');
    expect(body.errors).toEqual([{ path: '/id', message: 'person "alice" already exists: choose another id, or edit the existing one' }]);
    expect(await get('/api/v1/people/alice')).toEqual(before);
  });

  it('also when "*" is one of several entity tags', async () => {
    problem(await put('/api/v1/people/alice', { name: 'Someone else' }, { 'if-none-match': '"abc", *' }), 412);
  });

  it('without the header, PUT still replaces (scripts stay idempotent); another entity tag never matches', async () => {
    expect((await put('/api/v1/people/alice', { name: 'Alice A.', email: 'alice@example.com' })).statusCode).toBe(200);
    expect((await put('/api/v1/people/alice', { name: 'Alice A.', email: 'alice@example.com' }, { 'if-none-match': '"abc"' })).statusCode).toBe(200);
    expect(await get('/api/v1/people/alice')).toMatchObject({ name: 'Alice A.', timeZone: null });
  });
});

describe('If-None-Match: * on every create-or-replace PUT', () => {
  const resources: [string, string, object][] = [
    ['schedule', '/api/v1/schedules/comms', {
      name: 'Comms',
      timeZone: 'Europe/Berlin',
      requireCoverage: false,
      layers: [{ id: 'l', participants: ['alice'], rotation: { every: 'P1W', start: '2026-01-05T09:00' } }],
    }],
    ['holiday calendar', '/api/v1/holiday-calendars/de-be', { name: 'Berlin', region: 'DE-BE' }],
    ['escalation chain', '/api/v1/escalation-chains/outage', { name: 'Outage', levels: [{ targets: [{ person: 'alice' }], escalateAfterMinutes: 15 }] }],
  ];

  it.each(resources)('a %s: created once, then 412 naming /id with the stored one unchanged', async (what, url, payload) => {
    expect((await put(url, payload, CREATE_ONLY)).statusCode).toBe(201);
    const before = await get(url);
    const body = problem(await put(url, { ...payload, name: 'Replaced' }, CREATE_ONLY), 412);
    expect(body.errors).toEqual([{ path: '/id', message: `${what} "${url.split('/').at(-1)}" already exists: choose another id, or edit the existing one` }]);
    expect(await get(url)).toEqual(before);
    expect((await put(url, { ...payload, name: 'Replaced' })).statusCode).toBe(200);
  });

  it('is described in the OpenAPI document: the header and the 412', async () => {
    const doc = (await server.call({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/api/v1/people/{id}', '/api/v1/schedules/{id}', '/api/v1/holiday-calendars/{id}', '/api/v1/escalation-chains/{id}']) {
      const op = doc.paths[path].put;
      expect(op.parameters, path).toContainEqual(expect.objectContaining({ in: 'header', name: 'if-none-match' }));
      expect(Object.keys(op.responses), path).toContain('412');
    }
  });
});
