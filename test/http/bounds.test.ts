/**
 * Every list and string a request sends is bounded (README "Limits"): an oversized one is a 400
 * problem naming the field and the limit, answered at once, and nothing is stored. A 1 MB body
 * of weekly spans once took 54 s and 4 GB.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem, startServer, type TestServer } from '../helpers.js';
import { berlinComms, ok, setUpBerlin } from './fixtures.js';

let server: TestServer;
let snapshot: unknown;

async function state() {
  const urls = ['/api/v1/schedules', '/api/v1/schedules/comms/versions', '/api/v1/schedules/comms/overrides', '/api/v1/holiday-calendars', '/api/v1/escalation-chains', '/api/v1/people'];
  return Promise.all(urls.map((url) => ok(server, 'GET', url)));
}

beforeAll(async () => {
  server = await startServer();
  await setUpBerlin(server);
  snapshot = await state();
});
afterAll(() => server.close());

const S = '/api/v1/schedules/comms';
const layer0 = berlinComms.layers[0]!;
const withLayer = (patch: object) => ({ ...berlinComms, layers: [{ ...layer0, ...patch }, berlinComms.layers[1]] });
const put = (url: string, payload: object): InjectOptions => ({ method: 'PUT', url, payload });
const post = (url: string, payload: object): InjectOptions => ({ method: 'POST', url, payload });
const preview = (schedule: object) => post('/api/v1/schedules/preview', { schedule, from: '2027-01-01T00:00:00Z', to: '2029-12-31T00:00:00Z' });
const chain = (levels: number, targets: number) => ({
  name: 'Chain',
  levels: Array.from({ length: levels }, () => ({ targets: Array.from({ length: targets }, () => ({ person: 'bob' })), escalateAfterMinutes: 5 })),
});
const many = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);
const long = (n: number) => 'x'.repeat(n);

/** Paths refused, as [what, request, the field's path, the limit the message states]. */
const cases: [string, InjectOptions, string, string][] = [
  // the schedule document: PUT and preview share its schema
  ['51 layers', put(S, { ...berlinComms, layers: Array.from({ length: 51 }, (_, i) => ({ ...layer0, id: `l${i}` })) }), '/layers', '50'],
  ['1001 participants', put(S, withLayer({ participants: many(1001, 'alice') })), '/layers/0/participants', '1000'],
  ['101 weekly spans', put(S, withLayer({ activeWhen: { weekly: many(101, { from: 'FR 17:00', to: 'MO 09:00' }) } })), '/layers/0/activeWhen/weekly', '100'],
  ['8 days in a span', put(S, withLayer({ activeWhen: { weekly: [{ days: many(8, 'MO'), from: '09:00', to: '17:00' }] } })), '/layers/0/activeWhen/weekly/0/days', '7'],
  ['21 holiday entries', put(S, withLayer({ activeWhen: { holidays: many(21, { calendar: 'de-be' }) } })), '/layers/0/activeWhen/holidays', '20'],
  ['1001 date ranges', put(S, withLayer({ activeWhen: { dates: many(1001, { start: '2027-12-24T00:00', end: '2027-12-27T00:00' }) } })), '/layers/0/activeWhen/dates', '1000'],
  ['a 201-character schedule name', put(S, { ...berlinComms, name: long(201) }), '/name', '200'],
  ['a 201-character layer name', put(S, withLayer({ name: long(201) })), '/layers/0/name', '200'],
  ['a 513-character rrule', put(S, withLayer({ rotation: { rrule: `FREQ=DAILY;BYHOUR=${'1,'.repeat(250)}1`, start: '2027-01-04T09:00' } })), '/layers/0/rotation/rrule', '512'],
  ['a 65-character duration', put(S, withLayer({ rotation: { every: `P${'0'.repeat(62)}1W`, start: '2027-01-04T09:00' } })), '/layers/0/rotation/every', '64'],
  ['a 65-character time zone', put(S, { ...berlinComms, timeZone: `Europe/${long(58)}` }), '/timeZone', '64'],
  ['a participant id of 64 characters', put(S, withLayer({ participants: [long(64)] })), '/layers/0/participants/0', '63'],
  ['preview with 101 weekly spans', preview(withLayer({ activeWhen: { weekly: many(101, { from: 'FR 17:00', to: 'MO 09:00' }) } })), '/schedule/layers/0/activeWhen/weekly', '100'],
  // escalation chains
  ['21 chain levels', put('/api/v1/escalation-chains/big', chain(21, 1)), '/levels', '20'],
  ['21 targets in a level', put('/api/v1/escalation-chains/big', chain(1, 21)), '/levels/0/targets', '20'],
  ['a chain target that is not an id', put('/api/v1/escalation-chains/big', { name: 'C', levels: [{ targets: [{ schedule: long(100) }], escalateAfterMinutes: 1 }] }), '/levels/0/targets/0/schedule', '63'],
  // holiday calendars, people, overrides, tokens, feeds
  ['1001 included dates', put('/api/v1/holiday-calendars/big', { name: 'Big', include: many(1001, { date: '2027-12-24' }) }), '/include', '1000'],
  ['1001 excluded dates', put('/api/v1/holiday-calendars/big', { name: 'Big', exclude: many(1001, '2027-12-24') }), '/exclude', '1000'],
  ['a 201-character calendar name', put('/api/v1/holiday-calendars/big', { name: long(201) }), '/name', '200'],
  ['a 201-character person name', put('/api/v1/people/zed', { name: long(201) }), '/name', '200'],
  ['a 1001-character override note', post(`${S}/overrides`, { person: 'bob', start: '2027-03-27T08:00:00Z', end: '2027-03-27T09:00:00Z', note: long(1001) }), '/note', '1000'],
  ['an override instant of 65 characters', post(`${S}/overrides`, { person: 'bob', start: `2027-03-27T08:00:00.${'0'.repeat(44)}Z`, end: '2027-03-27T09:00:00Z' }), '/start', '64'],
  ['a 201-character token name', post('/api/v1/api-tokens', { name: long(201), scope: 'read' }), '/name', '200'],
  ['a feed for a person id that is not one', post('/api/v1/feeds', { person: long(100) }), '/person', '63'],
];

