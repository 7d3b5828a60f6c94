/**
 * The channel API (spec §14, /tmp contract of issue 14): documents, the signing secret answered
 * once, who may manage which channel, the test notice to a real receiver, the delivery log — and
 * a person's deletion taking their channels with it. A real app on a real database; the clock
 * is held and moved by the test.
 */
import { Buffer } from 'node:buffer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { movableClock, type MovableClock } from '../clock.js';
import { login, logCapture, problem, startServer, type TestServer } from '../helpers.js';
import { ok, putPeople } from '../http/fixtures.js';
import { receiverPool, type HttpReceiver } from './receivers.js';
import { signedByHand } from './signatures.js';

const START = '2027-03-24T12:00:00Z';
const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;

let server: TestServer;
let clock: MovableClock;
const receivers = receiverPool();
const receiver = receivers.receiver;

async function startWith(config: Parameters<typeof startServer>[0] = {}): Promise<void> {
  clock = movableClock(START);
  server = await startServer({ now: clock.now, timer: clock.timer, webhookAllowPrivate: true, ...config });
  await putPeople(server, 'alice', 'bob', 'director');
  await ok(server, 'PUT', '/api/v1/people/alice', { name: 'Alice', email: 'alice@example.com' });
}

beforeEach(() => {
});

afterEach(async () => {
  await server.close();
  await receivers.closeAll();
});

const put = (id: string, payload: object, token?: string | null, headers: Record<string, string> = {}) =>
  server.call({ method: 'PUT', url: `/api/v1/channels/${id}`, payload, headers, ...(token === undefined ? {} : { token }) });
const get = (url: string, token?: string | null) => server.call({ method: 'GET', url, ...(token === undefined ? {} : { token }) });
const post = (url: string, token?: string | null) => server.call({ method: 'POST', url, ...(token === undefined ? {} : { token }) });

const hookDoc = (url: string, extra: object = {}) => ({ name: 'Ops hook', kind: 'webhook', url, events: ['shift.started'], ...extra });

async function channelIds(token?: string | null): Promise<string[]> {
  const res = await get('/api/v1/channels', token);
  expect(res.statusCode).toBe(200);
  return (res.json().items as { id: string }[]).map((c) => c.id);
}

/** A signed-in viewer whose email is alice's (in another case: the same person). */
async function aliceViewer(): Promise<string> {
  await ok(server, 'POST', '/api/v1/users', { email: 'ALICE@example.com', name: 'Alice', role: 'viewer', password: 'alice-password' });
  return login(server.app, 'ALICE@example.com', 'alice-password');
}

