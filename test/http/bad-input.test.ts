/**
 * Every 400 reachable over HTTP in these routes: an RFC 9457 problem naming the field, and
 * nothing stored (lists and versions unchanged afterwards).
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movableClock, TEST_NOW } from '../clock.js';
import { problem, startServer, type TestServer } from '../helpers.js';
import { berlinComms, ok, setUpBerlin } from './fixtures.js';

let server: TestServer;
let snapshot: unknown;

/** Everything a bad request could have changed. */
async function state() {
  const urls = [
    '/api/v1/schedules',
    '/api/v1/schedules/comms/versions',
    '/api/v1/schedules/comms/overrides',
    '/api/v1/holiday-calendars',
    '/api/v1/escalation-chains',
    '/api/v1/people',
  ];
  return Promise.all(urls.map((url) => ok(server, 'GET', url)));
}

beforeAll(async () => {
  server = await startServer();
  await setUpBerlin(server);
  await ok(server, 'PUT', '/api/v1/escalation-chains/chain', { name: 'Chain', levels: [{ targets: [{ schedule: 'comms' }], escalateAfterMinutes: 5 }] });
  snapshot = await state();
});
afterAll(() => server.close());

const layer0 = berlinComms.layers[0]!;
const withLayer = (patch: object) => ({ ...berlinComms, layers: [{ ...layer0, ...patch }, berlinComms.layers[1]] });
const put = (url: string, payload: object): InjectOptions => ({ method: 'PUT', url, payload });
const get = (url: string): InjectOptions => ({ method: 'GET', url });
const post = (url: string, payload: object): InjectOptions => ({ method: 'POST', url, payload });
const S = '/api/v1/schedules/comms';
// A day after the app's held clock (TEST_NOW, 2026-06-01 12:00 UTC), written without an offset.
const future = '2026-06-02T12:00:00';

