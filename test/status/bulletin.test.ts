/**
 * The outage bulletin over the API (spec §15): who may post (admins and the coordinator on duty,
 * and no one else — not the previous coordinator after the handoff), components following the
 * newest open update naming them, 400s that store nothing, bulletin.updated reaching a channel,
 * and the public pages: ETag/304, Cache-Control public, rendered anew after each change.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { movableClock, type MovableClock } from '../clock.js';
import { login, problem, startServer, type TestServer } from '../helpers.js';
import { ok, putPeople } from '../http/fixtures.js';
import { receiverPool } from '../notify/receivers.js';

let server: TestServer;
let clock: MovableClock;
let exportDir: string;
const receivers = receiverPool();

/** Weekly handoffs on Mondays 09:00 Berlin: alice from Monday 22 March 2027, bob from the 29th. */
const comms = {
  name: 'Communications coordinator',
  timeZone: 'Europe/Berlin',
  layers: [{ id: 'week', participants: ['alice', 'bob'], rotation: { every: 'P1W', start: '2027-03-22T09:00' } }],
};

async function as(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  return server.call({ method, url, token, ...(payload ? { payload } : {}) });
}

const incident = { title: 'Listing search down', impact: 'major', status: 'investigating', message: 'Search fails for everyone.', components: { search: 'major_outage' } };

beforeEach(async () => {
  clock = movableClock('2027-03-24T12:00:00Z');
  exportDir = mkdtempSync(join(tmpdir(), 'rota-status-'));
  server = await startServer({ now: clock.now, timer: clock.timer, webhookAllowPrivate: true, statusExportDir: exportDir });
  await putPeople(server, 'carol');
  for (const [id, name] of [['alice', 'Alice Adams'], ['bob', 'Bob Brown']]) await ok(server, 'PUT', `/api/v1/people/${id}`, { name, email: `${id}@example.com` });
  for (const id of ['alice', 'bob']) await ok(server, 'POST', '/api/v1/users', { email: `${id}@example.com`, name: id, role: 'viewer', password: `${id}-password-1` });
  await ok(server, 'PUT', '/api/v1/schedules/comms', comms);
  await ok(server, 'PUT', '/api/v1/bulletin', { title: 'Example Realty status', coordinatorSchedule: 'comms', about: 'Run by the communications team.' });
  await ok(server, 'PUT', '/api/v1/components/search', {
    name: 'Listing search',
    alternatives: [{ name: 'Your broker website', url: 'https://broker.example.com', note: 'Search works there' }, { name: 'Forms by phone', phone: '+1 555 0100' }],
  });
  await ok(server, 'PUT', '/api/v1/components/forms', { name: 'Forms' });
});

afterEach(async () => {
  await server.close();
  await receivers.closeAll();
  rmSync(exportDir, { recursive: true, force: true });
});

describe('who may post', () => {
  it('the coordinator on duty may; another viewer may not; after the handoff the previous one may not', async () => {
    const alice = await login(server.app, 'alice@example.com', 'alice-password-1');
    const bob = await login(server.app, 'bob@example.com', 'bob-password-1');
    expect((await as(alice, 'GET', '/api/v1/bulletin')).json()).toMatchObject({ coordinator: { id: 'alice', name: 'Alice Adams' }, canPost: true });
    expect((await as(bob, 'GET', '/api/v1/bulletin')).json()).toMatchObject({ canPost: false });
    problem(await as(bob, 'POST', '/api/v1/incidents', incident), 403);
    const created = await as(alice, 'POST', '/api/v1/incidents', incident);
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect(created.json()).toMatchObject({ status: 'investigating', components: { search: 'major_outage' }, updates: [{ message: 'Search fails for everyone.', postedBy: 'Alice Adams' }] });
    // Monday 29 March 09:00 CEST (07:00 UTC): bob takes over.
    clock.set('2027-03-29T07:00:00Z');
    problem(await as(alice, 'POST', `/api/v1/incidents/${id}/updates`, { status: 'identified', message: 'Found it.' }), 403);
    expect((await as(bob, 'POST', `/api/v1/incidents/${id}/updates`, { status: 'identified', message: 'Found it.' })).statusCode).toBe(201);
    problem(await as(bob, 'PUT', '/api/v1/bulletin', { title: 'x', coordinatorSchedule: null }), 403);
  });

  it('refuses bad input with 400 naming the field, and stores nothing', async () => {
    const cases: [object, string][] = [
      [{ ...incident, status: 'fixed' }, '/status'],
      [{ ...incident, impact: 'huge' }, '/impact'],
      [{ ...incident, message: '' }, '/message'],
      [{ ...incident, components: { nope: 'major_outage' } }, '/components/nope'],
      [{ ...incident, components: { search: 'broken' } }, '/components/search'],
      [{ ...incident, nextUpdateBy: '2027-03-24T13:00' }, '/nextUpdateBy'],
      [{ ...incident, nextUpdateBy: '2027-03-24T11:00:00Z' }, '/nextUpdateBy'],
    ];
    for (const [body, path] of cases) {
      const body400 = problem(await server.call({ method: 'POST', url: '/api/v1/incidents', payload: body }), 400);
      expect(body400.errors?.map((e: { path: string }) => e.path), JSON.stringify(body)).toContain(path);
    }
    expect((await ok(server, 'GET', '/api/v1/incidents')).items).toEqual([]);
    problem(await server.call({ method: 'PUT', url: '/api/v1/bulletin', payload: { title: 'x', coordinatorSchedule: 'nope' } }), 400);
    problem(await server.call({ method: 'PUT', url: '/api/v1/components/x', payload: { name: 'X', alternatives: [{ name: 'a', url: 'javascript:alert(1)' }] } }), 400);
  });
});

