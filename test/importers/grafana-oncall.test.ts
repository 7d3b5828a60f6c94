/**
 * The Grafana OnCall mapper on documents shaped as its public API returns them (docs: on_call_shifts,
 * schedules, users, final_shifts), each fixture with a final timeline checked by hand from
 * OnCall's own rendering rules (apps/schedules/models/custom_on_call_shift.py). Agreement is Rota's
 * timeline of the mapped schedule, computed by the engine, against that timeline.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateSchedule } from '../../src/engine/index.js';
import { fromGrafanaOncall } from '../../src/importers/grafana-oncall.js';
import { type SourceImport, SourceDocumentError } from '../../src/importers/types.js';
import { agreementOf } from './agreement.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/grafana-oncall/${name}.json`, import.meta.url), 'utf8'));
}

function only(imported: SourceImport) {
  expect(imported.schedules).toHaveLength(1);
  expect(imported.expected).toHaveLength(1);
  return { schedule: imported.schedules[0]!, verified: agreementOf(imported, imported.expected[0]!) };
}

const paths = (imported: SourceImport) => imported.warnings.map((w) => w.path);

function problemsOf(document: unknown): { path: string; message: string }[] {
  try {
    fromGrafanaOncall(document);
  } catch (e) {
    if (e instanceof SourceDocumentError) return e.problems;
    throw e;
  }
  throw new Error('no SourceDocumentError');
}

describe('Grafana OnCall import', () => {
  it('maps a weekly rolling_users rotation across a DST change, with an override, and agrees with final_shifts', () => {
    const imported = fromGrafanaOncall(fixture('weekly-rolling-dst'));
    const { schedule, verified } = only(imported);
    expect(schedule.document).toEqual({
      id: 'platform-primary',
      name: 'Platform primary',
      timeZone: 'Europe/Berlin',
      requireCoverage: false,
      layers: [
        { id: 'weekly-rotation', name: 'Weekly rotation', participants: ['alice', 'bob', 'carol'], rotation: { every: 'P1W', start: '2027-03-22T09:00' } },
      ],
    });
    // Only the people the schedule refers to (erin is on no shift); emails lower-cased.
    expect(imported.people.map((p) => [p.id, p.email, p.timeZone, p.sourceId])).toEqual([
      ['alice', 'alice@example.com', 'Europe/Berlin', 'UALICE7YQ3K2P'],
      ['bob', 'bob@example.com', null, 'UBOB4XW9N7M1Q'],
      ['carol', 'carol@example.com', null, 'UCAROL2J8H5TZ'],
      ['dave', 'dave@example.com', 'UTC', 'UDAVE9R4L6VBN'],
    ]);
    // 10:00 CEST on 31 March is 08:00Z.
    expect(imported.overrides).toEqual([
      { schedule: 'platform-primary', person: 'dave', start: Date.parse('2027-03-31T08:00:00Z'), end: Date.parse('2027-03-31T12:00:00Z'), note: 'Dentist swap' },
    ]);
    expect(imported.warnings).toEqual([{ path: '/users/results/1/timezone', message: 'unknown time zone "Mars/Olympus_Mons"; left out' }]);
    expect(imported.expected[0]).toMatchObject({ from: Date.parse('2027-03-22T00:00:00Z'), to: Date.parse('2027-04-12T00:00:00Z') });
    expect(verified).toEqual({ agreement: 1, differences: [] });
  });

  it('maps weekday nights (daily + by_day, crossing midnight) through the New York fall-back week', () => {
    // Nights Mon–Fri 22:00–06:00; OnCall hands each selected day to the next group: alice, bob,
    // alice, … (Fri 5 Nov alice, Mon 8 Nov bob). 22:00 is 02:00Z in EDT, 03:00Z in EST.
    const imported = fromGrafanaOncall(fixture('overnight-weekdays-dst'));
    const { schedule, verified } = only(imported);
    expect(schedule.document.timeZone).toBe('America/New_York');
    expect(schedule.document.layers).toEqual([
      {
        id: 'weeknights',
        name: 'Weeknights',
        participants: ['alice', 'bob'],
        rotation: { rrule: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', start: '2027-11-01T22:00' },
        activeWhen: {
          weekly: [
            { from: 'MO 22:00', to: 'TU 06:00' },
            { from: 'TU 22:00', to: 'WE 06:00' },
            { from: 'WE 22:00', to: 'TH 06:00' },
            { from: 'TH 22:00', to: 'FR 06:00' },
            { from: 'FR 22:00', to: 'SA 06:00' },
          ],
        },
      },
    ]);
    expect(imported.warnings).toEqual([]);
    expect(verified).toEqual({ agreement: 1, differences: [] });
  });

  it('starts a by_day rotation where OnCall does: the first selected day in week_start order, skipping that week\'s Friday', () => {
    // Start Wed 2 June; by_day MO,FR; week_start (hidden by the API for daily shifts) SU → OnCall's
    // first event is Mon 7 June, not Fri 4.
    const imported = fromGrafanaOncall(fixture('by-day-week-start'));
    const { schedule, verified } = only(imported);
    // A web schedule's shifts are UTC wall-clock times, whatever zone the schedule displays.
    expect(schedule.document.timeZone).toBe('UTC');
    expect(schedule.document.layers[0]).toMatchObject({
      participants: ['alice', 'bob'],
      rotation: { rrule: 'FREQ=DAILY;BYDAY=MO,FR', start: '2027-06-07T09:00' },
      activeWhen: { weekly: [{ from: 'MO 09:00', to: 'MO 17:00' }, { from: 'FR 09:00', to: 'FR 17:00' }] },
    });
    expect(paths(imported)).toEqual(['/on_call_shifts/0/start']);
    expect(imported.warnings[0]!.message).toContain('SU, its default, assumed');
    expect(imported.warnings[0]!.message).toContain('2027-06-07T09:00');
    expect(verified).toEqual({ agreement: 1, differences: [] });
  });

  it('hands a weekly by_day rotation over on the first selected day of each week, from a mid-week start, through DST', () => {
    // Start Wed 17 March: alice has Wed–Fri of that week, bob the week from Mon 22 (OnCall's next
    // rotation date is the first selected day of the next week), alice the week of the 29th (CEST).
    const imported = fromGrafanaOncall(fixture('weekly-business-hours-dst'));
    const { schedule, verified } = only(imported);
    expect(schedule.document.layers).toEqual([
      {
        id: 'week-of-business-hours',
        name: 'Week of business hours',
        participants: ['alice', 'bob'],
        rotation: { rrule: 'FREQ=WEEKLY;BYDAY=MO', start: '2027-03-17T09:00' },
        activeWhen: { weekly: ['MO', 'TU', 'WE', 'TH', 'FR'].map((d) => ({ from: `${d} 09:00`, to: `${d} 17:00` })) },
      },
    ]);
    expect(imported.warnings).toEqual([]);
    expect(verified).toEqual({ agreement: 1, differences: [] });
  });

  it('orders layers by level, maps interval, until, single events and start_rotation_from_user_index, and warns on a group', () => {
    const imported = fromGrafanaOncall(fixture('levels-until-groups'));
    const { schedule, verified } = only(imported);
    expect(schedule.document.layers).toEqual([
      // start_rotation_from_user_index 1: bob's group first; every 2 weeks (events 2 weeks long).
      { id: 'fortnightly', name: 'Fortnightly', participants: ['bob', 'alice'], rotation: { every: 'P2W', start: '2027-01-04T00:00' } },
      {
        id: 'weekend-days',
        name: 'Weekend days',
        participants: ['carol'],
        rotation: { rrule: 'FREQ=WEEKLY;BYDAY=SA', start: '2027-01-09T08:00' },
        activeWhen: { weekly: [{ from: 'SA 08:00', to: 'SA 20:00' }, { from: 'SU 08:00', to: 'SU 20:00' }] },
        // until 08:00Z on Sun 24th is an RRULE UNTIL: the event starting then still runs whole.
        end: '2027-01-24T20:00',
      },
      { id: 'launch-watch', name: 'Launch watch', participants: ['dave'], rotation: { per: 'window', start: '2027-01-20T12:00' }, end: '2027-01-20T14:00' },
    ]);
    expect(paths(imported)).toEqual(['/on_call_shifts/0/rolling_users/0', '/final_shifts/SLEVELS000001/results']);
    expect(imported.warnings[0]!.message).toContain('only "UALICE0000000" is imported');
    // erin (alice's group-mate) is on call in OnCall but in no Rota layer: not imported.
    expect(imported.people.map((p) => p.id)).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(verified).toEqual({ agreement: 1, differences: [] });
  });

  it('converts a shift in another zone than the schedule at its start offset, warns, and verification shows the DST drift', () => {
    const imported = fromGrafanaOncall(fixture('per-shift-time-zone'));
    const { schedule, verified } = only(imported);
    expect(schedule.document.timeZone).toBe('UTC');
    expect(schedule.document.layers[1]).toMatchObject({
      participants: ['bob'],
      rotation: { every: 'P1D', start: '2027-03-22T08:00' },
      activeWhen: { weekly: expect.arrayContaining([{ from: 'MO 08:00', to: 'MO 09:00' }]) },
    });
    expect(paths(imported)).toEqual(['/on_call_shifts/1/time_zone']);
    // From 28 March (CEST) OnCall's 09:00 Berlin stand-up is 07:00Z; the import stays at 08:00Z.
    expect(verified.agreement).toBeCloseTo(1 - 6 / 216, 9);
    expect(verified.differences).toHaveLength(6);
    expect(verified.differences.slice(0, 2)).toEqual([
      { start: '2027-03-28T07:00:00.000Z', end: '2027-03-28T08:00:00.000Z', expected: 'bob', got: 'alice' },
      { start: '2027-03-28T08:00:00.000Z', end: '2027-03-28T09:00:00.000Z', expected: 'alice', got: 'bob' },
    ]);
  });

  it('starts an edited rotation at the period containing rotation_start, as the web UI renders it, and warns', () => {
    const imported = fromGrafanaOncall(fixture('rotation-start-inside-period'));
    const { schedule, verified } = only(imported);
    // Periods of alice (3 May) and bob (10 May) ended before rotation_start (Wed 19 May 12:00).
    expect(schedule.document.layers[0]).toMatchObject({ participants: ['carol', 'alice', 'bob'], rotation: { every: 'P1W', start: '2027-05-17T09:00' } });
    expect(paths(imported)).toEqual(['/on_call_shifts/0/rotation_start']);
    expect(verified).toEqual({ agreement: 1, differences: [] });
  });

  it('reports what does not map, with paths, and imports the rest', () => {
    const imported = fromGrafanaOncall(fixture('not-importable'));
    expect(imported.schedules.map((s) => s.id)).toEqual(['demo-schedule-calendar']);
    const [schedule] = imported.schedules;
    expect(validateSchedule(schedule!.document, { people: new Set(imported.people.map((p) => p.id)) })).toEqual([]);
    // Seconds cut to the minute (warned); the unknown user left out of alice's group.
    expect(schedule!.document.layers).toEqual([
      { id: 'daily-with-seconds', name: 'Daily with seconds', participants: ['alice', 'bob'], rotation: { every: 'P1D', start: '2027-02-01T09:00' } },
    ]);
    expect(paths(imported).sort()).toEqual(
      [
        '/schedules/0',
        '/schedules/1/ical_url_overrides',
        '/schedules/1/shifts/2',
        '/on_call_shifts/0/start',
        '/on_call_shifts/0/rotation_start',
        '/on_call_shifts/0/rolling_users/0/1',
        '/on_call_shifts/1/by_monthday',
        '/final_shifts/SICAL00000001',
      ].sort(),
    );
    expect(imported.warnings.find((w) => w.path === '/schedules/0')!.message).toContain('iCal');
    expect(imported.expected).toEqual([]);
  });

  it('warns where OnCall\'s rendering has no Rota equivalent: gapped intervals, overlapping periods, same levels', () => {
    const shift = (id: string, fields: Record<string, unknown>) => ({
      id, name: id, type: 'rolling_users', schedule: 'S1', time_zone: null, level: 0, start: '2027-01-01T00:00:00', rotation_start: '2027-01-01T00:00:00',
      interval: 1, rolling_users: [['UA'], ['UB']], start_rotation_from_user_index: 0, ...fields,
    });
    const imported = fromGrafanaOncall({
      users: [{ id: 'UA', email: 'a@example.com', username: 'a' }, { id: 'UB', email: null, username: 'Bea B' }],
      schedules: [{ id: 'S1', name: 'S', type: 'calendar', time_zone: 'UTC' }],
      on_call_shifts: [
        shift('every-12-hours', { frequency: 'hourly', interval: 12, duration: 43_200 }),
        shift('every-other-day', { type: 'recurrent_event', rolling_users: null, users: ['UA'], frequency: 'daily', interval: 2, duration: 3_600 }),
        shift('long-days', { frequency: 'daily', duration: 90_000 }),
        shift('fortnight-weekdays', { frequency: 'weekly', interval: 2, week_start: 'MO', by_day: ['MO', 'TU'], duration: 3_600 }),
      ],
    });
    expect(paths(imported)).toEqual(['/on_call_shifts/1/duration', '/on_call_shifts/2/duration', '/on_call_shifts/3/interval', '/on_call_shifts/2']);
    expect(imported.schedules[0]!.document.layers.map((l) => [l.id, l.rotation, l.participants])).toEqual([
      ['every-12-hours', { every: 'PT12H', start: '2027-01-01T00:00' }, ['a', 'bea-b']],
      ['long-days', { every: 'P1D', start: '2027-01-01T00:00' }, ['a', 'bea-b']],
    ]);
    // No email: the id comes from the username.
    expect(imported.people.map((p) => [p.id, p.name, p.email])).toEqual([['a', 'a', 'a@example.com'], ['bea-b', 'Bea B', null]]);
  });

  it('reads until as UTC (the RRULE UNTIL OnCall writes) and ends the layer with the last event starting by then', () => {
    const imported = fromGrafanaOncall({
      users: [{ id: 'UA', email: 'a@example.com', username: 'a' }, { id: 'UB', email: 'b@example.com', username: 'b' }],
      schedules: [{ id: 'S1', name: 'NY', type: 'calendar', time_zone: 'America/New_York', shifts: ['O1'] }],
      on_call_shifts: [
        {
          id: 'O1', name: 'Daily', type: 'rolling_users', start: '2027-01-01T09:00:00', rotation_start: '2027-01-01T09:00:00', duration: 86_400,
          frequency: 'daily', interval: 1, until: '2027-01-10T12:00:00', rolling_users: [['UA'], ['UB']], start_rotation_from_user_index: 0,
        },
      ],
    });
    // 12:00Z is 07:00 in New York: the last event starts 9 Jan 09:00 and runs its whole day.
    expect(imported.schedules[0]!.document.layers).toEqual([
      { id: 'daily', name: 'Daily', participants: ['a', 'b'], rotation: { every: 'P1D', start: '2027-01-01T09:00' }, end: '2027-01-10T09:00' },
    ]);
    expect(imported.warnings).toEqual([]);
  });

  it('refuses a document that is not Grafana OnCall\'s, naming each path', () => {
    expect(problemsOf({ schedules: 'x' }).map((p) => p.path)).toEqual(['/users', '/schedules', '/on_call_shifts']);
    // A PagerDuty-shaped document: users have names, not usernames; schedules have no type.
    const pagerduty = { users: [{ id: 'PXPGF42', name: 'Earline Greenholt', email: 'e@example.com' }], schedules: [{ id: 'PI7DH85', name: 'Daily', schedule_layers: [] }], on_call_shifts: [] };
    expect(problemsOf(pagerduty).map((p) => p.path)).toEqual(['/users/0/username', '/schedules/0/type']);
    expect(problemsOf(null)).toEqual([
      { path: '', message: 'must be an object' },
      expect.objectContaining({ path: '/users' }),
      expect.objectContaining({ path: '/schedules' }),
      expect.objectContaining({ path: '/on_call_shifts' }),
    ]);
    const shift = { id: 'O1', name: 'x', type: 'rolling_users', start: '2027-03-22 09:00', duration: 0, frequency: 'yearly', by_day: ['MON'] };
    expect(problemsOf({ users: [], schedules: [], on_call_shifts: [shift] }).map((p) => p.path)).toEqual([
      '/on_call_shifts/0/start',
      '/on_call_shifts/0/duration',
      '/on_call_shifts/0/frequency',
      '/on_call_shifts/0/by_day/0',
    ]);
    expect(problemsOf({ users: [], schedules: [], on_call_shifts: [], final_shifts: { S1: { start_date: 'tomorrow', results: [{ user_pk: 'U1', shift_start: '2027-01-01T00:00', shift_end: '2027-01-02T00:00:00Z' }] } } }).map((p) => p.path)).toEqual([
      '/final_shifts/S1/start_date',
      '/final_shifts/S1/results/0/shift_start',
    ]);
  });

  it('bounds the document: list lengths and string lengths', () => {
    const users = Array.from({ length: 10_001 }, (_, i) => ({ id: `U${i}`, email: null, username: `u${i}` }));
    expect(problemsOf({ users, schedules: [], on_call_shifts: [] })).toEqual([{ path: '/users', message: 'at most 10000 users' }]);
    const schedules = { results: Array.from({ length: 2_001 }, () => null) };
    expect(problemsOf({ users: [], schedules, on_call_shifts: [] })).toEqual([{ path: '/schedules/results', message: 'at most 2000 schedules' }]);
    const long = { id: 'S1', name: 'x'.repeat(1_001), type: 'web', time_zone: 'UTC' };
    expect(problemsOf({ users: [], schedules: [long], on_call_shifts: [] })).toEqual([{ path: '/schedules/0/name', message: 'at most 1000 characters' }]);
  });

  it('maps a document at its bounds in seconds (2,000 schedules, 100,000 shifts, 10,000 users)', { timeout: 60_000 }, () => {
    // Regression: a zone check per shift (~0.2 ms each in luxon) once made this take 49 s.
    const users = Array.from({ length: 10_000 }, (_, i) => ({ id: `U${i}`, email: `u${i}@example.com`, username: `u${i}` }));
    const schedules = Array.from({ length: 2_000 }, (_, i) => ({ id: `S${i}`, name: `Schedule ${i}`, type: 'calendar', time_zone: 'Europe/Berlin' }));
    const shifts: unknown[] = [];
    for (let i = 0; i < 2_000; i++) {
      for (let j = 0; j < 10; j++) {
        shifts.push({
          id: `O${i}-${j}`, name: `L${j}`, type: 'rolling_users', schedule: `S${i}`, level: j, start: '2027-01-04T09:00:00', rotation_start: '2027-03-10T09:00:00',
          duration: 28_800, frequency: 'daily', interval: 1, by_day: ['MO', 'TU', 'WE', 'TH', 'FR'], rolling_users: [[`U${(i + j) % 10_000}`], [`U${(i + j + 1) % 10_000}`]],
        });
      }
      for (let j = 0; j < 40; j++) shifts.push({ id: `V${i}-${j}`, name: 'o', type: 'override', schedule: `S${i}`, start: '2027-02-01T09:00:00', duration: 3_600, users: [`U${i}`] });
    }
    const started = performance.now();
    const imported = fromGrafanaOncall({ users, schedules, on_call_shifts: shifts });
    const elapsed = performance.now() - started;
    expect([imported.schedules.length, imported.overrides.length, imported.warnings.length]).toEqual([2_000, 80_000, 0]);
    expect(imported.schedules[1_999]!.document.layers).toHaveLength(10);
    expect(elapsed).toBeLessThan(20_000);
  });
});
