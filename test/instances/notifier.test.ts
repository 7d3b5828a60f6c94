/**
 * Spec §12 and §14 with two instances on one database: exactly one sends notifications, so each
 * handoff's notice reaches a webhook once; when the leader is killed (kill -9) the other takes
 * over within 30 s and sends what fell due meanwhile and what falls due after, once each. The
 * instances keep the real time: handoffs come from overrides a few seconds ahead.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHttpReceiver, type HttpReceiver } from '../notify/receivers.js';
import { covered, freshDatabase, ok, people, signIn, startInstances, stopAll, type Instance } from './cluster.js';

const TAKEOVER_WITHIN_MS = 30_000;
const SECOND = 1_000;

let database: Awaited<ReturnType<typeof freshDatabase>>;
let instances: Instance[] = [];
let hook: HttpReceiver;

beforeAll(async () => {
  database = await freshDatabase();
  instances = await startInstances(database.url, 2, { ROTA_WEBHOOK_ALLOW_PRIVATE: '1' });
  hook = await startHttpReceiver();
}, 180_000);

afterAll(async () => {
  await stopAll(instances);
  await hook?.close();
  await database?.drop();
});

const alive = (i: Instance) => i.process.exitCode === null && i.process.signalCode === null;

/** The instance that says it leads, once exactly one of `among` does (within 30 s), and how long that took. */
async function leaderOf(among: readonly Instance[]): Promise<{ leader: Instance; ms: number }> {
  const began = performance.now();
  for (;;) {
    const says = await Promise.all(among.map((i) => fetch(`${i.base}/healthz`).then(async (r) => ((await r.json()) as { leader: boolean }).leader, () => false)));
    if (says.filter(Boolean).length === 1) return { leader: among[says.indexOf(true)]!, ms: performance.now() - began };
    if (performance.now() - began > TAKEOVER_WITHIN_MS + 5 * SECOND) throw new Error(`no single leader among ${among.map((i) => i.name)}: ${says}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Received {
  id: string;
  type: string;
  data: { start: string; person: string };
}
const received = (): Received[] => hook.requests.map((r) => ({ ...(JSON.parse(r.body) as Omit<Received, 'id'>), id: String(r.headers['webhook-id']) }));

/** A whole second at least `ms` from now (handoffs on whole seconds read back exactly). */
const inAbout = (ms: number) => Math.ceil((Date.now() + ms) / SECOND) * SECOND;
const iso = (ms: number) => new Date(ms).toISOString();

/** Resolves once a shift.started has arrived for every instant of `starts`, then a quiet moment for duplicates to turn up. */
async function handoffsArrived(starts: readonly number[], withinMs: number): Promise<void> {
  const wanted = starts.map(iso);
  for (const deadline = Date.now() + withinMs; ; ) {
    const seen = new Set(received().map((n) => n.data.start));
    if (wanted.every((s) => seen.has(s))) break;
    if (Date.now() > deadline) throw new Error(`handoffs not notified: ${wanted.filter((s) => !seen.has(s))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 3 * SECOND));
}

/** How many notices arrived for each instant of `starts`, and whether any webhook-id came twice. */
function tally(starts: readonly number[]) {
  const notices = received();
  return {
    perHandoff: starts.map((s) => notices.filter((n) => n.type === 'shift.started' && n.data.start === iso(s)).length),
    repeatedIds: notices.length - new Set(notices.map((n) => n.id)).size,
  };
}

it('notifies each handoff once from the one leader, and after kill -9 from the next, once', { timeout: 120_000 }, async () => {
  const [a] = instances as [Instance, Instance];
  const token = await signIn(a);
  for (const id of [...people, 'carol', 'dave', 'erin']) await ok(a, token, 'PUT', `/api/v1/people/${id}`, { name: id });
  await ok(a, token, 'PUT', '/api/v1/schedules/sre', covered);
  await ok(a, token, 'PUT', '/api/v1/channels/hook', { name: 'Hook', kind: 'webhook', url: hook.url, events: ['shift.started'] });
  const { leader } = await leaderOf(instances);
  const follower = instances.find((i) => i !== leader)!;
  const followerToken = await signIn(follower);

  // Written through the follower: the leader hears of it and plans. carol, then dave, then back.
  const t = inAbout(4 * SECOND);
  const first = [t, t + 3 * SECOND, t + 6 * SECOND];
  await ok(follower, followerToken, 'POST', '/api/v1/schedules/sre/overrides', { person: 'carol', start: iso(first[0]!), end: iso(first[1]!) });
  await ok(follower, followerToken, 'POST', '/api/v1/schedules/sre/overrides', { person: 'dave', start: iso(first[1]!), end: iso(first[2]!) });
  await handoffsArrived(first, 20 * SECOND);
  expect(tally(first)).toEqual({ perHandoff: [1, 1, 1], repeatedIds: 0 });

  // A handoff falls due 3 s after the leader is killed: no one leads then, the next leader sends it
  // (it is under an hour late). Nothing is in flight at the kill: the last notice went out seconds ago.
  const u = inAbout(3 * SECOND);
  const whileLeaderless = [u, u + 2 * SECOND];
  await ok(follower, followerToken, 'POST', '/api/v1/schedules/sre/overrides', { person: 'erin', start: iso(whileLeaderless[0]!), end: iso(whileLeaderless[1]!) });
  leader.process.kill('SIGKILL');
  await leader.exited;
  const { leader: next, ms } = await leaderOf(instances.filter(alive));
  expect(next).toBe(follower);
  expect(ms).toBeLessThan(TAKEOVER_WITHIN_MS);

  const v = inAbout(3 * SECOND);
  const afterTakeover = [v, v + 2 * SECOND];
  await ok(follower, followerToken, 'POST', '/api/v1/schedules/sre/overrides', { person: 'carol', start: iso(afterTakeover[0]!), end: iso(afterTakeover[1]!) });
  const all = [...first, ...whileLeaderless, ...afterTakeover];
  await handoffsArrived(all, 20 * SECOND);
  expect(tally(all)).toEqual({ perHandoff: all.map(() => 1), repeatedIds: 0 });

  const log = (await ok(follower, followerToken, 'GET', '/api/v1/deliveries?channel=hook')).items as { status: string; attempts: number; data: { start: string } }[];
  const ours = log.filter((d) => all.map(iso).includes(d.data.start));
  expect(ours.map((d) => [d.status, d.attempts])).toEqual(all.map(() => ['delivered', 1]));
});
