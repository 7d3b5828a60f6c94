/**
 * The notifier end to end (spec §14): a real app on a real database, real HTTP receivers, and a
 * clock the test moves — its timers run when the clock reaches them, so nothing sleeps. Each case
 * is hand-derived: Europe/Berlin goes to summer time on 2027-03-28 at 01:00 UTC.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { movableClock, type MovableClock } from '../clock.js';
import { startServer, type TestServer } from '../helpers.js';
import { ok, putPeople } from '../http/fixtures.js';
import { receiverPool, type HttpReceiver } from './receivers.js';

let server: TestServer;
let clock: MovableClock;
const receivers = receiverPool();
const receiver = receivers.receiver;

/** Waits until the notifier has planned and sent everything the last write or clock move made due. */
async function settled(): Promise<void> {
  await server.app.services.notifications.notifier.idle();
}

async function moveTo(at: string): Promise<void> {
  clock.set(at);
  await settled();
}

async function webhook(id: string, url: string, extra: Record<string, unknown> = {}) {
  const channel = await ok(server, 'PUT', `/api/v1/channels/${id}`, { name: id, kind: 'webhook', url, events: ['shift.started'], ...extra });
  await settled();
  return channel as { secret: string };
}

const bodies = (hook: HttpReceiver) => hook.requests.map((r) => JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> });

async function deliveries(query = '') {
  return (await ok(server, 'GET', `/api/v1/deliveries${query}`)).items as { id: string; channel: string; type: string; status: string; attempts: number; data: Record<string, unknown> }[];
}

/** Weekly handoffs on Mondays 09:00 Berlin between alice and bob, from Monday 22 March 2027. */
const weekly = (start = '2027-03-22T09:00') => ({
  name: 'Communications coordinator',
  timeZone: 'Europe/Berlin',
  fallback: 'director',
  layers: [{ id: 'week', participants: ['alice', 'bob'], rotation: { every: 'P1W', start } }],
});

beforeEach(async () => {
  clock = movableClock('2027-03-24T12:00:00Z');
  server = await startServer({ now: clock.now, timer: clock.timer, webhookAllowPrivate: true });
  await putPeople(server, 'alice', 'bob', 'carol', 'director');
});

afterEach(async () => {
  await server.close();
  await receivers.closeAll();
});

describe('shift.started', () => {
  it('sends one notice per channel at each handoff, never twice, not again after a restart', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/comms', weekly());
    const [a, b] = [await receiver(), await receiver()];
    await webhook('a', a.url);
    await webhook('b', b.url);
    await moveTo('2027-03-29T06:59:59Z');
    expect(a.requests).toHaveLength(0);
    // Monday 29 March 09:00 CEST = 07:00 UTC: bob takes over from alice until 5 April 09:00.
    await moveTo('2027-03-29T07:00:00Z');
    for (const hook of [a, b]) {
      expect(bodies(hook)).toEqual([
        {
          id: expect.stringMatching(/^msg_/),
          type: 'shift.started',
          occurredAt: '2027-03-29T07:00:00.000Z',
          data: {
            schedule: 'comms',
            person: 'bob',
            start: '2027-03-29T07:00:00.000Z',
            end: '2027-04-05T07:00:00.000Z',
            previousPerson: 'alice',
            nextPerson: 'alice',
          },
        },
      ]);
    }
    expect(bodies(a)[0]!.id).not.toBe(bodies(b)[0]!.id);
    await moveTo('2027-03-29T08:00:00Z');
    await server.restart({ now: clock.now, timer: clock.timer, webhookAllowPrivate: true });
    await settled();
    await moveTo('2027-03-30T08:00:00Z');
    expect([a.requests.length, b.requests.length]).toEqual([1, 1]);
    expect((await deliveries('?channel=a')).map((d) => [d.type, d.status, d.attempts])).toEqual([['shift.started', 'delivered', 1]]);
  });

  it('hears only of its schedules and, for a person’s channel, of its person', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/comms', weekly());
    await ok(server, 'PUT', '/api/v1/schedules/other', { ...weekly(), layers: [{ id: 'x', participants: ['carol'], rotation: { every: 'P1D', start: '2027-03-22T09:00' } }] });
    const [comms, carol, alice] = [await receiver(), await receiver(), await receiver()];
    await webhook('comms-only', comms.url, { schedules: ['comms'] });
    await webhook('carol', carol.url, { person: 'carol' });
    await webhook('alice', alice.url, { person: 'alice' });
    await moveTo('2027-03-29T07:00:00Z');
    expect(bodies(comms).map((n) => n.data.schedule)).toEqual(['comms']);
    // carol's daily handoffs to herself are no handoff; alice hears that bob took over from her.
    expect(carol.requests).toHaveLength(0);
    expect(bodies(alice).map((n) => [n.data.person, n.data.previousPerson])).toEqual([['bob', 'alice']]);
  });
});

