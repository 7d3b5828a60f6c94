/** validateSchedule: every problem kind with its JSON path (spec §4, §1 errors). */
import { describe, expect, it } from 'vitest';
import { type ScheduleDoc, calendarsOf, peopleOf, validateSchedule } from '../../src/engine/index.js';

const valid: ScheduleDoc = {
  id: 'comms',
  name: 'Comms',
  timeZone: 'Europe/Berlin',
  fallback: 'director',
  layers: [
    { id: 'weekly', participants: ['alice', 'bob'], rotation: { every: 'P1W', start: '2027-01-04T09:00' } },
    {
      id: 'weekend',
      participants: ['dave'],
      rotation: { rrule: 'FREQ=WEEKLY;BYDAY=FR;BYHOUR=17;BYMINUTE=0', start: '2027-01-01T17:00' },
      activeWhen: {
        weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }, { days: ['SA'], from: '00:00', to: '24:00' }],
        holidays: [{ calendar: 'de-be' }],
        dates: [{ start: '2027-12-24T00:00', end: '2027-12-27T09:00' }],
      },
    },
    { id: 'hol', participants: ['erin'], rotation: { per: 'window', start: '2027-01-01T00:00' } },
  ],
};

/** `valid` with `edit` applied to a deep copy; returns the problem paths. */
function pathsOf(edit: (d: any) => void, known?: Parameters<typeof validateSchedule>[1]): string[] {
  const doc = structuredClone(valid) as any;
  edit(doc);
  return validateSchedule(doc, known).map((p) => p.path);
}