const cases: [string, InjectOptions, string][] = [
  // schedules
  ['unknown time zone', put(S, { ...berlinComms, timeZone: 'Mars/Olympus' }), '/timeZone'],
  ['missing name', put(S, { ...berlinComms, name: undefined }), '/name'],
  ['unknown participant', put(S, withLayer({ participants: ['alice', 'zed'] })), '/layers/0/participants/1'],
  ['unknown fallback', put(S, { ...berlinComms, fallback: 'zed' }), '/fallback'],
  ['bad duration', put(S, withLayer({ rotation: { every: 'weekly', start: '2027-01-04T09:00' } })), '/layers/0/rotation/every'],
  ['bad RRULE', put(S, withLayer({ rotation: { rrule: 'FREQ=SOMETIMES', start: '2027-01-04T09:00' } })), '/layers/0/rotation/rrule'],
  ['rotation start with an offset', put(S, withLayer({ rotation: { every: 'P1W', start: '2027-01-04T09:00Z' } })), '/layers/0/rotation/start'],
  ['unknown calendar', put(S, withLayer({ activeWhen: { holidays: [{ calendar: 'xx' }] } })), '/layers/0/activeWhen/holidays/0/calendar'],
  ['bad weekly span', put(S, withLayer({ activeWhen: { weekly: [{ from: 'XX 17:00', to: 'MO 09:00' }] } })), '/layers/0/activeWhen/weekly/0/from'],
  ['layer end before the rotation start', put(S, withLayer({ end: '2026-12-31T09:00' })), '/layers/0/end'],
  ['layer end with an offset', put(S, withLayer({ end: '2027-06-28T09:00Z' })), '/layers/0/end'],
  ['unknown whenAway', put(S, withLayer({ whenAway: 'skip' })), '/layers/0/whenAway'],
  ['preview with a layer end before its start', post('/api/v1/schedules/preview', { schedule: withLayer({ end: '2027-01-04T09:00' }), from: '2027-01-01T00:00:00Z', to: '2027-01-08T00:00:00Z' }), '/schedule/layers/0/end'],
  ['id differing from the URL', put(S, { ...berlinComms, id: 'other' }), '/id'],
  ['effectiveFrom without offset', put(S, { ...berlinComms, effectiveFrom: future }), '/effectiveFrom'],
  ['effectiveFrom in the past', put(S, { ...berlinComms, effectiveFrom: '2020-01-01T00:00:00Z' }), '/effectiveFrom'],
  ['bad schedule id', put('/api/v1/schedules/Not_A_Slug', berlinComms), '/params/id'],
  // preview
  ['preview of an invalid document', post('/api/v1/schedules/preview', { schedule: { ...berlinComms, timeZone: 'Nowhere' }, from: '2027-01-01T00:00:00Z', to: '2027-01-08T00:00:00Z' }), '/schedule/timeZone'],
  ['preview over 3 years', post('/api/v1/schedules/preview', { schedule: berlinComms, from: '2027-01-01T00:00:00Z', to: '2030-01-01T00:00:01Z' }), '/to'],
  // holiday calendars
  ['unknown region', put('/api/v1/holiday-calendars/x', { name: 'X', region: 'XX-YY' }), '/region'],
  ['unknown holiday type', put('/api/v1/holiday-calendars/x', { name: 'X', region: 'DE', types: ['party'] }), '/types/0'],
  ['impossible include date', put('/api/v1/holiday-calendars/x', { name: 'X', include: [{ date: '2027-02-30', name: 'No' }] }), '/include/0/date'],
  ['impossible exclude date', put('/api/v1/holiday-calendars/x', { name: 'X', exclude: ['2027-13-01'] }), '/exclude/0'],
  ['dates without year', get('/api/v1/holiday-calendars/de-be/dates'), '/query/year'],
  // overrides
  ['override ending before it starts', post(`${S}/overrides`, { person: 'bob', start: '2027-03-27T08:00:00Z', end: '2027-03-27T08:00:00Z' }), '/end'],
  ['override for an unknown person', post(`${S}/overrides`, { person: 'zed', start: '2027-03-27T08:00:00Z', end: '2027-03-27T09:00:00Z' }), '/person'],
  ['override start without offset', post(`${S}/overrides`, { person: 'bob', start: '2027-03-27T08:00:00', end: '2027-03-27T09:00:00Z' }), '/start'],
  ['override without person', post(`${S}/overrides`, { start: '2027-03-27T08:00:00Z', end: '2027-03-27T09:00:00Z' }), '/person'],
  ['override filter not an instant', get(`${S}/overrides?from=yesterday`), '/query/from'],
  // on call, shifts, coverage
  ['at without offset', get(`${S}/oncall?at=2027-03-27T12:00:00`), '/query/at'],
  ['at on a day that does not exist', get(`${S}/oncall?at=2027-02-30T12:00:00Z`), '/query/at'],
  ['all on call, bad at', get('/api/v1/oncall?at=now'), '/query/at'],
  ['shifts from without offset', get(`${S}/shifts?from=2027-03-01T00:00&to=2027-03-02T00:00:00Z`), '/query/from'],
  ['shifts to before from', get(`${S}/shifts?from=2027-03-02T00:00:00Z&to=2027-03-01T00:00:00Z`), '/query/to'],
  ['shifts over 3 years', get(`${S}/shifts?from=2027-01-01T00:00:00Z&to=2030-01-02T00:00:00Z`), '/query/to'],
  ['shifts without to', get(`${S}/shifts?from=2027-01-01T00:00:00Z`), '/query/to'],
  ['coverage to equal to from', get(`${S}/coverage?from=2027-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`), '/query/to'],
  // escalation chains
  ['chain without levels', put('/api/v1/escalation-chains/chain', { name: 'C', levels: [] }), '/levels'],
  ['negative delay', put('/api/v1/escalation-chains/chain', { name: 'C', levels: [{ targets: [{ person: 'bob' }], escalateAfterMinutes: -1 }] }), '/levels/0/escalateAfterMinutes'],
  ['fractional repeat', put('/api/v1/escalation-chains/chain', { name: 'C', levels: [{ targets: [{ person: 'bob' }], escalateAfterMinutes: 1 }], repeat: 1.5 }), '/repeat'],
  ['target naming both', put('/api/v1/escalation-chains/chain', { name: 'C', levels: [{ targets: [{ person: 'bob', schedule: 'comms' }], escalateAfterMinutes: 1 }] }), '/levels/0/targets/0'],
  ['unknown schedule target', put('/api/v1/escalation-chains/chain', { name: 'C', levels: [{ targets: [{ schedule: 'nope' }], escalateAfterMinutes: 1 }] }), '/levels/0/targets/0/schedule'],
  ['resolve at a bad instant', get('/api/v1/escalation-chains/chain/resolve?at=2027-03-27'), '/query/at'],
];

