/**
 * Spec §12: a write answered by one instance is seen by every other within 1 s — through each
 * cache that holds it (people directory, timelines, calendars, the session secret) and each
 * credential check — and again after the listening connection was cut.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../helpers.js';
import {
  backendOf,
  call,
  covered,
  freshDatabase,
  msUntil,
  ok,
  signIn,
  startInstances,
  stopAll,
  terminateBackend,
  type Instance,
} from './cluster.js';

const SEEN_WITHIN_MS = 1_000;

let database: Awaited<ReturnType<typeof freshDatabase>>;
let a: Instance;
let b: Instance;
let tokenA: string;
let tokenB: string;

const onCallAt = async (instance: Instance, token: string, schedule: string, at: string) =>
  (await ok(instance, token, 'GET', `/api/v1/schedules/${schedule}/oncall?at=${at}`)) as { person: { id: string; name: string } | null; source: string };

beforeAll(async () => {
  database = await freshDatabase();
  [a, b] = (await startInstances(database.url, 2)) as [Instance, Instance];
  tokenA = await signIn(a);
  tokenB = await signIn(b);
  for (const id of ['alice', 'bob']) await ok(a, tokenA, 'PUT', `/api/v1/people/${id}`, { name: id });
  await ok(a, tokenA, 'PUT', '/api/v1/holiday-calendars/ours', { name: 'Ours', region: null, include: [], exclude: [] });
  await ok(a, tokenA, 'PUT', '/api/v1/schedules/sre', covered);
  // alice always, bob on the days of calendar "ours".
  await ok(a, tokenA, 'PUT', '/api/v1/schedules/hol', {
    name: 'Holidays',
    timeZone: 'UTC',
    layers: [
      { id: 'base', name: 'Base', participants: ['alice'], rotation: { every: 'P1W', start: '2020-01-06T00:00' } },
      { id: 'hol', name: 'Holidays', participants: ['bob'], rotation: { every: 'P1W', start: '2020-01-06T00:00' }, activeWhen: { holidays: [{ calendar: 'ours' }] } },
    ],
  });
  // B has read (and cached) everything before A changes it.
  await onCallAt(b, tokenB, 'hol', '2030-07-01T12:00:00Z');
  await onCallAt(b, tokenB, 'sre', '2030-01-07T12:00:00Z');
}, 180_000);

afterAll(async () => {
  await stopAll([a, b].filter(Boolean));
  await database?.drop();
});

describe('a write answered by A is seen by B within 1 s', () => {
  it('a person (the directory on-call answers embed)', async () => {
    await ok(a, tokenA, 'PUT', '/api/v1/people/alice', { name: 'Alice Renamed' });
    const ms = await msUntil(async () => (await onCallAt(b, tokenB, 'hol', '2030-07-01T12:00:00Z')).person?.name === 'Alice Renamed');
    expect(ms).toBeLessThan(SEEN_WITHIN_MS);
  });

  it('a schedule version', async () => {
    await ok(a, tokenA, 'PUT', '/api/v1/schedules/sre', { ...covered, name: 'SRE v2' });
    const ms = await msUntil(async () => (await ok(b, tokenB, 'GET', '/api/v1/schedules/sre')).name === 'SRE v2');
    expect(ms).toBeLessThan(SEEN_WITHIN_MS);
  });

  it('an override', async () => {
    const before = await onCallAt(b, tokenB, 'sre', '2030-03-01T12:00:00Z');
    const other = before.person?.id === 'alice' ? 'bob' : 'alice';
    await ok(a, tokenA, 'POST', '/api/v1/schedules/sre/overrides', { person: other, start: '2030-03-01T00:00:00Z', end: '2030-03-02T00:00:00Z' });
    const ms = await msUntil(async () => {
      const now = await onCallAt(b, tokenB, 'sre', '2030-03-01T12:00:00Z');
      return now.source === 'override' && now.person?.id === other;
    });
    expect(ms).toBeLessThan(SEEN_WITHIN_MS);
  });

  it('a holiday calendar (the timelines of the schedules using it)', async () => {
    expect((await onCallAt(b, tokenB, 'hol', '2030-07-01T12:00:00Z')).person?.id).toBe('alice');
    await ok(a, tokenA, 'PUT', '/api/v1/holiday-calendars/ours', { name: 'Ours', region: null, include: [{ date: '2030-07-01', name: 'Our day' }], exclude: [] });
    const ms = await msUntil(async () => (await onCallAt(b, tokenB, 'hol', '2030-07-01T12:00:00Z')).person?.id === 'bob');
    expect(ms).toBeLessThan(SEEN_WITHIN_MS);
  });

  it('an API token revoked', async () => {
    const created = await ok(a, tokenA, 'POST', '/api/v1/api-tokens', { name: 'pager', scope: 'read' });
    expect((await call(b, created.token, 'GET', '/api/v1/people')).status).toBe(200);
    await ok(a, tokenA, 'DELETE', `/api/v1/api-tokens/${created.id}`);
    const ms = await msUntil(async () => (await call(b, created.token, 'GET', '/api/v1/people')).status === 401);
    expect(ms).toBeLessThan(SEEN_WITHIN_MS);
  });

  it('a password change, which ends every session of the user', async () => {
    await ok(a, tokenA, 'POST', '/api/v1/users', { email: 'viewer@example.com', name: 'Viewer', role: 'viewer', password: 'first password' });
    const session = await signIn(a, { email: 'viewer@example.com', password: 'first password' });
    expect((await call(b, session, 'GET', '/api/v1/people')).status).toBe(200);
    await ok(a, session, 'POST', '/api/v1/auth/password', { currentPassword: 'first password', newPassword: 'second password' });
    const ms = await msUntil(async () => (await call(b, session, 'GET', '/api/v1/people')).status === 401);
    expect(ms).toBeLessThan(SEEN_WITHIN_MS);
  });

  it('a rotated session secret, which ends every session (B caches the secret)', async () => {
    const session = await signIn(b);
    expect((await call(b, session, 'GET', '/api/v1/people')).status).toBe(200);
    await ok(a, tokenA, 'POST', '/api/v1/admin/session-secret/rotate');
    const ms = await msUntil(async () => (await call(b, session, 'GET', '/api/v1/people')).status === 401);
    expect(ms).toBeLessThan(SEEN_WITHIN_MS);
    // Sessions B signs from now on use the new secret, which A accepts.
    tokenA = await signIn(a, ADMIN);
    tokenB = await signIn(b, ADMIN);
    expect((await call(a, tokenB, 'GET', '/api/v1/people')).status).toBe(200);
  });
});

describe('after B’s listening connection is cut', () => {
  it('B reconnects, reloads what it missed, and sees later writes within 1 s again', async () => {
    await onCallAt(b, tokenB, 'hol', '2030-08-01T12:00:00Z');
    const listener = await backendOf(database.url, b, 'listener');
    expect(listener).not.toBeNull();
    await terminateBackend(database.url, listener!);
    // Written while B is not listening: no notification reaches B for it.
    await ok(a, tokenA, 'PUT', '/api/v1/people/bob', { name: 'Bob While Away' });
    await ok(a, tokenA, 'PUT', '/api/v1/holiday-calendars/ours', {
      name: 'Ours',
      region: null,
      include: [
        { date: '2030-07-01', name: 'Our day' },
        { date: '2030-08-01', name: 'Another' },
      ],
      exclude: [],
    });
    const reconnected = await msUntil(async () => {
      const now = await backendOf(database.url, b, 'listener');
      return now !== null && now !== listener;
    }, 10_000);
    expect(reconnected).toBeLessThan(10_000);
    // The reload on reconnection brought B what it missed.
    const missed = await msUntil(async () => {
      const at = await onCallAt(b, tokenB, 'hol', '2030-08-01T12:00:00Z');
      return at.person?.id === 'bob' && at.person.name === 'Bob While Away';
    });
    expect(missed).toBeLessThan(SEEN_WITHIN_MS);

    await ok(a, tokenA, 'PUT', '/api/v1/people/bob', { name: 'Bob Back' });
    const ms = await msUntil(async () => (await onCallAt(b, tokenB, 'hol', '2030-08-01T12:00:00Z')).person?.name === 'Bob Back');
    expect(ms).toBeLessThan(SEEN_WITHIN_MS);
  });
});