describe('bounded requests', () => {
  it.each(cases)('%s → 400 at the field, stating the limit', async (_, request, path, limit) => {
    const body = problem(await server.call(request), 400);
    const error = body.errors?.find((e) => e.path === path);
    expect(error, JSON.stringify(body.errors)).toBeDefined();
    expect(error!.message).toContain(limit);
  });

  // Valid days (what once took 54 s and 4 GB in the engine) and invalid ones (which took Ajv,
  // listing every error of every item, 100 s).
  it.each(['MO', 'XX'])('a 1 MB preview of 185,000 weekly days "%s" is refused at once', { timeout: 3_000 }, async (day) => {
    const schedule = withLayer({ activeWhen: { weekly: [{ days: many(185_000, day), from: '00:00', to: '00:15' }] } });
    const request = preview(schedule);
    expect(JSON.stringify(request.payload).length).toBeGreaterThan(900_000);
    const started = performance.now();
    const body = problem(await server.call(request), 400);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(body.errors?.map((e) => e.path)).toContain('/schedule/layers/0/activeWhen/weekly/0/days');
    // A bounded answer: the problem does not list one error per item sent.
    expect(JSON.stringify(body).length).toBeLessThan(20_000);
  });

  it('a 1 MB preview of 28,000 weekly spans is refused at once', { timeout: 3_000 }, async () => {
    const schedule = withLayer({ activeWhen: { weekly: many(28_000, { from: 'MO 00:00', to: 'MO 00:15' }) } });
    const started = performance.now();
    const body = problem(await server.call(preview(schedule)), 400);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(body.errors?.map((e) => e.path)).toContain('/schedule/layers/0/activeWhen/weekly');
  });

  it('a document at the bounds whose active intervals exceed the budget is a 400 problem, not a stall', { timeout: 10_000 }, async () => {
    // 3 layers × 100 weekly entries × 7 days, 15 minutes each, over 3 years: 330,000 active pieces.
    const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
    const weekly = Array.from({ length: 100 }, (_, i) => ({ days, from: `${String(Math.floor(i / 5)).padStart(2, '0')}:${(i % 5) * 10}`.replace(/:0$/, ':00'), to: '23:59' }));
    const layers = Array.from({ length: 3 }, (_, i) => ({ id: `l${i}`, participants: ['alice'], rotation: { every: 'P1W', start: '2027-01-04T09:00' }, activeWhen: { weekly } }));
    const started = performance.now();
    const body = problem(await server.call(preview({ name: 'Dense', timeZone: 'Europe/Berlin', layers })), 400);
    expect(body.detail).toMatch(/active intervals/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a small invalid body still has every schema problem listed', async () => {
    const body = problem(await server.call(put('/api/v1/people/zed', { name: long(201), email: 'not an email', phone: long(65) })), 400);
    expect([...new Set(body.errors?.map((e) => e.path))].sort()).toEqual(['/email', '/name', '/phone']);
  });

  it('lists at most 100 problems, saying how many more there are', async () => {
    const unknown = Array.from({ length: 150 }, (_, i) => `nobody-${i}`);
    const body = problem(await server.call(put(S, withLayer({ participants: unknown }))), 400);
    expect(body.errors).toHaveLength(100);
    expect(body.errors![99]!.path).toBe('/layers/0/participants/99');
    expect(body.detail).toMatch(/; and 50 more$/);
  });

  it('stored nothing', async () => {
    expect(await state()).toEqual(snapshot);
  });
});