describe('channel documents', () => {
  beforeEach(() => startWith());

  it('creates (201, the secret once), replaces (200, same secret), reads, lists and deletes', async () => {
    const hook = await receiver();
    const created = await put('ops', hookDoc(hook.url, { schedules: [], remindBefore: 'P2D' }));
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { secret, ...channel } = created.json();
    expect(secret).toMatch(SECRET);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    const expected = {
      id: 'ops',
      name: 'Ops hook',
      kind: 'webhook',
      url: hook.url,
      events: ['shift.started'],
      schedules: [],
      remindBefore: 'P2D',
      createdAt: '2027-03-24T12:00:00.000Z',
      updatedAt: '2027-03-24T12:00:00.000Z',
    };
    expect(channel).toEqual(expected);
    expect((await get('/api/v1/channels/ops')).json()).toEqual(expected);

    clock.advance(60_000);
    const replaced = await put('ops', { id: 'ops', name: 'Ops', kind: 'webhook', url: `${hook.url}/v2`, events: ['coverage.gap', 'shift.started'] });
    expect(replaced.statusCode).toBe(200);
    const { schedules: _none, ...unscoped } = expected;
    const after = { ...unscoped, name: 'Ops', url: `${hook.url}/v2`, events: ['coverage.gap', 'shift.started'], remindBefore: 'PT24H', updatedAt: '2027-03-24T12:01:00.000Z' };
    expect(replaced.json()).toEqual(after);
    expect((await get('/api/v1/channels')).json()).toEqual({ items: [after] });
    // Replacing kept the secret: the test notice is signed with the one answered at creation.
    expect((await post('/api/v1/channels/ops/test')).json()).toMatchObject({ status: 'delivered' });
    expect(signedByHand(secret, hook.requests[0]!)).toBe(true);

    expect((await server.call({ method: 'DELETE', url: '/api/v1/channels/ops' })).statusCode).toBe(204);
    problem(await get('/api/v1/channels/ops'), 404);
    problem(await server.call({ method: 'DELETE', url: '/api/v1/channels/ops' }), 404);
    expect(await channelIds()).toEqual([]);
    // Its delivery log went with it.
    expect((await get('/api/v1/deliveries')).json().items).toEqual([]);
  });

  it('answers a slack channel without a secret, and a fresh one when a replace makes it a webhook', async () => {
    const slack = await put('chat', { name: '#ops', kind: 'slack', url: 'https://hooks.slack.com/services/T0/B0/XXXX', events: ['shift.started'] });
    expect(slack.statusCode).toBe(201);
    expect(slack.json()).not.toHaveProperty('secret');
    const hook = await put('chat', hookDoc('https://example.com/rota'));
    expect(hook.statusCode).toBe(200);
    expect(hook.json().secret).toMatch(SECRET);
    expect(hook.headers['cache-control']).toBe('no-store');
  });

  it('keeps the secret out of every read, the audit log and the server log', async () => {
    await server.close();
    const capture = logCapture('trace');
    await startWith({ logger: capture.logger });
    const hook = await receiver();
    const { secret } = (await put('ops', hookDoc(hook.url))).json();
    const rotated = await post('/api/v1/channels/ops/rotate-secret');
    const { secret: second } = rotated.json();
    const replaced = await put('ops', hookDoc(hook.url, { name: 'Renamed' }));
    await post('/api/v1/channels/ops/test');
    await server.app.services.notifications.notifier.idle();

    const reads = [replaced.body, (await get('/api/v1/channels/ops')).body, (await get('/api/v1/channels')).body, (await get('/api/v1/deliveries')).body];
    const audit = await get('/api/v1/audit?resource=channel');
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['update', 'update', 'create']);
    const logged = capture.lines.join('');
    expect(logged).toContain('/api/v1/channels/ops/rotate-secret'); // the log did capture these requests
    for (const [where, text] of [...reads.map((r, i) => [`read ${i}`, r] as const), ['audit', audit.body] as const, ['log', logged] as const]) {
      for (const s of [secret, second]) expect(text.includes(s.slice('whsec_'.length)), `${where} holds a secret`).toBe(false);
      expect(text, where).not.toContain('whsec_');
    }
  });

  it('rotates the secret: the next delivery verifies with the new one only', async () => {
    const hook = await receiver();
    const { secret: old } = (await put('ops', hookDoc(hook.url))).json();
    const rotated = await post('/api/v1/channels/ops/rotate-secret');
    expect(rotated.statusCode).toBe(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    const { secret } = rotated.json();
    expect(secret).toMatch(SECRET);
    expect(secret).not.toBe(old);
    expect((await post('/api/v1/channels/ops/test')).json()).toMatchObject({ status: 'delivered' });
    const [req] = await hook.received(1);
    expect(signedByHand(secret, req!)).toBe(true);
    expect(signedByHand(old, req!)).toBe(false);

    await put('chat', { name: '#ops', kind: 'slack', url: 'https://hooks.slack.com/services/T0/B0/XXXX', events: ['shift.started'] });
    expect(problem(await post('/api/v1/channels/chat/rotate-secret'), 400).errors).toEqual([{ path: '/kind', message: expect.any(String) }]);
    problem(await post('/api/v1/channels/nope/rotate-secret'), 404);
  });

  const long = (n: number) => 'x'.repeat(n);
  const slackUrl = 'https://hooks.slack.com/services/T0/B0/XXXX';
  const bad: [string, object, string][] = [
    ['a webhook without url', { name: 'n', kind: 'webhook', events: ['shift.started'] }, '/url'],
    ['an email channel with a url', { name: 'n', kind: 'email', to: 'ops@example.com', url: slackUrl, events: ['shift.started'] }, '/url'],
    ['an email channel without to', { name: 'n', kind: 'email', events: ['shift.started'] }, '/to'],
    ['an email channel to no address', { name: 'n', kind: 'email', to: 'ops at example', events: ['shift.started'] }, '/to'],
    ['a slack channel with to', { name: 'n', kind: 'slack', url: slackUrl, to: 'ops@example.com', events: ['shift.started'] }, '/to'],
    ['an ftp:// URL', hookDoc('ftp://example.com/hook'), '/url'],
    ['no URL at all', hookDoc('example.com/hook'), '/url'],
    ['a URL with user and password', hookDoc('https://user:password@example.com/hook'), '/url'],
    ['a URL of 2049 characters', hookDoc(`https://example.com/${long(2049 - 20)}`), '/url'],
    ['an unknown kind', { ...hookDoc(slackUrl), kind: 'pager' }, '/kind'],
    ['an unknown event', hookDoc(slackUrl, { events: ['shift.started', 'shift.ended'] }), '/events/1'],
    ['an event twice', hookDoc(slackUrl, { events: ['coverage.gap', 'coverage.gap'] }), '/events'],
    ['no event', hookDoc(slackUrl, { events: [] }), '/events'],
    ['an unknown schedule', hookDoc(slackUrl, { schedules: ['comms', 'nope'] }), '/schedules/1'],
    ['a schedule twice', hookDoc(slackUrl, { schedules: ['comms', 'comms'] }), '/schedules/1'],
    ['201 schedules', hookDoc(slackUrl, { schedules: Array.from({ length: 201 }, (_, i) => `s${i}`) }), '/schedules'],
    ['an unknown person', hookDoc(slackUrl, { person: 'nobody' }), '/person'],
    ['remindBefore P1M (not an exact length)', hookDoc(slackUrl, { remindBefore: 'P1M' }), '/remindBefore'],
    ['remindBefore PT30S (under a minute)', hookDoc(slackUrl, { remindBefore: 'PT30S' }), '/remindBefore'],
    ['remindBefore P31D (over 30 days)', hookDoc(slackUrl, { remindBefore: 'P31D' }), '/remindBefore'],
    ['remindBefore "nonsense"', hookDoc(slackUrl, { remindBefore: 'nonsense' }), '/remindBefore'],
    ['a name of 201 characters', hookDoc(slackUrl, { name: long(201) }), '/name'],
    ['an empty name', hookDoc(slackUrl, { name: '' }), '/name'],
    ['an id other than the URL’s', hookDoc(slackUrl, { id: 'other' }), '/id'],
  ];

  it('refuses bad documents with a 400 naming the field, storing nothing', async () => {
    await server.restart({ now: clock.now, timer: clock.timer, webhookAllowPrivate: true, smtpUrl: 'smtp://127.0.0.1:9' });
    await ok(server, 'PUT', '/api/v1/schedules/comms', { name: 'Comms', timeZone: 'UTC', layers: [{ id: 'l', participants: ['alice'], rotation: { every: 'P1W', start: '2027-01-04T00:00' } }] });
    for (const [what, doc, path] of bad) {
      const body = problem(await put('ch', doc), 400);
      expect(body.errors?.map((e) => e.path), what).toContain(path);
    }
    problem(await get('/api/v1/channels/ch'), 404);
    expect(await channelIds()).toEqual([]);
  });

  it('ignores fields a channel does not have, such as a secret of the sender’s choosing', async () => {
    const hook = await receiver();
    const { secret, ...read } = (await put('ops', hookDoc(hook.url))).json();
    // What GET answers may be sent back as it is (README: unknown body fields are ignored).
    const again = await put('ops', { ...read, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', colour: 'red' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).not.toHaveProperty('secret');
    expect(again.json()).not.toHaveProperty('colour');
    await post('/api/v1/channels/ops/test');
    expect(signedByHand(secret, hook.requests[0]!)).toBe(true);
  });

  it('refuses an email channel while no SMTP server is configured, naming kind', async () => {
    const body = problem(await put('mail', { name: 'Mail', kind: 'email', to: 'ops@example.com', events: ['shift.started'] }), 400);
    expect(body.errors).toEqual([{ path: '/kind', message: expect.stringContaining('ROTA_SMTP_URL') }]);
    await server.restart({ now: clock.now, timer: clock.timer, smtpUrl: 'smtp://127.0.0.1:9' });
    const created = await put('mail', { name: 'Mail', kind: 'email', to: 'ops@example.com', events: ['shift.started'] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).not.toHaveProperty('secret');
  });

  const privateUrls = ['http://127.0.0.1:9/x', 'http://[::1]/', 'http://169.254.169.254/', 'http://localhost/', 'http://2130706433/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/'];

  it('refuses webhook targets on loopback and link-local addresses unless allowed', async () => {
    await server.restart({ now: clock.now, timer: clock.timer, webhookAllowPrivate: false });
    for (const url of privateUrls) {
      const body = problem(await put('hook', hookDoc(url)), 400);
      expect(body.errors, url).toEqual([{ path: '/url', message: expect.any(String) }]);
    }
    // Private networks are where self-hosted Mattermost and ntfy live.
    expect((await put('lan', hookDoc('http://10.1.2.3/hooks/x'))).statusCode).toBe(201);
    expect(await channelIds()).toEqual(['lan']);
    await server.restart({ now: clock.now, timer: clock.timer, webhookAllowPrivate: true });
    for (const [i, url] of privateUrls.entries()) expect((await put(`hook-${i}`, hookDoc(url))).statusCode, url).toBe(201);
  });

  it('creates only, with If-None-Match: *', async () => {
    const created = await put('ops', hookDoc('https://example.com/a'), undefined, { 'if-none-match': '*' });
    expect(created.statusCode).toBe(201);
    const taken = problem(await put('ops', hookDoc('https://example.com/b'), undefined, { 'if-none-match': '*' }), 412);
    expect(taken.errors?.[0]?.path).toBe('/id');
    expect((await get('/api/v1/channels/ops')).json().url).toBe('https://example.com/a');
  });
});

describe('who manages which channel', () => {
  beforeEach(() => startWith());

  it('lets a viewer manage the channels of their own person, and only those', async () => {
    const hook = await receiver();
    await ok(server, 'PUT', '/api/v1/channels/team', hookDoc(hook.url));
    await ok(server, 'PUT', '/api/v1/channels/bobs', hookDoc(hook.url, { person: 'bob' }));
    const alice = await aliceViewer();
    const own = await put('alices', hookDoc(hook.url, { person: 'alice', events: ['shift.upcoming'] }), alice);
    expect(own.statusCode).toBe(201);
    expect(own.json().secret).toMatch(SECRET);

    expect(await channelIds(alice)).toEqual(['alices']);
    expect(await channelIds()).toEqual(['alices', 'bobs', 'team']);
    expect((await get('/api/v1/channels/alices', alice)).statusCode).toBe(200);
    for (const id of ['team', 'bobs']) {
      // Someone else's channel does not exist, to her…
      problem(await get(`/api/v1/channels/${id}`, alice), 404);
      problem(await post(`/api/v1/channels/${id}/test`, alice), 404);
      problem(await post(`/api/v1/channels/${id}/rotate-secret`, alice), 404);
      // …and she may not write it, even to make it hers.
      problem(await put(id, hookDoc(hook.url, { person: 'alice' }), alice), 403);
      problem(await server.call({ method: 'DELETE', url: `/api/v1/channels/${id}`, token: alice }), 403);
    }
    problem(await put('new', hookDoc(hook.url, { person: 'bob' }), alice), 403);
    problem(await put('new', hookDoc(hook.url), alice), 403);
    expect(await channelIds()).toEqual(['alices', 'bobs', 'team']);
    expect((await get('/api/v1/channels/bobs')).json().person).toBe('bob');

    expect((await post('/api/v1/channels/alices/rotate-secret', alice)).statusCode).toBe(200);
    expect((await put('alices', hookDoc(hook.url, { person: 'alice', name: 'Mine' }), alice)).statusCode).toBe(200);
    // She sees the deliveries of her channels only.
    await ok(server, 'POST', '/api/v1/channels/team/test');
    expect((await post('/api/v1/channels/alices/test', alice)).json()).toMatchObject({ channel: 'alices', status: 'delivered' });
    expect((await get('/api/v1/deliveries', alice)).json().items.map((d: { channel: string }) => d.channel)).toEqual(['alices']);
    expect((await get('/api/v1/deliveries?channel=team', alice)).json().items).toEqual([]);
    expect((await get('/api/v1/deliveries')).json().items).toHaveLength(2);
    expect((await server.call({ method: 'DELETE', url: '/api/v1/channels/alices', token: alice })).statusCode).toBe(204);
  });

  it('gives a viewer with no person of their own nothing to manage', async () => {
    await ok(server, 'POST', '/api/v1/users', { email: 'stranger@example.com', name: 'S', role: 'viewer', password: 'stranger-password' });
    const stranger = await login(server.app, 'stranger@example.com', 'stranger-password');
    const hook = await receiver();
    const { secret } = await ok(server, 'PUT', '/api/v1/channels/team', hookDoc(hook.url));
    expect(await channelIds(stranger)).toEqual([]);
    // A channel of no one's person is not theirs either (it was, to read, test and re-key: a regression).
    problem(await get('/api/v1/channels/team', stranger), 404);
    problem(await post('/api/v1/channels/team/rotate-secret', stranger), 404);
    problem(await post('/api/v1/channels/team/test', stranger), 404);
    problem(await put('mine', hookDoc(hook.url), stranger), 403);
    problem(await put('mine', hookDoc(hook.url, { person: 'alice' }), stranger), 403);
    expect(hook.requests).toEqual([]);
    await ok(server, 'POST', '/api/v1/channels/team/test');
    expect(signedByHand(secret, hook.requests[0]!)).toBe(true);
  });

  it('lets a read token read no channel and write none; without credentials, 401', async () => {
    await ok(server, 'PUT', '/api/v1/channels/team', hookDoc('https://example.com/hook'));
    await ok(server, 'POST', '/api/v1/channels/team/test');
    const { token: reader } = await ok(server, 'POST', '/api/v1/api-tokens', { name: 'reader', scope: 'read' });
    // A token is no one's person: it has no channels of its own to manage.
    expect(await channelIds(reader)).toEqual([]);
    expect((await get('/api/v1/deliveries', reader)).json().items).toEqual([]);
    problem(await get('/api/v1/channels/team', reader), 404);
    problem(await post('/api/v1/channels/team/rotate-secret', reader), 404);
    problem(await post('/api/v1/channels/team/test', reader), 404);
    problem(await put('mine', hookDoc('https://example.com/hook'), reader), 403);
    problem(await put('team', hookDoc('https://example.com/hook'), reader), 403);
    const { token: admin } = await ok(server, 'POST', '/api/v1/api-tokens', { name: 'admin', scope: 'admin' });
    expect((await put('by-token', hookDoc('https://example.com/hook'), admin)).statusCode).toBe(201);

    for (const res of [
      await get('/api/v1/channels', null),
      await get('/api/v1/channels/team', null),
      await put('team', hookDoc('https://example.com/hook'), null),
      await server.call({ method: 'DELETE', url: '/api/v1/channels/team', token: null }),
      await post('/api/v1/channels/team/test', null),
      await post('/api/v1/channels/team/rotate-secret', null),
      await get('/api/v1/deliveries', null),
    ]) {
      problem(res, 401);
    }
    expect(await channelIds()).toEqual(['by-token', 'team']);
  });
});

describe('test notices and the delivery log', () => {
  beforeEach(() => startWith());

  it('sends a signed channel.test to a real receiver and answers its delivery', async () => {
    const hook = await receiver();
    const { secret } = (await put('ops', hookDoc(hook.url))).json();
    const res = await post('/api/v1/channels/ops/test');
    expect(res.statusCode).toBe(200);
    const delivery = res.json();
    expect(delivery).toEqual({
      id: expect.stringMatching(/^msg_/),
      channel: 'ops',
      type: 'channel.test',
      status: 'delivered',
      attempts: 1,
      lastError: null,
      occurredAt: '2027-03-24T12:00:00.000Z',
      dueAt: '2027-03-24T12:00:00.000Z',
      nextAttemptAt: null,
      deliveredAt: '2027-03-24T12:00:00.000Z',
      createdAt: '2027-03-24T12:00:00.000Z',
      data: { channel: 'ops' },
    });
    const [req] = hook.requests;
    expect(req!.method).toBe('POST');
    expect(req!.headers['webhook-id']).toBe(delivery.id);
    expect(signedByHand(secret, req!)).toBe(true);
    expect(JSON.parse(req!.body)).toEqual({ id: delivery.id, type: 'channel.test', occurredAt: '2027-03-24T12:00:00.000Z', data: { channel: 'ops' } });
    problem(await post('/api/v1/channels/nope/test'), 404);
  });

  it('answers each test after its own first attempt, though the notifier is sending at the same time', async () => {
    const hook = await receiver();
    await put('ops', hookDoc(hook.url));
    // Each send that ends wakes the notifier to send what is due: the tests stored meanwhile are due.
    const answers = await Promise.all(Array.from({ length: 6 }, () => post('/api/v1/channels/ops/test')));
    expect(answers.map((a) => [a.statusCode, a.json().status, a.json().attempts])).toEqual(Array.from({ length: 6 }, () => [200, 'delivered', 1]));
    expect(new Set(hook.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(answers.map((a) => a.json().id)));
    expect(hook.requests).toHaveLength(6);
  });

  it('filters by channel and status, newest first, within its limits', async () => {
    const [good, failing] = [await receiver(), await receiver()];
    failing.answer(500, 500);
    await put('good', hookDoc(good.url));
    await put('failing', hookDoc(failing.url));
    const sent: string[] = [];
    for (const id of ['good', 'failing', 'good']) {
      sent.push((await ok(server, 'POST', `/api/v1/channels/${id}/test`)).id);
      clock.advance(1_000);
    }
    const ids = async (query: string) => (await ok(server, 'GET', `/api/v1/deliveries${query}`)).items.map((d: { id: string }) => d.id);
    expect(await ids('')).toEqual([sent[2], sent[1], sent[0]]);
    expect(await ids('?channel=good')).toEqual([sent[2], sent[0]]);
    expect(await ids('?channel=failing&status=pending')).toEqual([sent[1]]);
    expect(await ids('?status=delivered')).toEqual([sent[2], sent[0]]);
    expect(await ids('?status=failed')).toEqual([]);
    expect(await ids('?channel=nope')).toEqual([]);
    expect(await ids('?limit=1')).toEqual([sent[2]]);
    expect(await ids('?limit=500')).toHaveLength(3);
    const [pending] = (await ok(server, 'GET', '/api/v1/deliveries?status=pending')).items;
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('500'), nextAttemptAt: '2027-03-24T12:00:31.000Z', deliveredAt: null });
    for (const query of ['limit=0', 'limit=501', 'limit=x', 'status=sent', 'channel=Not%20a%20slug']) {
      const body = problem(await get(`/api/v1/deliveries?${query}`), 400);
      expect(body.errors?.[0]?.path).toBe(`/query/${query.split('=')[0]}`);
    }
  });
});

describe('deleting a person', () => {
  beforeEach(() => startWith());

  /** bob on weekdays, in UTC: every weekend is a gap. */
  const weekdays = {
    name: 'Comms',
    timeZone: 'UTC',
    requireCoverage: false,
    layers: [{ id: 'days', participants: ['bob'], rotation: { every: 'P1W', start: '2027-01-04T00:00' }, activeWhen: { weekly: [{ from: 'MO 00:00', to: 'SA 00:00' }] } }],
  };

  it('deletes their own channels and the notices of those, and the others keep hearing', async () => {
    const [team, alices] = [await receiver(), await receiver()];
    await ok(server, 'PUT', '/api/v1/channels/team', hookDoc(team.url, { events: ['coverage.gap'] }));
    await ok(server, 'PUT', '/api/v1/channels/alices', hookDoc(alices.url, { events: ['coverage.gap'], person: 'alice' }));
    await ok(server, 'PUT', '/api/v1/schedules/comms', weekdays);
    await server.app.services.notifications.notifier.idle();
    // Both hear of the weekend gaps within 14 days: 27–29 March and 3–5 April.
    expect([team.requests.length, alices.requests.length]).toEqual([2, 2]);

    expect((await server.call({ method: 'DELETE', url: '/api/v1/people/alice' })).statusCode).toBe(204);
    problem(await get('/api/v1/channels/alices'), 404);
    expect(await channelIds()).toEqual(['team']);
    expect((await ok(server, 'GET', '/api/v1/deliveries')).items.map((d: { channel: string }) => d.channel)).toEqual(['team', 'team']);

    // A week on, the gap of 10–12 April comes within 14 days: told to the channel that is left.
    clock.set('2027-03-27T00:00:00Z');
    await server.app.services.notifications.notifier.idle();
    expect(team.requests.map((r) => JSON.parse(r.body).data.start)).toEqual([
      '2027-03-27T00:00:00.000Z',
      '2027-04-03T00:00:00.000Z',
      '2027-04-10T00:00:00.000Z',
    ]);
    expect(alices.requests).toHaveLength(2);
  });
});