describe('components and incidents', () => {
  it('a component follows the newest open update naming it, and its own status once the incident is resolved', async () => {
    const { id } = await ok(server, 'POST', '/api/v1/incidents', incident);
    expect((await ok(server, 'GET', '/api/v1/components/search')).effectiveStatus).toBe('major_outage');
    await ok(server, 'POST', `/api/v1/incidents/${id}/updates`, { status: 'monitoring', message: 'Partly back.', components: { search: 'degraded' } });
    expect((await ok(server, 'GET', '/api/v1/components/search')).effectiveStatus).toBe('degraded');
    await ok(server, 'POST', `/api/v1/incidents/${id}/updates`, { status: 'resolved', message: 'All good.' });
    expect((await ok(server, 'GET', '/api/v1/components/search')).effectiveStatus).toBe('operational');
    expect((await ok(server, 'GET', '/api/v1/incidents?status=resolved')).items.map((i: { id: string; updates: unknown[] }) => [i.id, i.updates.length])).toEqual([[id, 3]]);
    expect((await ok(server, 'GET', '/api/v1/incidents?status=open')).items).toEqual([]);
  });

  it('announces every update to channels hearing bulletin.updated', async () => {
    const hook = await receivers.receiver();
    await ok(server, 'PUT', '/api/v1/channels/news', { name: 'news', kind: 'webhook', url: hook.url, events: ['bulletin.updated'] });
    const { id } = await ok(server, 'POST', '/api/v1/incidents', { ...incident, nextUpdateBy: '2027-03-24T13:00:00Z' });
    await server.app.services.notifications.notifier.idle();
    const [first] = await hook.received(1);
    expect(JSON.parse(first!.body)).toMatchObject({
      type: 'bulletin.updated',
      data: { incident: id, title: 'Listing search down: Investigating', summary: 'Search fails for everyone.', nextUpdateBy: '2027-03-24T13:00:00.000Z' },
    });
  });
});

describe('the public status page', () => {
  it('serves HTML, JSON and Atom with ETags, 304s and public caching, renewed by each change', async () => {
    for (const url of ['/status', '/status.json', '/status/feed.atom']) {
      const res = await server.call({ method: 'GET', url, token: null });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control']).toMatch(/public/);
      const again = await server.call({ method: 'GET', url, token: null, headers: { 'if-none-match': String(res.headers.etag) } });
      expect(again.statusCode, url).toBe(304);
    }
    const before = await server.call({ method: 'GET', url: '/status.json', token: null });
    expect(before.json()).toMatchObject({ title: 'Example Realty status', overall: 'operational', coordinator: { name: 'Alice Adams' }, openIncidents: [] });
    await ok(server, 'POST', '/api/v1/incidents', incident);
    const after = await server.call({ method: 'GET', url: '/status.json', token: null, headers: { 'if-none-match': String(before.headers.etag) } });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ overall: 'major_outage', openIncidents: [{ title: 'Listing search down' }] });
    const html = (await server.call({ method: 'GET', url: '/status', token: null })).body;
    expect(html).toContain('Listing search down');
    expect(html).toContain('https://broker.example.com');
    expect(html).toContain('Alice Adams');
    // The coordinator changes at the handoff, with no write.
    clock.set('2027-03-29T07:00:00Z');
    expect((await server.call({ method: 'GET', url: '/status.json', token: null })).json()).toMatchObject({ coordinator: { name: 'Bob Brown' } });
  });

  it('never hands a reader a rendering begun before the change it follows', async () => {
    // On PostgreSQL an export's rendering can still be reading when a write commits; a request
    // after the write must not share it (regression: the page showed the state before the POST).
    const { statusPage } = server.app.services;
    const begunBefore = statusPage.current();
    statusPage.invalidate();
    const after = statusPage.current();
    expect(await after).not.toBe(await begunBefore);
    await ok(server, 'POST', '/api/v1/incidents', incident);
    expect((await server.call({ method: 'GET', url: '/status', token: null })).body).toContain('Listing search down');
  });

  it('keeps the exported files byte-identical to what it serves', async () => {
    await ok(server, 'POST', '/api/v1/incidents', incident);
    const served = {
      'index.html': (await server.call({ method: 'GET', url: '/status', token: null })).body,
      'status.json': (await server.call({ method: 'GET', url: '/status.json', token: null })).body,
      'feed.atom': (await server.call({ method: 'GET', url: '/status/feed.atom', token: null })).body,
    };
    await server.app.services.statusPage.exported();
    for (const [name, body] of Object.entries(served)) expect(readFileSync(join(exportDir, name), 'utf8'), name).toBe(body);
  });
});
