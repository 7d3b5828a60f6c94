/**
 * The Opsgenie mapper (spec §16) on documents shaped as Opsgenie's REST API v2 returns them
 * (opsgenie-oas: Schedule with expand=rotation, ScheduleRotation, TimeRestrictionInterval,
 * ScheduleOverride, ScheduleTimeline). Each fixture's final timeline was worked out by hand from
 * the zone's offsets (written above each test); Rota's timeline of the mapped schedule must
 * agree with it over the whole window, except where a warning says why not.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateSchedule } from '../../src/engine/index.js';
import { fromOpsgenie } from '../../src/importers/opsgenie.js';
import { SourceDocumentError, type SourceImport } from '../../src/importers/types.js';
import { agreementOf } from './agreement.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`fixtures/opsgenie/${name}.json`, import.meta.url), 'utf8'));
}

const ms = (iso: string) => Date.parse(iso);

/** Each expected timeline of `result` with its agreement. */
function verify(result: SourceImport) {
  return result.expected.map((e) => ({ schedule: e.schedule, ...agreementOf(result, e) }));
}

/** The problems a document that is not Opsgenie's is refused with. */
function problemsOf(document: unknown) {
  try {
    fromOpsgenie(document);
  } catch (e) {
    if (e instanceof SourceDocumentError) return e.problems;
    throw e;
  }
  throw new Error('the document was accepted');
}

describe('a weekly rotation across the spring-forward week (Berlin, 2027-03-28)', () => {
  // Handoffs stay at Monday 09:00 Berlin: 03-22 08:00Z (CET), 03-29 07:00Z and 04-05 07:00Z (CEST);
  // the window is 03-22 00:00 CET → 04-12 00:00 CEST = 03-21T23:00Z → 04-11T22:00Z.
  const result = fromOpsgenie(fixture('weekly-dst'));

  it('makes a weekly layer starting at the local handoff time', () => {
    expect(result.schedules).toEqual([
      {
        id: 'platform-on-call',
        sourceId: 'd875alp4-9b4e-4219-alp3-0c26936d18de',
        document: {
          name: 'Platform on call',
          timeZone: 'Europe/Berlin',
          requireCoverage: false,
          layers: [{ id: 'primary', name: 'Primary', participants: ['alice-adams', 'bob', 'carol'], rotation: { every: 'P1W', start: '2027-03-22T09:00' } }],
        },
      },
    ]);
  });

  it('imports only the users the schedule names, with lower-cased emails and valid zones', () => {
    expect(result.people).toEqual([
      { id: 'alice-adams', name: 'Alice Adams', email: 'alice.adams@example.com', timeZone: 'Europe/Berlin', sourceId: 'b5b92115-bfe7-43eb-8c2a-e467f2e5ddc4' },
      { id: 'bob', name: 'Bob Brown', email: 'bob@example.com', timeZone: 'Europe/Berlin', sourceId: 'e07c63f0-dd8c-4ad4-983e-4ee7dc600463' },
      { id: 'carol', name: 'Carol Clark', email: 'carol@example.com', timeZone: null, sourceId: '1f2a3b4c-0000-4d8e-9f00-123456789abc' },
    ]);
    expect(result.warnings).toEqual([{ path: '/users/data/2/timeZone', message: expect.stringContaining('"Mars/Olympus" is not an IANA time zone') }]);
  });

  it("agrees with Opsgenie's timeline over the whole window", () => {
    expect(result.expected).toEqual([
      {
        schedule: 'platform-on-call',
        from: ms('2027-03-21T23:00:00Z'),
        to: ms('2027-04-11T22:00:00Z'),
        entries: [
          { start: ms('2027-03-22T08:00:00Z'), end: ms('2027-03-29T07:00:00Z'), person: 'alice-adams' },
          { start: ms('2027-03-29T07:00:00Z'), end: ms('2027-04-05T07:00:00Z'), person: 'bob' },
          { start: ms('2027-04-05T07:00:00Z'), end: ms('2027-04-11T22:00:00Z'), person: 'carol' },
        ],
      },
    ]);
    expect(verify(result)).toEqual([{ schedule: 'platform-on-call', agreement: 1, differences: [] }]);
  });
});

