/**
 * Issue 18: the messages of a 400 are sentences a person can act on — "Add at least 1 target",
 * "Use one of: MO, TU, … (case matters)" — never Ajv's "must NOT have fewer than 1 items" or
 * "must be equal to constant" once per branch of a union; each (path, message) once per answer.
 * Paths stay JSON pointers (the web app places messages by them).
 */
import { Ajv } from 'ajv';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldProblems } from '../../src/http/validation-messages.js';
import { problem, startServer, type TestServer } from '../helpers.js';
import { berlinComms, setUpBerlin } from './fixtures.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  await setUpBerlin(server);
});
afterAll(() => server.close());

/** Ajv's own wording, which no answer may carry. */
const AJV_WORDING = /must (NOT|be equal|match|have required|be (string|integer|number|array|object|>=|<=))/;

async function errorsOf(request: InjectOptions) {
  return problem(await server.call(request), 400).errors ?? [];
}

const put = (url: string, payload: object): InjectOptions => ({ method: 'PUT', url, payload });
const chain = (levels: unknown[]) => put('/api/v1/escalation-chains/chain', { name: 'Chain', levels });
const level = (patch: object = {}) => ({ targets: [{ schedule: 'comms' }], escalateAfterMinutes: 5, ...patch });
const calendar = (body: object) => put('/api/v1/holiday-calendars/cal', { name: 'Calendar', ...body });
const layer0 = berlinComms.layers[0]!;
const withLayer = (patch: object) => put('/api/v1/schedules/comms', { ...berlinComms, layers: [{ ...layer0, ...patch }] });

describe('each kind of schema error reads as a sentence', () => {
  const cases: [string, InjectOptions, { path: string; message: string }[]][] = [
    ['minItems', chain([level({ targets: [] })]), [{ path: '/levels/0/targets', message: 'Add at least 1 target' }]],
    ['maxItems', chain(Array.from({ length: 21 }, () => level())), [{ path: '/levels', message: 'Use at most 20 levels' }]],
    ['minLength of 1', calendar({ name: '' }), [{ path: '/name', message: 'Fill this in: it cannot be empty' }]],
    ['minLength', { method: 'POST', url: '/api/v1/users', payload: { email: 'new@example.com', name: 'New', password: 'short', role: 'viewer' } }, [{ path: '/password', message: 'Use at least 8 characters' }]],
    ['maxLength', calendar({ name: 'x'.repeat(201) }), [{ path: '/name', message: 'Use at most 200 characters' }]],
    ['minimum', chain([level({ escalateAfterMinutes: -1 })]), [{ path: '/levels/0/escalateAfterMinutes', message: 'Use 0 or more' }]],
    ['maximum', chain([level({ escalateAfterMinutes: 10_081 })]), [{ path: '/levels/0/escalateAfterMinutes', message: 'Use 10080 or less' }]],
    ['pattern of a date', calendar({ exclude: ['24.12.2027'] }), [{ path: '/exclude/0', message: 'Use a date written YYYY-MM-DD, like 2027-12-24' }]],
    [
      'pattern of an id in the URL',
      put('/api/v1/people/Not_A_Slug', { name: 'X' }),
      [{ path: '/params/id', message: 'Use lower-case letters, digits and dashes, starting with a letter or digit (at most 63 characters), like alice' }],
    ],
    ['format email (a union with null)', put('/api/v1/people/pat', { name: 'Pat', email: 'nope' }), [{ path: '/email', message: 'Use an email address, like alice@example.com' }]],
    ['format date-time in a query', { method: 'GET', url: '/api/v1/audit?from=yesterday' }, [{ path: '/query/from', message: 'Use a date and time with Z or an offset, like 2027-03-28T22:00:00Z' }]],
    ['required', put('/api/v1/holiday-calendars/cal', {}), [{ path: '/name', message: 'Fill this in: it is required' }]],
    ['type', calendar({ name: 42 }), [{ path: '/name', message: 'Use text' }]],
    ['type of a union with null', put('/api/v1/people/pat', { name: 'Pat', email: 42 }), [{ path: '/email', message: 'Use text or null' }]],
    [
      'enum: lowercase days, each once',
      withLayer({ activeWhen: { weekly: [{ days: ['mo', 'tu'], from: '09:00', to: '17:00' }] } }),
      ['/layers/0/activeWhen/weekly/0/days/0', '/layers/0/activeWhen/weekly/0/days/1'].map((path) => ({ path, message: 'Use one of: MO, TU, WE, TH, FR, SA, SU (case matters)' })),
    ],
    ['enum: an unknown holiday type', calendar({ types: ['public', 'national'] }), [{ path: '/types/1', message: 'Use one of: public, bank, school, optional, observance (case matters)' }]],
    ['const', withLayer({ rotation: { per: 'month', start: '2027-01-04T09:00' } }), [{ path: '/layers/0/rotation/per', message: 'Use window' }]],
    ['uniqueItems', calendar({ types: ['public', 'bank', 'public'] }), [{ path: '/types', message: 'Remove the repeat: items 1 and 3 are the same' }]],
  ];
  it.each(cases)('%s', async (_, request, expected) => {
    expect(await errorsOf(request)).toEqual(expected);
  });

  it('a union of literals answers once, listing what it allows', async () => {
    const user = { email: 'new@example.com', name: 'New', password: 'long enough', role: 'boss' };
    expect(await errorsOf({ method: 'POST', url: '/api/v1/users', payload: user })).toEqual([
      { path: '/role', message: 'Use one of: admin, viewer (case matters)' },
    ]);
    // The same for a value of the wrong type: the literals, not "must be string" per branch.
    expect(await errorsOf({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'ci', scope: 7 } })).toEqual([
      { path: '/scope', message: 'Use one of: read, admin (case matters)' },
    ]);
  });

  it('an unknown property names itself and says to remove it (requests drop them, so checked on Ajv directly)', () => {
    const ajv = new Ajv({ allErrors: true, verbose: true });
    const validate = ajv.compile({ type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false });
    expect(validate({ name: 'A', nmae: 'B' })).toBe(false);
    expect(fieldProblems(validate.errors!, '')).toEqual([{ path: '/nmae', message: 'Remove this field: it is not one this request accepts' }]);
  });
});