describe('shift.upcoming', () => {
  it('reminds exactly remindBefore ahead, counted in hours across the change to summer time', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/daily', {
      name: 'Daily',
      timeZone: 'Europe/Berlin',
      layers: [{ id: 'day', participants: ['alice', 'bob'], rotation: { every: 'P1D', start: '2027-03-20T09:00' } }],
    });
    const hook = await receiver();
    await moveTo('2027-03-27T06:00:00Z');
    await webhook('remind', hook.url, { events: ['shift.upcoming'], remindBefore: 'PT24H' });
    // Day 8 from Saturday 20 March is alice's: Sunday 28 March 09:00 CEST, 07:00 UTC; 24 hours
    // earlier is Saturday 08:00 CET, 07:00 UTC — not 09:00 local: the night was an hour short.
    await moveTo('2027-03-27T06:59:59Z');
    expect(hook.requests).toHaveLength(0);
    await moveTo('2027-03-27T07:00:00Z');
    expect(bodies(hook).map((n) => n.data)).toEqual([
      { schedule: 'daily', person: 'alice', start: '2027-03-28T07:00:00.000Z', end: '2027-03-29T07:00:00.000Z', remindBefore: 'PT24H' },
    ]);
    // Saturday 27 March 09:00 CET (08:00 UTC) starts bob's shift: its reminder fell due before the channel existed.
    expect(bodies(hook).some((n) => n.data.start === '2027-03-27T08:00:00.000Z')).toBe(false);
  });
});

describe('shifts.changed', () => {
  it('tells exactly the people whose next 90 days changed, with their shifts before and after', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/comms', {
      ...weekly(),
      layers: [...weekly().layers, { id: 'sat', participants: ['carol'], rotation: { every: 'P1W', start: '2027-01-02T00:00' }, activeWhen: { weekly: [{ from: 'SA 00:00', to: 'SU 00:00' }] } }],
    });
    const hook = await receiver();
    await webhook('changes', hook.url, { events: ['shifts.changed'] });
    const from = '2027-03-24T12:00:00.000Z';
    const to = '2027-06-22T12:00:00.000Z';
    const personShifts = async (person: string) => {
      const { shifts } = await ok(server, 'GET', `/api/v1/schedules/comms/shifts?from=${from}&to=${to}`);
      const mine: { start: string; end: string }[] = [];
      for (const s of shifts as { start: string; end: string; person: { id: string } | null }[]) {
        if (s.person?.id !== person) continue;
        const last = mine[mine.length - 1];
        if (last && last.end === s.start) last.end = s.end;
        else mine.push({ start: s.start, end: s.end });
      }
      return mine;
    };
    const before = { alice: await personShifts('alice'), bob: await personShifts('bob') };
    // The rotation starts a week earlier: alice and bob trade every week; carol's Saturdays stay.
    await ok(server, 'PUT', '/api/v1/schedules/comms', {
      ...weekly('2027-03-15T09:00'),
      layers: [...weekly('2027-03-15T09:00').layers, { id: 'sat', participants: ['carol'], rotation: { every: 'P1W', start: '2027-01-02T00:00' }, activeWhen: { weekly: [{ from: 'SA 00:00', to: 'SU 00:00' }] } }],
    });
    await settled();
    const after = { alice: await personShifts('alice'), bob: await personShifts('bob') };
    const notices = bodies(hook).filter((n) => n.type === 'shifts.changed');
    expect(notices.map((n) => n.data.person).sort()).toEqual(['alice', 'bob']);
    for (const person of ['alice', 'bob'] as const) {
      const data = notices.find((n) => n.data.person === person)!.data;
      expect(data).toMatchObject({ schedule: 'comms', from, to });
      expect(data.before).toEqual(before[person]);
      expect(data.after).toEqual(after[person]);
      expect(data.before).not.toEqual(data.after);
    }
    // A write that changes nobody's shifts tells no one.
    await ok(server, 'PUT', '/api/v1/people/alice', { name: 'Alice Adams' });
    await settled();
    expect(bodies(hook)).toHaveLength(2);
  });
});