describe('validateSchedule', () => {
  it('accepts a valid document, also against known ids', () => {
    expect(validateSchedule(valid)).toEqual([]);
    const known = { people: new Set(['alice', 'bob', 'dave', 'erin', 'director']), calendars: new Set(['de-be']) };
    expect(validateSchedule(valid, known)).toEqual([]);
  });

  it('rejects non-objects and missing basics', () => {
    expect(validateSchedule(null).map((p) => p.path)).toEqual(['']);
    expect(validateSchedule([]).map((p) => p.path)).toEqual(['']);
    expect(pathsOf((d) => delete d.name)).toEqual(['/name']);
    expect(pathsOf((d) => (d.name = '  '))).toEqual(['/name']);
    expect(pathsOf((d) => (d.layers = {}))).toEqual(['/layers']);
    expect(pathsOf((d) => (d.id = 'Bad Id'))).toEqual(['/id']);
    expect(pathsOf((d) => (d.requireCoverage = 'yes'))).toEqual(['/requireCoverage']);
  });

  it('rejects an unknown time zone with a short message', () => {
    const problems = validateSchedule({ ...valid, timeZone: 'Mars/Base' });
    expect(problems).toEqual([{ path: '/timeZone', message: 'Use an IANA time zone name, like Europe/Berlin or America/New_York: "Mars/Base" is not one' }]);
    expect(pathsOf((d) => delete d.timeZone)).toEqual(['/timeZone']);
  });

  it('rejects bad, zero and negative durations', () => {
    for (const every of ['P0D', 'PT0S', 'P-1D', '1 week', 'P', 'PT', 7, 'PT1M', 'PT14M', 'P0.5M']) {
      expect(pathsOf((d) => (d.layers[0].rotation.every = every))).toEqual(['/layers/0/rotation/every']);
    }
    for (const every of ['PT8H', 'P1D', 'P2W', 'P1M', 'P1Y', 'PT15M', 'P0.5D', 'P1M2D']) {
      expect(pathsOf((d) => (d.layers[0].rotation.every = every))).toEqual([]);
    }
  });

  it('rejects bad rules', () => {
    const rule = (r: unknown) => pathsOf((d) => (d.layers[1].rotation.rrule = r));
    expect(rule('FREQ=SOMETIMES')).toEqual(['/layers/1/rotation/rrule']);
    expect(rule('BYDAY=MO')).toEqual(['/layers/1/rotation/rrule']);
    expect(rule('FREQ=WEEKLY;BYDAY=XX')).toEqual(['/layers/1/rotation/rrule']);
    expect(rule('FREQ=WEEKLY;DTSTART=20270101T000000')).toEqual(['/layers/1/rotation/rrule']);
    expect(rule('FREQ=WEEKLY;TZID=Europe/Berlin')).toEqual(['/layers/1/rotation/rrule']);
    // February 30 never happens.
    expect(rule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30')).toEqual(['/layers/1/rotation/rrule']);
    expect(rule(42)).toEqual(['/layers/1/rotation/rrule']);
    expect(rule('RRULE:FREQ=DAILY')).toEqual(['/layers/1/rotation/rrule']);
    expect(rule('FREQ=MINUTELY;INTERVAL=30')).toEqual(['/layers/1/rotation/rrule']);
    expect(rule('FREQ=HOURLY;INTERVAL=4')).toEqual([]);
    expect(rule('FREQ=DAILY;COUNT=10')).toEqual([]);
  });

  it('requires exactly one rotation form and a local start', () => {
    expect(pathsOf((d) => (d.layers[0].rotation = { start: '2027-01-04T09:00' }))).toEqual(['/layers/0/rotation']);
    expect(pathsOf((d) => (d.layers[0].rotation.per = 'window'))).toEqual(['/layers/0/rotation']);
    expect(pathsOf((d) => (d.layers[0].rotation = 'weekly'))).toEqual(['/layers/0/rotation']);
    expect(pathsOf((d) => (d.layers[2].rotation.per = 'day'))).toEqual(['/layers/2/rotation/per']);
    for (const start of ['2027-01-04T09:00Z', '2027-01-04T09:00+01:00', '2027-01-04', '2027-02-30T09:00', 20270104]) {
      expect(pathsOf((d) => (d.layers[0].rotation.start = start))).toEqual(['/layers/0/rotation/start']);
    }
  });

  it('rejects bad days and hours in weekly spans; "24:00" only as "to"', () => {
    const weekly = (i: number, span: unknown) => pathsOf((d) => (d.layers[1].activeWhen.weekly[i] = span));
    expect(weekly(0, { from: 'FR 17', to: 'MO 09:00' })).toEqual(['/layers/1/activeWhen/weekly/0/from']);
    expect(weekly(0, { from: 'XX 09:00', to: 'MO 09:00' })).toEqual(['/layers/1/activeWhen/weekly/0/from']);
    expect(weekly(0, { from: 'FR 25:00', to: 'MO 09:00' })).toEqual(['/layers/1/activeWhen/weekly/0/from']);
    expect(weekly(0, { from: 'FR 24:00', to: 'MO 09:00' })).toEqual(['/layers/1/activeWhen/weekly/0/from']);
    expect(weekly(0, { from: 'FR 17:00', to: 'SU 24:00' })).toEqual([]);
    expect(weekly(1, { days: ['SA'], from: '25:00', to: '09:00' })).toEqual(['/layers/1/activeWhen/weekly/1/from']);
    expect(weekly(1, { days: ['SA'], from: '24:00', to: '09:00' })).toEqual(['/layers/1/activeWhen/weekly/1/from']);
    expect(weekly(1, { days: ['SA'], from: '09:00', to: '24:30' })).toEqual(['/layers/1/activeWhen/weekly/1/to']);
    expect(weekly(1, { days: ['SA', 'XX'], from: '09:00', to: '17:00' })).toEqual(['/layers/1/activeWhen/weekly/1/days/1']);
    expect(weekly(1, { days: [], from: '09:00', to: '17:00' })).toEqual(['/layers/1/activeWhen/weekly/1/days']);
    expect(pathsOf((d) => (d.layers[1].activeWhen.weekly = 'weekends'))).toEqual(['/layers/1/activeWhen/weekly']);
  });

  it('rejects bad holiday hours and date ranges', () => {
    expect(pathsOf((d) => (d.layers[1].activeWhen.holidays[0].from = '24:00'))).toEqual(['/layers/1/activeWhen/holidays/0/from']);
    expect(pathsOf((d) => (d.layers[1].activeWhen.holidays[0].to = '9'))).toEqual(['/layers/1/activeWhen/holidays/0/to']);
    expect(pathsOf((d) => delete d.layers[1].activeWhen.holidays[0].calendar)).toEqual(['/layers/1/activeWhen/holidays/0/calendar']);
    const range = (start: string, end: string) => pathsOf((d) => (d.layers[1].activeWhen.dates[0] = { start, end }));
    expect(range('2027-12-27T09:00', '2027-12-24T00:00')).toEqual(['/layers/1/activeWhen/dates/0/end']);
    expect(range('2027-12-24T00:00', '2027-12-24T00:00')).toEqual(['/layers/1/activeWhen/dates/0/end']);
    expect(range('2027-12-24T00:00Z', '2027-12-25T00:00')).toEqual(['/layers/1/activeWhen/dates/0/start']);
    expect(pathsOf((d) => (d.layers[1].activeWhen.monthly = []))).toEqual(['/layers/1/activeWhen/monthly']);
  });

  it('checks references against known ids when given', () => {
    const known = { people: new Set(['alice', 'bob', 'dave', 'erin']), calendars: new Set<string>() };
    const problems = validateSchedule(valid, known);
    expect(problems).toEqual([
      { path: '/fallback', message: 'unknown person "director"' },
      { path: '/layers/1/activeWhen/holidays/0/calendar', message: 'No holiday calendar has the id "de-be": choose a saved one' },
    ]);
    expect(pathsOf((d) => d.layers[0].participants.push('zed'), { people: new Set(['alice', 'bob', 'dave', 'erin', 'director']) })).toEqual([
      '/layers/0/participants/2',
    ]);
  });

  it('rejects bad and duplicate layer ids, bad participants, non-object layers', () => {
    expect(pathsOf((d) => (d.layers[1].id = 'weekly'))).toEqual(['/layers/1/id']);
    expect(pathsOf((d) => (d.layers[0].id = '-x'))).toEqual(['/layers/0/id']);
    expect(pathsOf((d) => (d.layers[0].id = 'a'.repeat(64)))).toEqual(['/layers/0/id']);
    expect(pathsOf((d) => (d.layers[0].participants = 'alice'))).toEqual(['/layers/0/participants']);
    expect(pathsOf((d) => (d.layers[0].participants = ['alice', 3]))).toEqual(['/layers/0/participants/1']);
    expect(pathsOf((d) => (d.layers[0] = 5))).toEqual(['/layers/0']);
    expect(pathsOf((d) => (d.fallback = ''))).toEqual(['/fallback']);
    expect(pathsOf((d) => (d.layers[0].participants = ['Alice']))).toEqual(['/layers/0/participants/0']);
  });

  it('rejects an activeWhen with no entry at all (never active), but not one with some entry', () => {
    expect(pathsOf((d) => (d.layers[1].activeWhen = {}))).toEqual(['/layers/1/activeWhen']);
    expect(pathsOf((d) => (d.layers[1].activeWhen = { weekly: [], holidays: [], dates: [] }))).toEqual(['/layers/1/activeWhen']);
    expect(pathsOf((d) => (d.layers[1].activeWhen = { weekly: [], dates: [{ start: '2027-12-24T00:00', end: '2027-12-25T00:00' }] }))).toEqual([]);
  });

  it('layer end: a local date-time in range, after the rotation start (as instants, spec §1)', () => {
    const end = (v: unknown, start = '2027-01-04T09:00') =>
      validateSchedule({ ...valid, layers: [{ ...valid.layers[0]!, rotation: { every: 'P1W', start }, end: v }] });
    expect(end('2027-06-28T09:00')).toEqual([]);
    expect(end('2027-01-04T09:01')).toEqual([]);
    for (const bad of ['2027-06-28T09:00Z', '2027-06-28', '2027-02-30T09:00', 42, null, '']) {
      expect(end(bad)).toEqual([{ path: '/layers/0/end', message: 'Use a local date and time like 2027-01-04T09:00 (no offset)' }]);
    }
    expect(end('2200-01-01T00:00')).toEqual([{ path: '/layers/0/end', message: 'must lie in the years 1900–2199' }]);
    expect(end('2027-01-04T09:00')).toEqual([{ path: '/layers/0/end', message: 'Use a time after the rotation start' }]);
    expect(end('2026-12-31T23:59')).toEqual([{ path: '/layers/0/end', message: 'Use a time after the rotation start' }]);
    // Berlin 2027-03-28 02:30 does not exist: it is 03:30 CEST, after a 03:00 start but not a 03:45 one.
    expect(end('2027-03-28T02:30', '2027-03-28T03:00')).toEqual([]);
    expect(end('2027-03-28T03:00', '2027-03-28T02:30')).toEqual([{ path: '/layers/0/end', message: 'Use a time after the rotation start' }]);
    // Berlin 2027-10-31 02:30 happens twice and means the first: before the 02:45 of that first pass.
    expect(end('2027-10-31T02:45', '2027-10-31T02:30')).toEqual([]);
    // A bad start has its own problem; the end is not compared with it.
    expect(end('2027-06-28T09:00', 'soon').map((p) => p.path)).toEqual(['/layers/0/rotation/start']);
  });

  it('whenAway is "next" or "keep"', () => {
    expect(pathsOf((d) => (d.layers[0].whenAway = 'next'))).toEqual([]);
    expect(pathsOf((d) => (d.layers[2].whenAway = 'keep'))).toEqual([]);
    for (const bad of ['skip', 'NEXT', true, null, 1]) {
      expect(validateSchedule({ ...valid, layers: [{ ...valid.layers[0]!, whenAway: bad as never }] })).toEqual([
        { path: '/layers/0/whenAway', message: 'Use one of: next, keep (case matters)' },
      ]);
    }
  });

  it('reports every problem at once', () => {
    const paths = pathsOf((d) => {
      d.timeZone = 'Nowhere/City';
      d.layers[0].rotation.every = 'P0D';
      d.layers[2].rotation.start = 'soon';
    });
    expect(paths).toEqual(['/timeZone', '/layers/0/rotation/every', '/layers/2/rotation/start']);
  });
});

describe('bounds (callers such as import may skip the HTTP schema: the validator refuses on its own)', () => {
  const many = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);
  /** The problems of `valid` with `edit` applied, as path → message. */
  const problemsOf = (edit: (d: any) => void) => {
    const doc = structuredClone(valid) as any;
    edit(doc);
    return Object.fromEntries(validateSchedule(doc).map((p) => [p.path, p.message]));
  };

  it('states each list’s limit at the list', () => {
    expect(problemsOf((d) => (d.layers = many(51, d.layers[0])))).toEqual({ '/layers': 'at most 50 layers' });
    expect(problemsOf((d) => (d.layers[0].participants = many(1001, 'alice')))).toEqual({ '/layers/0/participants': 'at most 1000 participants' });
    expect(problemsOf((d) => (d.layers[1].activeWhen.weekly = many(101, { from: 'FR 17:00', to: 'MO 09:00' })))).toEqual({
      '/layers/1/activeWhen/weekly': 'at most 100 weekly spans',
    });
    expect(problemsOf((d) => (d.layers[1].activeWhen.weekly = [{ days: many(8, 'SA'), from: '00:00', to: '24:00' }]))).toEqual({
      '/layers/1/activeWhen/weekly/0/days': 'at most 7 days',
    });
    expect(problemsOf((d) => (d.layers[1].activeWhen.holidays = many(21, { calendar: 'de-be' })))).toEqual({
      '/layers/1/activeWhen/holidays': 'at most 20 holiday entries',
    });
    expect(problemsOf((d) => (d.layers[1].activeWhen.dates = many(1001, { start: '2027-12-24T00:00', end: '2027-12-27T09:00' })))).toEqual({
      '/layers/1/activeWhen/dates': 'at most 1000 date ranges',
    });
  });

  it('accepts every list at its limit', () => {
    expect(
      problemsOf((d) => {
        d.layers = Array.from({ length: 50 }, (_, i) => ({ ...d.layers[1], id: `l${i}`, participants: many(1000, 'dave') }));
        d.layers[0].activeWhen = {
          weekly: many(100, { days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], from: '09:00', to: '17:00' }),
          holidays: many(20, { calendar: 'de-be' }),
          dates: many(1000, { start: '2027-12-24T00:00', end: '2027-12-27T09:00' }),
        };
      }),
    ).toEqual({});
  });

  it('states each string’s limit at the string', () => {
    expect(problemsOf((d) => (d.name = 'n'.repeat(201)))).toEqual({ '/name': 'at most 200 characters' });
    expect(problemsOf((d) => (d.layers[0].name = 'n'.repeat(201)))).toEqual({ '/layers/0/name': 'at most 200 characters' });
    expect(problemsOf((d) => (d.timeZone = `Europe/${'x'.repeat(58)}`))).toEqual({ '/timeZone': 'at most 64 characters' });
    expect(problemsOf((d) => (d.layers[0].rotation.every = `P${'0'.repeat(62)}1W`))).toEqual({ '/layers/0/rotation/every': 'at most 64 characters' });
    expect(problemsOf((d) => (d.layers[1].rotation.rrule = `FREQ=DAILY;BYHOUR=${'1,'.repeat(250)}1`))).toEqual({
      '/layers/1/rotation/rrule': 'must be at most 512 characters, got 519',
    });
    expect(problemsOf((d) => (d.layers[1].activeWhen.holidays = [{ calendar: 'x'.repeat(64) }]))).toEqual({
      '/layers/1/activeWhen/holidays/0/calendar': 'Choose a holiday calendar (its id, like de-be)',
    });
  });

  it('refuses 185,000 weekly days at once, without looking at each', () => {
    const started = performance.now();
    const problems = problemsOf((d) => (d.layers[1].activeWhen.weekly = [{ days: many(185_000, 'XX'), from: '00:00', to: '00:15' }]));
    expect(problems).toEqual({ '/layers/1/activeWhen/weekly/0/days': 'at most 7 days' });
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('references', () => {
  it('calendarsOf and peopleOf list sorted unique ids', () => {
    expect(calendarsOf(valid)).toEqual(['de-be']);
    expect(peopleOf(valid)).toEqual(['alice', 'bob', 'dave', 'director', 'erin']);
    expect(peopleOf({ ...valid, fallback: null })).toEqual(['alice', 'bob', 'dave', 'erin']);
  });
});