describe("the schedule validator's own messages read the same way", () => {
  const cases: [string, InjectOptions, { path: string; message: string }[]][] = [
    ['a blank name', put('/api/v1/schedules/comms', { ...berlinComms, name: '  ' }), [{ path: '/name', message: 'Fill this in: it is required' }]],
    ['a bad duration', withLayer({ rotation: { every: 'weekly', start: '2027-01-04T09:00' } }), [{ path: '/layers/0/rotation/every', message: 'Use an ISO-8601 duration like P1W (a week), P1D or PT8H' }]],
    ['an empty rotation start', withLayer({ rotation: { every: 'P1W', start: '' } }), [{ path: '/layers/0/rotation/start', message: 'Use a local date and time like 2027-01-04T09:00 (no offset)' }]],
    [
      'a bad weekly span',
      withLayer({ activeWhen: { weekly: [{ from: 'XX 17:00', to: 'MO 09:00' }] } }),
      [{ path: '/layers/0/activeWhen/weekly/0/from', message: 'Use a day and time like FR 17:00 (days MO to SU; 24:00 only as an end)' }],
    ],
    ['a bad clock', withLayer({ activeWhen: { weekly: [{ days: ['MO'], from: '9', to: '17:00' }] } }), [{ path: '/layers/0/activeWhen/weekly/0/from', message: 'Use a time like 09:00 (00:00 to 23:59; 24:00 only as an end)' }]],
    ['an end before the start', withLayer({ end: '2026-12-31T09:00' }), [{ path: '/layers/0/end', message: 'Use a time after the rotation start' }]],
    [
      'an unknown calendar',
      withLayer({ activeWhen: { holidays: [{ calendar: 'xx' }] } }),
      [{ path: '/layers/0/activeWhen/holidays/0/calendar', message: 'No holiday calendar has the id "xx": choose a saved one' }],
    ],
  ];
  it.each(cases)('%s', async (_, request, expected) => {
    expect(await errorsOf(request)).toEqual(expected);
  });
});