describe('coverage.gap', () => {
  /** alice every day but Tuesday 30 March 2027 (Berlin): the director covers that day while she is the fallback. */
  const withHole = (fallback: string | undefined) => ({
    name: 'Comms',
    timeZone: 'Europe/Berlin',
    ...(fallback ? { fallback } : { requireCoverage: false }),
    layers: [
      {
        id: 'alice',
        participants: ['alice'],
        rotation: { every: 'P1W', start: '2027-01-04T00:00' },
        activeWhen: { dates: [{ start: '2027-01-04T00:00', end: '2027-03-30T00:00' }, { start: '2027-03-31T00:00', end: '2027-12-31T00:00' }] },
      },
    ],
  });

  it('announces a gap once when an edit opens it, and not again when edits move it', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/comms', withHole('director'));
    const hook = await receiver();
    await webhook('gaps', hook.url, { events: ['coverage.gap'] });
    expect(hook.requests).toHaveLength(0);
    await ok(server, 'PUT', '/api/v1/schedules/comms', withHole(undefined));
    await settled();
    expect(bodies(hook).map((n) => n.data)).toEqual([{ schedule: 'comms', start: '2027-03-29T22:00:00.000Z', end: '2027-03-30T22:00:00.000Z' }]);
    // An override shortens the gap: still the same gap.
    await ok(server, 'POST', '/api/v1/schedules/comms/overrides', { person: 'bob', start: '2027-03-29T22:00:00Z', end: '2027-03-30T06:00:00Z' });
    await settled();
    await moveTo('2027-03-30T12:00:00Z');
    expect(hook.requests).toHaveLength(1);
  });

  it('announces a gap as time brings it within 14 days', async () => {
    const schedule = withHole(undefined);
    schedule.layers[0]!.activeWhen.dates = [{ start: '2027-01-04T00:00', end: '2027-04-20T00:00' }, { start: '2027-04-21T00:00', end: '2027-12-31T00:00' }];
    await ok(server, 'PUT', '/api/v1/schedules/comms', schedule);
    const hook = await receiver();
    await webhook('gaps', hook.url, { events: ['coverage.gap'] });
    // The gap opens on 20 April 00:00 CEST (19 April 22:00 UTC): 14 days earlier is 5 April 22:00 UTC.
    await moveTo('2027-04-05T21:59:59Z');
    expect(hook.requests).toHaveLength(0);
    await moveTo('2027-04-05T22:00:00Z');
    expect(bodies(hook).map((n) => n.data)).toEqual([{ schedule: 'comms', start: '2027-04-19T22:00:00.000Z', end: '2027-04-20T22:00:00.000Z' }]);
    await moveTo('2027-04-20T12:00:00Z');
    expect(hook.requests).toHaveLength(1);
  });
});

describe('time off', () => {
  it('tells of the shifts it moves and the gap it opens (whenAway: next)', async () => {
    // alice holds the week from Monday 22 March 09:00 Berlin; bob is next in rotation order.
    await ok(server, 'PUT', '/api/v1/schedules/comms', { ...weekly(), fallback: undefined, layers: [{ ...weekly().layers[0]!, whenAway: 'next' }] });
    const hook = await receiver();
    await webhook('news', hook.url, { events: ['shifts.changed', 'coverage.gap'] });
    const away = { start: '2027-03-25T00:00:00Z', end: '2027-03-26T00:00:00Z' };
    const day = { start: '2027-03-25T00:00:00.000Z', end: '2027-03-26T00:00:00.000Z' };

    // alice away: bob covers her day, both hear of it; no gap.
    await ok(server, 'POST', '/api/v1/people/alice/time-off', away);
    await settled();
    const changed = bodies(hook).filter((n) => n.type === 'shifts.changed');
    expect(changed.map((n) => n.data.person).sort()).toEqual(['alice', 'bob']);
    const of = (person: string) => changed.find((n) => n.data.person === person)!.data as { before: unknown[]; after: unknown[] };
    expect(of('bob').before).not.toContainEqual(day);
    expect(of('bob').after).toContainEqual(day);
    // alice's week is cut around the day (she hands back at 09:00 CEST on Monday 29 March).
    expect(of('alice').after.slice(0, 2)).toEqual([
      { start: '2027-03-24T12:00:00.000Z', end: '2027-03-25T00:00:00.000Z' },
      { start: '2027-03-26T00:00:00.000Z', end: '2027-03-29T07:00:00.000Z' },
    ]);
    expect(bodies(hook).filter((n) => n.type === 'coverage.gap')).toEqual([]);

    // bob away too: nobody of the layer is left that day, a gap within 14 days.
    await ok(server, 'POST', '/api/v1/people/bob/time-off', away);
    await settled();
    expect(bodies(hook).filter((n) => n.type === 'coverage.gap').map((n) => n.data)).toEqual([{ schedule: 'comms', ...day }]);
    const bobs = bodies(hook).filter((n) => n.type === 'shifts.changed' && n.data.person === 'bob');
    expect(bobs).toHaveLength(2);
    expect(bobs[1]!.data.after).not.toContainEqual(day);
  });
});