describe('a time-of-day restriction crossing midnight, over the fall-back night (New York, 2027-11-07)', () => {
  // Daily handoffs at 22:00 from Mon 11-01 (dave, erin, dave, …); on call 22:00–06:00 only. EDT =
  // UTC−4 until 11-07 06:00Z, then EST = UTC−5: the night of 11-06 runs 02:00Z → 11:00Z (9 h).
  const result = fromOpsgenie(fixture('night-restriction-fall-back'));

  it('maps the restriction to a daily span that ends the next morning', () => {
    expect(result.schedules[0]!.document.layers).toEqual([
      {
        id: 'nights',
        name: 'Nights',
        participants: ['dave', 'erin'],
        rotation: { every: 'P1D', start: '2027-11-01T22:00' },
        activeWhen: { weekly: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], from: '22:00', to: '06:00' }] },
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it("agrees with Opsgenie's timeline, the 9-hour night included", () => {
    expect(result.expected[0]!.entries[2]).toEqual({ start: ms('2027-11-07T02:00:00Z'), end: ms('2027-11-07T11:00:00Z'), person: 'erin' });
    expect(verify(result)).toEqual([{ schedule: 'night-desk', agreement: 1, differences: [] }]);
  });
});

describe('weekday and weekend rotations that never overlap (London, BST = UTC+1)', () => {
  // Weekdays Mon 09:00 → Fri 17:00 (frank, then grace, weekly from Mon 06-07 09:00); Weekend
  // Fri 17:00 → Mon 09:00, across the week's end (heidi). Window 06-07 00:00 → 06-21 00:00 BST.
  const result = fromOpsgenie(fixture('weekday-weekend-layers'));

  it('imports them as two layers of one schedule, and says so', () => {
    expect(result.schedules.map((s) => s.id)).toEqual(['comms-coordinator']);
    expect(result.schedules[0]!.document.layers.map((l) => [l.id, l.activeWhen])).toEqual([
      ['weekdays', { weekly: [{ from: 'MO 09:00', to: 'FR 17:00' }] }],
      ['weekend', { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] }],
    ]);
    expect(result.warnings).toEqual([{ path: '/schedules/data/0/rotations', message: expect.stringContaining('imported as the layers of one schedule') }]);
  });

  it("agrees with both rotations' periods together", () => {
    expect(result.expected[0]!.entries.map((e) => e.person)).toEqual(['heidi', 'frank', 'heidi', 'grace', 'heidi']);
    expect(verify(result)).toEqual([{ schedule: 'comms-coordinator', agreement: 1, differences: [] }]);
  });
});

describe('rotations on call at the same time (Paris, CET = UTC+1)', () => {
  // Primary: daily ivan/judy from Mon 01-04 09:00; Secondary: weekly ken. Override "ken-dentist"
  // (ivan, 01-05 12:00Z → 18:00Z) replaces Secondary only; "judy-covers" (01-06 10:00Z → 12:00Z)
  // names no rotation, so it replaces both.
  const result = fromOpsgenie(fixture('overlapping-rotations'));

  it('imports each rotation as a schedule of its own, and says why', () => {
    expect(result.schedules.map((s) => [s.id, s.document.layers.map((l) => l.participants)])).toEqual([
      ['payments-primary', [['ivan', 'judy']]],
      ['payments-secondary', [['ken']]],
    ]);
    expect(result.warnings).toEqual([
      { path: '/schedules/data/0/rotations', message: expect.stringContaining('rotations "Primary" and "Secondary" can be on call at the same time') },
    ]);
  });

  it('puts a rotation-limited override on that rotation only, and an unlimited one on both', () => {
    expect(result.overrides).toEqual([
      { schedule: 'payments-secondary', person: 'ivan', start: ms('2027-01-05T12:00:00Z'), end: ms('2027-01-05T18:00:00Z'), note: 'ken-dentist' },
      { schedule: 'payments-primary', person: 'judy', start: ms('2027-01-06T10:00:00Z'), end: ms('2027-01-06T12:00:00Z'), note: 'judy-covers' },
      { schedule: 'payments-secondary', person: 'judy', start: ms('2027-01-06T10:00:00Z'), end: ms('2027-01-06T12:00:00Z'), note: 'judy-covers' },
    ]);
  });

  it("agrees with each rotation's own timeline", () => {
    expect(verify(result)).toEqual([
      { schedule: 'payments-primary', agreement: 1, differences: [] },
      { schedule: 'payments-secondary', agreement: 1, differences: [] },
    ]);
  });
});

describe('an override limited to the night rotation of a day/night schedule (UTC)', () => {
  // Days 08:00–18:00 (oscar), Nights 18:00–08:00 (nina). Pat overrides Nights (named, no id) from
  // 02-01 12:00 to 02-02 12:00: only the night 02-01 18:00 → 02-02 08:00 is Pat's; days stay Oscar's.
  const result = fromOpsgenie(fixture('rotation-limited-override'));

  it('cuts the override to the turns of the rotation it names', () => {
    expect(result.schedules.map((s) => s.id)).toEqual(['support']);
    expect(result.overrides).toEqual([
      { schedule: 'support', person: 'pat', start: ms('2027-02-01T18:00:00Z'), end: ms('2027-02-02T08:00:00Z'), note: 'pat-takes-nights' },
    ]);
  });

  it("agrees with Opsgenie's timeline", () => {
    expect(verify(result)).toEqual([{ schedule: 'support', agreement: 1, differences: [] }]);
  });
});

describe('an hourly rotation that ends (UTC)', () => {
  // 8-hour watches quinn, rob, sam from 05-03 06:00Z until 05-04 14:00Z, then nobody.
  const result = fromOpsgenie(fixture('hourly-end-date'));

  it('maps length × hours to PT8H and endDate to the layer end', () => {
    expect(result.schedules[0]!.document.layers[0]).toMatchObject({ rotation: { every: 'PT8H', start: '2027-05-03T06:00' }, end: '2027-05-04T14:00' });
    expect(result.warnings).toEqual([]);
  });

  it("agrees with Opsgenie's timeline, the time after the end included", () => {
    expect(verify(result)).toEqual([{ schedule: 'launch-week', agreement: 1, differences: [] }]);
  });
});

describe('constructs Rota cannot express', () => {
  const result = fromOpsgenie(fixture('not-mappable'));
  const messages = (path: string) => result.warnings.filter((w) => w.path === path).map((w) => w.message);

  it('warns at the path of each, and imports the rest', () => {
    expect(result.warnings.map((w) => w.path)).toEqual([
      '/overrides/00000000-dead-4000-8000-000000000000',
      '/schedules/data/0/rotations/0/participants/1',
      '/schedules/data/0/rotations/0/participants',
      '/schedules/data/0/rotations/0/startDate',
      '/schedules/data/0/rotations/1/participants/0',
      '/schedules/data/0/rotations/1/participants',
      '/overrides/80000000-0000-4000-8000-000000000001/data/0/user',
      '/overrides/80000000-0000-4000-8000-000000000001/data/1/rotations/0',
      '/schedules/data/1/timezone',
      '/schedules/data/2/enabled',
      '/schedules/data/2/rotations/0/participants/0',
      '/schedules/data/2/rotations/0/participants/1',
      '/schedules/data/2/rotations/0/participants',
      '/schedules/data/2/rotations/0/type',
    ]);
    expect(messages('/schedules/data/0/rotations/0/participants/1')[0]).toMatch(/"none" turn/);
    expect(messages('/schedules/data/0/rotations/0/startDate')[0]).toMatch(/has seconds.*truncated to 2027-01-04T09:00/);
    expect(messages('/schedules/data/0/rotations/1/participants/0')[0]).toMatch(/team as participant/);
    expect(messages('/schedules/data/1/timezone')[0]).toMatch(/schedule not imported/);
    expect(messages('/schedules/data/2/rotations/0/participants/0')[0]).toMatch(/"zoe@example.com" is not in \/users/);
    expect(messages('/schedules/data/2/rotations/0/type')[0]).toMatch(/wall clock of Europe\/Berlin/);
    expect(result.schedules.map((s) => s.id)).toEqual(['mixed', 'paused']);
    expect(result.people.map((p) => [p.id, p.email])).toEqual([
      ['alice', 'alice@example.com'],
      ['zoe', 'zoe@example.com'],
    ]);
    expect(result.overrides).toEqual([]);
  });

  it('and the verification shows where the "none" turns and the seconds make Rota differ', () => {
    // Opsgenie: alice 01-04 08:00:30Z → 01-05 08:00:30Z and 01-06 08:00:30Z → 01-07 08:00:30Z,
    // nobody otherwise. Rota: alice from 01-04 08:00Z on. Same for 9 h + 48 h of the 96 h window.
    const [check] = verify(result);
    expect(check!.agreement).toBeCloseTo(57 / 96, 12);
    expect(check!.differences).toEqual([
      { start: '2027-01-04T08:00:00.000Z', end: '2027-01-04T08:00:30.000Z', expected: null, got: 'alice' },
      { start: '2027-01-05T08:00:30.000Z', end: '2027-01-06T08:00:30.000Z', expected: null, got: 'alice' },
      { start: '2027-01-07T08:00:30.000Z', end: '2027-01-07T23:00:00.000Z', expected: null, got: 'alice' },
    ]);
  });
});

describe("timeline periods Rota's people cannot stand for", () => {
  it('are compared as nobody on call, each kind warned about once', () => {
    const una = { id: 'u1', type: 'user', name: 'una@example.com' };
    const period = (start: string, end: string, extra: object) => ({ startDate: `2027-01-0${start}T00:00:00Z`, endDate: `2027-01-0${end}T00:00:00Z`, ...extra });
    const doc = {
      users: [{ id: 'u1', username: 'una@example.com', fullName: 'Una' }],
      schedules: [{ id: 's1', name: 'S', timezone: 'UTC', rotations: [{ id: 'r1', startDate: '2027-01-01T00:00:00Z', type: 'daily', participants: [{ type: 'user', id: 'u1' }] }] }],
      timelines: {
        s1: {
          startDate: '2027-01-01T00:00:00Z',
          endDate: '2027-01-07T00:00:00Z',
          finalTimeline: {
            rotations: [
              {
                id: 'r1',
                periods: [
                  period('1', '2', { type: 'historical', flattenedRecipients: [una, { id: 'u2', type: 'user', name: 'vic@example.com' }] }),
                  period('2', '3', { type: 'historical', flattenedRecipients: [una] }),
                  period('3', '4', { type: 'forwarding', fromUser: 'una@example.com', recipient: una }),
                  period('4', '5', { type: 'default', recipient: { id: 't1', type: 'team', name: 'sre' } }),
                  period('5', '6', { type: 'default', recipient: { id: 't1', type: 'team', name: 'sre' } }),
                  period('6', '7', { type: 'default', recipient: { type: 'none' } }),
                ],
              },
            ],
          },
        },
      },
    };
    const result = fromOpsgenie(doc);
    expect(result.expected[0]!.entries.map((e) => e.person)).toEqual([null, 'una', 'una', null, null, null]);
    expect(result.warnings.map((w) => w.path)).toEqual([
      '/timelines/s1/finalTimeline/rotations/0/periods/0',
      '/timelines/s1/finalTimeline/rotations/0/periods/2',
      '/timelines/s1/finalTimeline/rotations/0/periods/3/recipient',
    ]);
  });
});

describe('an override limited to an hourly rotation for two centuries', () => {
  it('is left out with a warning instead of cutting it to 1.7 million turns', () => {
    const doc = {
      users: [{ id: 'u1', username: 'una@example.com', fullName: 'Una' }],
      schedules: [{ id: 's1', name: 'Hourly', timezone: 'UTC', rotations: [{ id: 'r1', startDate: '2000-01-01T00:00:00Z', type: 'hourly', participants: [{ type: 'user', id: 'u1' }] }] }],
      overrides: { s1: [{ alias: 'forever', user: { type: 'user', id: 'u1' }, startDate: '2000-01-01T00:00:00Z', endDate: '2199-01-01T00:00:00Z', rotations: [{ id: 'r1' }] }] },
    };
    const result = fromOpsgenie(doc);
    expect(result.overrides).toEqual([]);
    expect(result.warnings).toEqual([{ path: '/overrides/s1/0/rotations/0', message: expect.stringContaining('too long to cut') }]);
  });
});

describe('a start in the repeated hour of a DST fall-back', () => {
  it('warns that Rota reads the first of the two wall times', () => {
    // 2027-10-31 02:30 happens twice in Berlin: 00:30Z (CEST) and 01:30Z (CET). Opsgenie says the second.
    const doc = {
      users: [{ id: 'u1', username: 'una@example.com', fullName: 'Una' }],
      schedules: [{ id: 's1', name: 'Late', timezone: 'Europe/Berlin', rotations: [{ startDate: '2027-10-31T01:30:00Z', type: 'daily', participants: [{ type: 'user', id: 'u1' }] }] }],
    };
    const result = fromOpsgenie(doc);
    expect(result.schedules[0]!.document.layers[0]!.rotation).toEqual({ every: 'P1D', start: '2027-10-31T02:30' });
    expect(result.warnings).toEqual([{ path: '/schedules/0/rotations/0/startDate', message: expect.stringContaining('the DST fall-back repeats') }]);
  });
});

describe('every fixture', () => {
  const names = readdirSync(new URL('fixtures/opsgenie/', import.meta.url)).map((f) => f.replace(/\.json$/, ''));

  it.each(names)('%s: makes schedules the engine accepts, naming only the people it makes', (name) => {
    const result = fromOpsgenie(fixture(name));
    const people = new Set(result.people.map((p) => p.id));
    expect(people.size).toBe(result.people.length);
    for (const s of result.schedules) expect(validateSchedule(s.document, { people })).toEqual([]);
    for (const o of result.overrides) expect(people.has(o.person) && result.schedules.some((s) => s.id === o.schedule)).toBe(true);
  });
});

describe('documents that are not Opsgenie’s', () => {
  const user = { id: 'u1', username: 'una@example.com', fullName: 'Una' };
  const rotation = { startDate: '2027-01-04T09:00:00Z', type: 'daily', participants: [{ type: 'user', id: 'u1' }] };
  const schedule = { id: 's1', name: 'S', timezone: 'UTC', rotations: [rotation] };

  it('are refused with the path of each fault', () => {
    expect(problemsOf([])).toEqual([{ path: '', message: 'must be an object' }]);
    expect(problemsOf({ users: [user] }).map((p) => p.path)).toEqual(['/schedules']);
    expect(
      problemsOf({
        users: { data: [{ id: 'u1' }] },
        schedules: {
          data: [
            { id: 's1', name: 'S', timezone: 'UTC' },
            { ...schedule, rotations: [{ ...rotation, startDate: '2027-01-04T09:00', type: 'monthly', length: 0 }] },
            { ...schedule, rotations: [{ ...rotation, timeRestriction: { type: 'time-of-day', restriction: { startHour: 24, endHour: 6 } } }] },
            { ...schedule, rotations: [{ ...rotation, timeRestriction: { type: 'weekday-and-time-of-day', restrictions: [{ startDay: 'mon', startHour: 9, endDay: 'friday', endHour: 17 }] } }] },
          ],
        },
        overrides: { s1: [{ user: { type: 'user' }, startDate: 'soon', endDate: '2027-01-05T00:00:00Z' }] },
        timelines: { s1: { data: { startDate: '2027-01-05T00:00:00Z', endDate: '2027-01-04T00:00:00Z', finalTimeline: { rotations: [] } } } },
      }).map((p) => p.path),
    ).toEqual([
      '/users/data/0/username',
      '/schedules/data/0/rotations',
      '/schedules/data/1/rotations/0/startDate',
      '/schedules/data/1/rotations/0/type',
      '/schedules/data/1/rotations/0/length',
      '/schedules/data/2/rotations/0/timeRestriction/restriction/startHour',
      '/schedules/data/3/rotations/0/timeRestriction/restrictions/0/startDay',
      '/overrides/s1/0/startDate',
      '/timelines/s1/data/endDate',
    ]);
  });

  it('are bounded before anything in them is read', () => {
    const users = Array.from({ length: 10_001 }, (_, i) => ({ id: `u${i}`, username: `u${i}@example.com` }));
    expect(problemsOf({ users, schedules: [] })).toEqual([{ path: '/users', message: 'at most 10000 users' }]);
    expect(problemsOf({ users: [], schedules: [{ ...schedule, name: 'x'.repeat(1001) }] })).toEqual([{ path: '/schedules/0/name', message: 'at most 1000 characters' }]);
    const overrides = Array.from({ length: 100_001 }, () => ({}));
    expect(problemsOf({ users: [], schedules: [], overrides: { s1: overrides } })).toEqual([{ path: '/overrides/s1', message: 'at most 100000 overrides' }]);
  });
});