describe('an unknown time zone', () => {
  const threeLayers = {
    ...berlinComms,
    timeZone: 'Berlin',
    layers: [
      layer0,
      { ...berlinComms.layers[1]!, id: 'weekend' },
      { ...layer0, id: 'holidays', activeWhen: { holidays: [{ calendar: 'de-be' }], weekly: [{ days: ['MO'], from: '09:00', to: '17:00' }] } },
    ],
  };
  const once = [{ path: '/timeZone', message: 'Use an IANA time zone name, like Europe/Berlin or America/New_York: "Berlin" is not one' }];

  it('is one error, however many layers use local times', async () => {
    expect(await errorsOf(put('/api/v1/schedules/comms', threeLayers))).toEqual(once);
  });

  it('is one error in a preview too, under /schedule', async () => {
    const preview = { schedule: threeLayers, from: '2027-01-01T00:00:00Z', to: '2027-01-08T00:00:00Z' };
    expect(await errorsOf({ method: 'POST', url: '/api/v1/schedules/preview', payload: preview })).toEqual(once.map((e) => ({ ...e, path: `/schedule${e.path}` })));
  });

  it("reads the same on a person's time zone", async () => {
    expect(await errorsOf(put('/api/v1/people/pat', { name: 'Pat', timeZone: 'Berlin' }))).toEqual(once);
  });
});

it('no answer repeats a (path, message) or speaks Ajv, whatever is wrong with a schedule', async () => {
  const badDay = fc.constantFrom('mo', 'Monday', 'MON', '', 'SU ');
  const badLayer = fc.record(
    {
      id: fc.constantFrom('Weekdays', '', 'ok'),
      participants: fc.constantFrom([], ['alice'], ['ALICE', 'bob'], 'alice'),
      rotation: fc.constantFrom({ per: 'day', start: '2027-01-01T00:00' }, { every: 'P1W' }, { every: 7, start: '2027-01-01T00:00' }),
      whenAway: fc.constantFrom('skip', 'NEXT', 3),
      activeWhen: fc.array(badDay, { maxLength: 3 }).map((days) => ({ weekly: [{ days, from: '09:00', to: '17:00' }, { days, from: 9 }] })),
    },
    { requiredKeys: [] },
  );
  const badSchedule = fc.record(
    { name: fc.constantFrom('', 42, 'x'.repeat(201)), timeZone: fc.constantFrom('Berlin', '', null), layers: fc.array(badLayer, { minLength: 1, maxLength: 3 }), fallback: fc.constantFrom(7, 'Director') },
    { requiredKeys: ['layers'] },
  );
  await fc.assert(
    fc.asyncProperty(badSchedule, async (body) => {
      const res = await server.call(put('/api/v1/schedules/comms', { name: 'Comms', timeZone: 'Europe/Berlin', ...body }));
      if (res.statusCode !== 400) return; // an accidental valid body (or a gap's 409) says nothing here
      const errors = problem(res, 400).errors ?? [];
      const keys = errors.map((e) => `${e.path} ${e.message}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const e of errors) expect(e.message).not.toMatch(AJV_WORDING);
    }),
    { numRuns: 60 },
  );
});

it('a refusal for gaps says when, in the schedule zone, and what to do', async () => {
  const body = problem(await server.call(put('/api/v1/schedules/comms', { ...berlinComms, fallback: null, layers: [layer0] })), 409);
  expect(body.detail).toBe(
    'This schedule would leave nobody on call in schedule "comms" within the next 365 days: Mon 1 Jun 14:00 – Mon 4 Jan 2027 09:00 (Europe/Berlin). ' +
      'Add a fallback person or a layer covering that time, or turn off "Require coverage" (requireCoverage)',
  );
});
