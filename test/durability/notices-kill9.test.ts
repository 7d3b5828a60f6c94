/**
 * The outbox survives kill -9 (spec §14): a real server process on the real clock sends a
 * handoff notice to two receivers, one acknowledges it, the other keeps it waiting; the server is
 * killed mid-send and restarted on the same file. The unacknowledged notice goes out again under
 * the same webhook-id; the acknowledged one is never sent again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startHttpReceiver, type HttpReceiver } from '../notify/receivers.js';
import { loginOver, startChildServer, type ChildServer } from './child-server.js';

const dir = mkdtempSync(join(tmpdir(), 'rota-notices-kill9-'));
const dbPath = join(dir, 'rota.db');
const env = { ROTA_WEBHOOK_ALLOW_PRIVATE: '1' };
let server: ChildServer | undefined;
const hooks: HttpReceiver[] = [];

afterAll(async () => {
  if (server && server.process.exitCode === null && server.process.signalCode === null) {
    server.process.kill('SIGKILL');
    await server.exited;
  }
  await Promise.all(hooks.map((h) => h.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function api(method: string, path: string, token: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server!.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

type Delivery = { id: string; channel: string; status: string; attempts: number };

/** The delivery log once `ready` holds of it (within 10 s). */
async function deliveriesOnce(token: string, ready: (log: Delivery[]) => boolean): Promise<Delivery[]> {
  for (const deadline = Date.now() + 10_000; ; ) {
    const log = (await api('GET', '/api/v1/deliveries', token)).items as Delivery[];
    if (ready(log) || Date.now() > deadline) return log;
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('sends an unacknowledged notice again after kill -9, under the same id, and an acknowledged one never', { timeout: 90_000 }, async () => {
  const [a, b] = [await startHttpReceiver(), await startHttpReceiver()];
  hooks.push(a, b);
  b.answer('hang'); // B's first request gets no answer: the server is killed while it waits

  server = await startChildServer(dbPath, env);
  let token = await loginOver(server.base);
  for (const id of ['alice', 'bob', 'carol']) await api('PUT', `/api/v1/people/${id}`, token, { name: id });
  await api('PUT', '/api/v1/schedules/sre', token, {
    name: 'SRE',
    timeZone: 'UTC',
    layers: [{ id: 'all', participants: ['alice', 'bob'], rotation: { every: 'P1W', start: '2020-01-06T00:00' } }],
  });
  for (const [id, hook] of [['a', a], ['b', b]] as const) {
    await api('PUT', `/api/v1/channels/${id}`, token, { name: id, kind: 'webhook', url: hook.url, events: ['shift.started'] });
  }
  // carol takes over in 2 s: a handoff falls due on the real clock.
  const start = Date.now() + 2_000;
  await api('POST', '/api/v1/schedules/sre/overrides', token, { person: 'carol', start: new Date(start).toISOString(), end: new Date(start + 3_600_000).toISOString() });

  const [[toA], [toB]] = await Promise.all([a.received(1, 20_000), b.received(1, 20_000)]);
  const id = toB!.headers['webhook-id'];
  expect(JSON.parse(toA!.body)).toMatchObject({ type: 'shift.started', data: { schedule: 'sre', person: 'carol' } });
  expect(JSON.parse(toB!.body).data).toEqual(JSON.parse(toA!.body).data);
  // A's acknowledgement is recorded just after A answered.
  const before = await deliveriesOnce(token, (log) => log.some((d) => d.channel === 'a' && d.status !== 'pending'));
  expect(before.map((d) => [d.channel, d.status, d.attempts]).sort()).toEqual([['a', 'delivered', 1], ['b', 'pending', 0]]);

  server.process.kill('SIGKILL');
  await server.exited;

  // B answers from now on (200 once the 'hang' is used up); Rota comes back on the same file.
  server = await startChildServer(dbPath, env);
  token = await loginOver(server.base);
  const [, again] = await b.received(2, 20_000);
  expect(again!.headers['webhook-id']).toBe(id);
  expect(again!.body).toBe(toB!.body);
  // Time for anything else the restart would send to arrive: nothing does.
  await new Promise((r) => setTimeout(r, 2_000));
  expect(a.requests).toHaveLength(1);
  expect(b.requests).toHaveLength(2);

  const after = await deliveriesOnce(token, (log) => log.every((d) => d.status !== 'pending'));
  expect(Object.fromEntries(after.map((d) => [d.channel, [d.id, d.status, d.attempts]]))).toEqual({
    a: [toA!.headers['webhook-id'], 'delivered', 1],
    // The attempt cut short by the kill left no outcome to count: the one after the restart is its first recorded.
    b: [id, 'delivered', 1],
  });

  server.process.kill('SIGTERM');
  await server.exited;
});