describe('delivery', () => {
  it('retries a failing receiver with backoff under the same webhook-id until it answers 2xx', async () => {
    const hook = await receiver();
    hook.answer(500, 503, { status: 429, headers: { 'retry-after': '90' } });
    await webhook('flaky', hook.url);
    const first = (await ok(server, 'POST', '/api/v1/channels/flaky/test')) as { id: string; status: string; attempts: number; lastError: string; nextAttemptAt: string };
    expect(first).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2027-03-24T12:00:30.000Z' });
    expect(first.lastError).toMatch(/500/);
    await moveTo('2027-03-24T12:00:30Z'); // 2nd attempt: 503; next after 1 min
    await moveTo('2027-03-24T12:01:30Z'); // 3rd: 429 asking for 90 s (longer than the 2 min backoff? no: 2 min wins)
    expect(hook.requests).toHaveLength(3);
    await moveTo('2027-03-24T12:03:29Z');
    expect(hook.requests).toHaveLength(3);
    await moveTo('2027-03-24T12:03:30Z'); // 4th: 200
    expect(hook.requests.map((r) => r.headers['webhook-id'])).toEqual([first.id, first.id, first.id, first.id]);
    const [log] = await deliveries('?channel=flaky');
    expect(log).toMatchObject({ id: first.id, status: 'delivered', attempts: 4, lastError: null, nextAttemptAt: null, deliveredAt: '2027-03-24T12:03:30.000Z' });
    await moveTo('2027-03-25T12:00:00Z');
    expect(hook.requests).toHaveLength(4);
  });

  it('keeps settled notices in the delivery log for 30 days', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/comms', weekly());
    const hook = await receiver();
    await webhook('kept', hook.url);
    const { id } = (await ok(server, 'POST', '/api/v1/channels/kept/test')) as { id: string };
    await moveTo('2027-04-22T12:00:00Z'); // 29 days on: still listed, with the handoffs since
    expect((await deliveries('?channel=kept')).map((d) => d.id)).toContain(id);
    await moveTo('2027-04-24T12:00:01Z'); // past 30 days: the next wake forgets it
    await moveTo('2027-04-26T12:00:00Z');
    const log = await deliveries('?channel=kept');
    expect(log.map((d) => d.id)).not.toContain(id);
    expect(log.length).toBeGreaterThan(0);
  });

  it('gives up after 24 h of failures: failed, with the last error', async () => {
    const hook = await receiver();
    hook.answer(...Array.from({ length: 60 }, () => 502));
    await webhook('dead', hook.url);
    const { id } = (await ok(server, 'POST', '/api/v1/channels/dead/test')) as { id: string };
    for (let minutes = 0; minutes <= 25 * 60; minutes += 30) await moveTo(new Date(Date.parse('2027-03-24T12:00:00Z') + minutes * 60_000).toISOString());
    const [log] = await deliveries('?status=failed');
    expect(log).toMatchObject({ id, status: 'failed', nextAttemptAt: null });
    expect(log!.attempts).toBeGreaterThan(20);
    expect(hook.requests.length).toBe(log!.attempts);
  });

  it('after 2 h down, sends what is less than 1 h late and records the rest as missed', async () => {
    await ok(server, 'PUT', '/api/v1/schedules/comms', weekly());
    const hook = await receiver();
    await webhook('late', hook.url);
    // Handoffs at 13:00 (to bob), 14:00 (back to alice), 14:30 (to carol), 15:30 (back to alice).
    await ok(server, 'POST', '/api/v1/schedules/comms/overrides', { person: 'bob', start: '2027-03-24T13:00:00Z', end: '2027-03-24T14:00:00Z' });
    await ok(server, 'POST', '/api/v1/schedules/comms/overrides', { person: 'carol', start: '2027-03-24T14:30:00Z', end: '2027-03-24T15:30:00Z' });
    await settled();
    await server.app.close();
    clock.set('2027-03-24T14:45:00Z'); // down from 12:00 to 14:45
    await server.restart({ now: clock.now, timer: clock.timer, webhookAllowPrivate: true });
    await settled();
    const log = await deliveries('?channel=late');
    const byStart = Object.fromEntries(log.map((d) => [d.data.start as string, d.status]));
    expect(byStart).toEqual({
      '2027-03-24T13:00:00.000Z': 'missed',
      '2027-03-24T14:00:00.000Z': 'delivered',
      '2027-03-24T14:30:00.000Z': 'delivered',
    });
    expect(bodies(hook).map((n) => n.data.person).sort()).toEqual(['alice', 'carol']);
  });
});