describe('bad input', () => {
  it.each(cases)('%s → 400 at the field', async (_, request, path) => {
    const body = problem(await server.call(request), 400);
    expect(body.errors?.map((e) => e.path)).toContain(path);
  });

  it('a preview too detailed to compute is a 400 problem, answered at once (not a minute of CPU)', async () => {
    // 20 layers handing off every 15 minutes over 3 years: 20 × 105,120 assignments, far over the
    // engine's budget. Previews are open to read-only credentials, so this must not tie up the server.
    const layers = Array.from({ length: 20 }, (_, i) => ({ id: `l${i}`, participants: ['alice', 'bob'], rotation: { every: 'PT15M', start: '2027-01-01T00:00' } }));
    const started = Date.now();
    const body = problem(
      await server.call(post(`${S.replace('/comms', '')}/preview`, { schedule: { name: 'Busy', timeZone: 'UTC', layers }, from: '2027-01-01T00:00:00Z', to: '2029-12-31T00:00:00Z' })),
      400,
    );
    expect(body.detail).toMatch(/shorter window/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a per-window rotation starting more than 10 years ago is a 400 at its start (PUT and preview)', async () => {
    const old = { name: 'Old', timeZone: 'UTC', requireCoverage: false, layers: [{ id: 'l', participants: ['alice'], rotation: { per: 'window', start: '2000-01-01T00:00' }, activeWhen: { weekly: [{ from: 'SA 00:00', to: 'MO 00:00' }] } }] };
    expect(problem(await server.call(put('/api/v1/schedules/old', old)), 400).errors?.map((e) => e.path)).toEqual(['/layers/0/rotation/start']);
    const preview = { schedule: old, from: '2027-01-01T00:00:00Z', to: '2027-02-01T00:00:00Z' };
    expect(problem(await server.call(post('/api/v1/schedules/preview', preview)), 400).errors?.map((e) => e.path)).toEqual(['/schedule/layers/0/rotation/start']);
    // `every` and `rrule` rotations jump to their handoff number arithmetically: any start is fine.
    for (const rotation of [{ every: 'P1W', start: '1900-01-01T00:00' }, { rrule: 'FREQ=HOURLY', start: '1900-01-01T00:00' }]) {
      const far = { ...preview, schedule: { ...old, layers: [{ id: 'l', participants: ['alice'], rotation }] } };
      expect((await server.call(post('/api/v1/schedules/preview', far))).statusCode).toBe(200);
    }
  });

  it('stored nothing', async () => {
    expect(await state()).toEqual(snapshot);
  });

  it.each([
    ['2027-03-27T13:00:00%2B01:00', '2027-03-27T12:00:00.000Z'],
    ['2027-03-27T13:00:00%2B0100', '2027-03-27T12:00:00.000Z'],
    ['2027-03-27T13:00:00%2B01', '2027-03-27T12:00:00.000Z'],
    ['2027-03-27T07:30-04:30', '2027-03-27T12:00:00.000Z'],
    ['2027-03-27T12:00:00.123456Z', '2027-03-27T12:00:00.123Z'],
  ])('reads the instant %s as %s', async (raw, expected) => {
    expect((await server.call(get(`${S}/oncall?at=${raw}`))).json().at).toBe(expected);
  });

  it.each(['2027-03-27T13:00:00', '2027-03-27', '2027-02-29T00:00:00Z', '2027-03-27T24:00:00Z', '2027-03-27T13:00:00+1', 'now', '1899-12-31T23:59:59Z', '2200-01-01T00:00:00Z'])(
    'refuses the instant %s with a 400 at /query/at',
    async (raw) => {
      expect(problem(await server.call(get(`${S}/oncall?at=${raw}`)), 400).errors?.map((e) => e.path)).toEqual(['/query/at']);
    },
  );

  it('accepts an unencoded "+" offset in a query (it arrives as a space)', async () => {
    const res = await server.call(get(`${S}/oncall?at=2027-03-27T13:00:00+01:00`));
    expect(res.json().at).toBe('2027-03-27T12:00:00.000Z');
  });
});

describe('the 10-year limit on new per-window rotations, by the app clock', () => {
  // Held at TEST_NOW = 2026-06-01 12:00 UTC: the earliest start is the instant 2016-06-01 12:00 UTC.
  const clock = movableClock(TEST_NOW);
  let own: TestServer;
  beforeAll(async () => {
    own = await startServer({ now: clock.now });
    await own.call(put('/api/v1/people/alice', { name: 'Alice' }));
  });
  afterAll(() => own.close());

  /** The problem a preview of a per-window rotation starting at `start` in `timeZone` gets, or null when it is accepted. */
  async function startProblem(timeZone: string, start: string): Promise<string | null> {
    const schedule = { name: 'Old', timeZone, layers: [{ id: 'l', participants: ['alice'], rotation: { per: 'window', start }, activeWhen: { weekly: [{ from: 'SA 00:00', to: 'MO 00:00' }] } }] };
    const res = await own.call(post('/api/v1/schedules/preview', { schedule, from: '2026-06-01T00:00:00Z', to: '2026-06-08T00:00:00Z' }));
    if (res.statusCode === 200) return null;
    const errors = problem(res, 400).errors!;
    expect(errors.map((e) => e.path)).toEqual(['/schedule/layers/0/rotation/start']);
    return errors[0]!.message;
  }

  it('takes a start exactly 10 years back and refuses a minute earlier, naming the limit', async () => {
    expect(await startProblem('UTC', '2016-06-01T12:00')).toBeNull();
    expect(await startProblem('UTC', '2016-06-01T11:59')).toBe('a per-window rotation may start at most 10 years ago (not before 2016-06-01T12:00 UTC)');
  });

  it('reads the start as the instant its wall-clock time names in the schedule zone', async () => {
    // 2016-06-01 12:00 UTC is 2016-06-02 00:00 in Auckland (NZST, +12) and 08:00 in New York (EDT, −4).
    expect(await startProblem('Pacific/Auckland', '2016-06-01T12:00')).toBe(
      'a per-window rotation may start at most 10 years ago (not before 2016-06-02T00:00 Pacific/Auckland)',
    );
    expect(await startProblem('Pacific/Auckland', '2016-06-02T00:00')).toBeNull();
    expect(await startProblem('America/New_York', '2016-06-01T08:00')).toBeNull();
    expect(await startProblem('America/New_York', '2016-06-01T07:59')).not.toBeNull();
  });

  it('moves with the app clock, not the machine date', async () => {
    clock.set('2041-03-01T00:00:00Z');
    expect(await startProblem('UTC', '2031-03-01T00:00')).toBeNull();
    expect(await startProblem('UTC', '2031-02-28T23:59')).toBe('a per-window rotation may start at most 10 years ago (not before 2031-03-01T00:00 UTC)');
    // A limit that falls between minutes is given as the next whole minute, which is accepted.
    clock.set('2041-03-01T00:00:30Z');
    expect(await startProblem('UTC', '2031-03-01T00:00')).toBe('a per-window rotation may start at most 10 years ago (not before 2031-03-01T00:01 UTC)');
    expect(await startProblem('UTC', '2031-03-01T00:01')).toBeNull();
  });
});
