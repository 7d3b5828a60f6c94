/**
 * Hand-derived timelines (spec §4). Each expectation's instants are worked out in the comment
 * above it from the zone's offsets: Berlin CET = UTC+1 / CEST = UTC+2 (2027 switch 03-28 01:00Z,
 * back 10-31 01:00Z); New York EST = UTC−5 / EDT = UTC−4 (2027-03-14 07:00Z, 2027-11-07 06:00Z).
 */
import { describe, expect, it } from 'vitest';
import { type LayerDoc, type ScheduleDoc, computeLayerTimelines, computeTimeline, shiftAt } from '../../src/engine/index.js';
import { holidayLookup } from '../../src/holidays/index.js';
import { DAY, HOUR, at, fixedHolidays, iso, lines, timelineInput } from './helpers.js';

const schedule = (timeZone: string, layers: LayerDoc[], fallback?: string): ScheduleDoc => ({
  name: 'test',
  timeZone,
  ...(fallback ? { fallback } : {}),
  layers,
});

const deBe = holidayLookup(new Map([['de-be', { region: 'DE-BE' }]]));

describe('Easter 2027 in Berlin: holidays merge with the weekend across the DST switch', () => {
  const doc = schedule(
    'Europe/Berlin',
    [
      {
        id: 'weekday',
        participants: ['alice', 'bob'],
        rotation: { every: 'P1W', start: '2027-01-04T09:00' },
        activeWhen: { weekly: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], from: '09:00', to: '17:00' }] },
      },
      {
        id: 'weekend',
        participants: ['dave', 'erin'],
        rotation: { per: 'window', start: '2027-01-01T00:00' },
        activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }], holidays: [{ calendar: 'de-be' }] },
      },
    ],
    'director',
  );
  const input = timelineInput(doc, { holidays: deBe });

  it('is one window from Thu 24:00 CET to Tue 00:00 CEST', () => {
    // Weekday handoffs: Mon 2027-03-22 is 77 days = 11 weeks after Jan 4 → k=11 → bob;
    // Mon 03-29 09:00 → k=12 → alice. Thu 03-25 09:00–17:00 CET = 08:00Z–16:00Z.
    // Weekend windows (per window from Fri 2027-01-01, itself a holiday): k=0 Jan 1 00:00 → Jan 4
    // 09:00, then one window per weekend: Jan 8 (1) … Mar 5 (9; merged with Mon Mar 8, Women's
    // Day), Mar 12 (10), Mar 19 (11), Easter (12) → 12 mod 2 = 0 → dave.
    // Easter window: Good Friday 03-26 00:00 CET = 03-25T23:00Z, through Sat, Sun (the switch to
    // CEST at 01:00Z) and Easter Monday to Tue 03-30 00:00 CEST = 03-29T22:00Z.
    // Tue 03-30 09:00–17:00 CEST = 07:00Z–15:00Z alice.
    expect(lines(computeTimeline(input, at('2027-03-25T00:00:00Z'), at('2027-03-31T00:00:00Z')))).toEqual([
      '2027-03-25T00:00:00.000Z 2027-03-25T08:00:00.000Z director fallback',
      '2027-03-25T08:00:00.000Z 2027-03-25T16:00:00.000Z bob layer:weekday',
      '2027-03-25T16:00:00.000Z 2027-03-25T23:00:00.000Z director fallback',
      '2027-03-25T23:00:00.000Z 2027-03-29T22:00:00.000Z dave layer:weekend',
      '2027-03-29T22:00:00.000Z 2027-03-30T07:00:00.000Z director fallback',
      '2027-03-30T07:00:00.000Z 2027-03-30T15:00:00.000Z alice layer:weekday',
      '2027-03-30T15:00:00.000Z 2027-03-31T00:00:00.000Z director fallback',
    ]);
  });

  it('shiftAt inside the window returns the whole merged window', () => {
    const s = shiftAt(input, at('2027-03-28T01:30:00Z'));
    expect([iso(s.start), iso(s.end), s.personId, s.layerId]).toEqual([
      '2027-03-25T23:00:00.000Z',
      '2027-03-29T22:00:00.000Z',
      'dave',
      'weekend',
    ]);
  });

  it('layer rows show each layer where active, the weekday layer under the holiday too', () => {
    const rows = computeLayerTimelines(input, at('2027-03-26T00:00:00Z'), at('2027-03-27T00:00:00Z'));
    expect(rows.map((r) => [r.layerId, lines(r.shifts)])).toEqual([
      // Good Friday 09:00–17:00 CET = 08:00Z–16:00Z: the weekday layer is active, just hidden.
      ['weekday', ['2027-03-26T08:00:00.000Z 2027-03-26T16:00:00.000Z bob layer:weekday']],
      ['weekend', ['2027-03-26T00:00:00.000Z 2027-03-27T00:00:00.000Z dave layer:weekend']],
    ]);
  });
});

describe('a holiday on a Friday merges with the weekend', () => {
  it('Fri 2027-04-30 00:00 CEST (04-29T22:00Z) → Mon 05-03 09:00 CEST (07:00Z)', () => {
    const doc = schedule('Europe/Berlin', [
      {
        id: 'wh',
        participants: ['dave'],
        rotation: { per: 'window', start: '2027-04-01T00:00' },
        activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }], holidays: [{ calendar: 'c' }] },
      },
    ]);
    const input = timelineInput(doc, { holidays: fixedHolidays({ c: ['2027-04-30'] }) });
    expect(lines(computeTimeline(input, at('2027-04-29T00:00:00Z'), at('2027-05-04T00:00:00Z')))).toEqual([
      '2027-04-29T00:00:00.000Z 2027-04-29T22:00:00.000Z - gap',
      '2027-04-29T22:00:00.000Z 2027-05-03T07:00:00.000Z dave layer:wh',
      '2027-05-03T07:00:00.000Z 2027-05-04T00:00:00.000Z - gap',
    ]);
  });

  it('holiday hours: from 12:00 to 24:00 only', () => {
    // 2027-12-24 12:00 CET = 11:00Z → 12-25 00:00 CET = 12-24T23:00Z.
    const doc = schedule('Europe/Berlin', [
      {
        id: 'eve',
        participants: ['x'],
        rotation: { per: 'window', start: '2027-01-01T00:00' },
        activeWhen: { holidays: [{ calendar: 'c', from: '12:00', to: '24:00' }] },
      },
    ]);
    const input = timelineInput(doc, { holidays: fixedHolidays({ c: ['2027-12-24'] }) });
    expect(lines(computeTimeline(input, at('2027-12-24T00:00:00Z'), at('2027-12-25T00:00:00Z')))).toEqual([
      '2027-12-24T00:00:00.000Z 2027-12-24T11:00:00.000Z - gap',
      '2027-12-24T11:00:00.000Z 2027-12-24T23:00:00.000Z x layer:eve',
      '2027-12-24T23:00:00.000Z 2027-12-25T00:00:00.000Z - gap',
    ]);
  });
});

describe('daily 09:00 handoff in New York keeps 09:00 across DST', () => {
  it('fall-back 2027-11-07 gives a 25 h shift', () => {
    // P1D from Mon 2027-11-01 09:00: k = days since. Sat 11-06 09:00 EDT = 13:00Z (k=5 → b),
    // Sun 11-07 09:00 EST = 14:00Z (k=6 → a): 25 hours. Mon 11-08 09:00 EST = 14:00Z (k=7 → b).
    const input = timelineInput(
      schedule('America/New_York', [{ id: 'd', participants: ['a', 'b'], rotation: { every: 'P1D', start: '2027-11-01T09:00' } }]),
    );
    const shifts = computeTimeline(input, at('2027-11-06T13:00:00Z'), at('2027-11-08T14:00:00Z'));
    expect(lines(shifts)).toEqual([
      '2027-11-06T13:00:00.000Z 2027-11-07T14:00:00.000Z b layer:d',
      '2027-11-07T14:00:00.000Z 2027-11-08T14:00:00.000Z a layer:d',
    ]);
    expect((shifts[0]!.end - shifts[0]!.start) / HOUR).toBe(25);
  });

  it('spring-forward 2027-03-14 gives a 23 h shift', () => {
    // P1D from Wed 2027-03-10 09:00: Sat 03-13 09:00 EST = 14:00Z (k=3 → b), Sun 03-14 09:00 EDT
    // = 13:00Z (k=4 → a): 23 hours.
    const input = timelineInput(
      schedule('America/New_York', [{ id: 'd', participants: ['a', 'b'], rotation: { every: 'P1D', start: '2027-03-10T09:00' } }]),
    );
    const shifts = computeTimeline(input, at('2027-03-13T14:00:00Z'), at('2027-03-14T13:00:00Z'));
    expect(lines(shifts)).toEqual(['2027-03-13T14:00:00.000Z 2027-03-14T13:00:00.000Z b layer:d']);
    const s = shiftAt(input, at('2027-03-14T03:00:00Z'));
    expect([iso(s.start), iso(s.end), s.personId]).toEqual(['2027-03-13T14:00:00.000Z', '2027-03-14T13:00:00.000Z', 'b']);
  });
});

describe('overnight weekly span across DST', () => {
  it('SA 22:00 → 06:00 on the fall-back night lasts 9 real hours', () => {
    // Sat 2027-11-06 22:00 EDT = 11-07T02:00Z; Sun 06:00 EST = 11:00Z.
    const input = timelineInput(
      schedule('America/New_York', [
        {
          id: 'night',
          participants: ['n'],
          rotation: { every: 'P1W', start: '2027-11-01T00:00' },
          activeWhen: { weekly: [{ days: ['SA'], from: '22:00', to: '06:00' }] },
        },
      ]),
    );
    expect(lines(computeTimeline(input, at('2027-11-07T00:00:00Z'), at('2027-11-07T12:00:00Z')))).toEqual([
      '2027-11-07T00:00:00.000Z 2027-11-07T02:00:00.000Z - gap',
      '2027-11-07T02:00:00.000Z 2027-11-07T11:00:00.000Z n layer:night',
      '2027-11-07T11:00:00.000Z 2027-11-07T12:00:00.000Z - gap',
    ]);
  });

  it('FR 17:00 → MO 09:00 over the spring-forward weekend lasts 63 hours', () => {
    // Fri 2027-03-12 17:00 EST = 22:00Z; Mon 03-15 09:00 EDT = 13:00Z: 64 wall hours, 63 real.
    const input = timelineInput(
      schedule('America/New_York', [
        {
          id: 'we',
          participants: ['w'],
          rotation: { every: 'P1W', start: '2027-01-01T17:00' },
          activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] },
        },
      ]),
    );
    const s = shiftAt(input, at('2027-03-14T12:00:00Z'));
    expect([iso(s.start), iso(s.end)]).toEqual(['2027-03-12T22:00:00.000Z', '2027-03-15T13:00:00.000Z']);
    expect((s.end! - s.start!) / HOUR).toBe(63);
  });
});

describe('rotation starts on DST edges', () => {
  it('a start in the spring-forward gap moves forward: 2027-03-14T02:30 NY → 07:30Z', () => {
    // Next handoff 03-15 02:30 EDT = 06:30Z. Before the start the layer is inactive: a gap.
    const input = timelineInput(
      schedule('America/New_York', [{ id: 'l', participants: ['a', 'b'], rotation: { every: 'P1D', start: '2027-03-14T02:30' } }]),
    );
    expect(lines(computeTimeline(input, at('2027-03-14T00:00:00Z'), at('2027-03-15T12:00:00Z')))).toEqual([
      '2027-03-14T00:00:00.000Z 2027-03-14T07:30:00.000Z - gap',
      '2027-03-14T07:30:00.000Z 2027-03-15T06:30:00.000Z a layer:l',
      '2027-03-15T06:30:00.000Z 2027-03-15T12:00:00.000Z b layer:l',
    ]);
  });

  it('an ambiguous start means the earlier instant: 2027-11-07T01:30 NY → 05:30Z', () => {
    // Next handoff 11-08 01:30 EST = 06:30Z: a 25 h first shift.
    const input = timelineInput(
      schedule('America/New_York', [{ id: 'l', participants: ['a', 'b'], rotation: { every: 'P1D', start: '2027-11-07T01:30' } }]),
    );
    expect(lines(computeTimeline(input, at('2027-11-07T05:00:00Z'), at('2027-11-08T07:00:00Z')))).toEqual([
      '2027-11-07T05:00:00.000Z 2027-11-07T05:30:00.000Z - gap',
      '2027-11-07T05:30:00.000Z 2027-11-08T06:30:00.000Z a layer:l',
      '2027-11-08T06:30:00.000Z 2027-11-08T07:00:00.000Z b layer:l',
    ]);
  });

  it('handoffs inside a gap are swallowed by the next one (PT30M at 02:00/02:30 NY)', () => {
    // PT30M from 01:00: 01:00 EST 06:00Z (a), 01:30 06:30Z (b), 02:00 → 03:00 EDT 07:00Z (c),
    // 02:30 → 03:30 EDT 07:30Z (d), 03:00 EDT 07:00Z (e): the last handoff at or before t holds
    // t, so 03:00 (e, k=4) takes over at 07:00Z and 02:00/02:30 never hold anything;
    // 03:30 EDT 07:30Z (f, k=5).
    const input = timelineInput(
      schedule('America/New_York', [
        { id: 'l', participants: ['a', 'b', 'c', 'd', 'e', 'f'], rotation: { every: 'PT30M', start: '2027-03-14T01:00' } },
      ]),
    );
    expect(lines(computeTimeline(input, at('2027-03-14T06:00:00Z'), at('2027-03-14T08:00:00Z')))).toEqual([
      '2027-03-14T06:00:00.000Z 2027-03-14T06:30:00.000Z a layer:l',
      '2027-03-14T06:30:00.000Z 2027-03-14T07:00:00.000Z b layer:l',
      '2027-03-14T07:00:00.000Z 2027-03-14T07:30:00.000Z e layer:l',
      '2027-03-14T07:30:00.000Z 2027-03-14T08:00:00.000Z f layer:l',
    ]);
  });
});

describe('calendar durations and leap days', () => {
  const monthly = (start: string, every = 'P1M') =>
    timelineInput(schedule('Europe/Berlin', [{ id: 'm', participants: ['a', 'b', 'c', 'd'], rotation: { every, start } }]));

  it('P1M from 2028-01-31 → Feb 29 (leap) → Mar 31, computed from the start each time', () => {
    // 01-31 09:00 CET = 08:00Z; 02-29 09:00 CET = 08:00Z; 03-31 09:00 CEST (after 03-26) = 07:00Z;
    // 04-30 07:00Z. Accumulating would have given Mar 29.
    expect(lines(computeTimeline(monthly('2028-01-31T09:00'), at('2028-01-31T08:00:00Z'), at('2028-04-30T07:00:00Z')))).toEqual([
      '2028-01-31T08:00:00.000Z 2028-02-29T08:00:00.000Z a layer:m',
      '2028-02-29T08:00:00.000Z 2028-03-31T07:00:00.000Z b layer:m',
      '2028-03-31T07:00:00.000Z 2028-04-30T07:00:00.000Z c layer:m',
    ]);
  });

  it('P1M from 2027-01-31 hands off Feb 28 then Mar 31', () => {
    // 2027-02-28 09:00 CET = 08:00Z; 2027-03-31 09:00 CEST = 07:00Z.
    const s = computeTimeline(monthly('2027-01-31T09:00'), at('2027-02-01T00:00:00Z'), at('2027-04-01T00:00:00Z'));
    expect(lines(s).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      '2027-02-01T00:00:00.000Z 2027-02-28T08:00:00.000Z a',
      '2027-02-28T08:00:00.000Z 2027-03-31T07:00:00.000Z b',
      '2027-03-31T07:00:00.000Z 2027-04-01T00:00:00.000Z c',
    ]);
  });

  it('P1Y from 2028-02-29 falls on Feb 28 in common years and Feb 29 again in 2032', () => {
    // Handoffs 2029-02-28, 2030-02-28, 2031-02-28, 2032-02-29, all 00:00 CET = previous day 23:00Z.
    const s = shiftAt(monthly('2028-02-29T00:00', 'P1Y'), at('2031-06-01T00:00:00Z'));
    expect([iso(s.start), iso(s.end), s.personId]).toEqual(['2031-02-27T23:00:00.000Z', '2032-02-28T23:00:00.000Z', 'd']);
  });

  it('a far window jumps straight to the right shift (k = 520 weeks later)', () => {
    // P1W from Mon 2027-01-04 09:00 CET; 2036-12-22 is 3639 days = 519.86 weeks later, so the
    // shift in force began Mon 2036-12-15 (k=519 → 519 mod 4 = 3 → d) at 09:00 CET = 08:00Z.
    const s = shiftAt(monthly('2027-01-04T09:00', 'P1W'), at('2036-12-22T00:00:00Z'));
    expect([iso(s.start), iso(s.end), s.personId]).toEqual(['2036-12-15T08:00:00.000Z', '2036-12-22T08:00:00.000Z', 'd']);
  });
});

describe('year boundaries', () => {
  it('holidays on Dec 31 and Jan 1 merge across the year (two lookups)', () => {
    // New York: 2027-12-31 00:00 EST = 05:00Z → 2028-01-02 00:00 EST = 2028-01-02T05:00Z.
    const input = timelineInput(
      schedule('America/New_York', [
        {
          id: 'h',
          participants: ['a', 'b'],
          rotation: { per: 'window', start: '2027-01-01T00:00' },
          activeWhen: { holidays: [{ calendar: 'c' }] },
        },
      ]),
      { holidays: fixedHolidays({ c: ['2027-07-04', '2027-12-31', '2028-01-01'] }) },
    );
    // Windows: July 4 (k=0 → a), Dec 31–Jan 1 (k=1 → b).
    const s = shiftAt(input, at('2028-01-01T12:00:00Z'));
    expect([iso(s.start), iso(s.end), s.personId]).toEqual(['2027-12-31T05:00:00.000Z', '2028-01-02T05:00:00.000Z', 'b']);
  });
});

describe('precedence: overrides, layers, fallback, gaps', () => {
  // UTC zone keeps the arithmetic plain. P1D from 2027-06-01 00:00: a, b, a, b …
  const doc = schedule('UTC', [{ id: 'l', participants: ['a', 'b'], rotation: { every: 'P1D', start: '2027-06-01T00:00' } }], 'fb');
  const day = (d: number, h = 0) => at(`2027-06-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`);

  it('an override splits a shift', () => {
    const input = timelineInput(doc, { overrides: [{ id: 'o1', personId: 'z', start: day(1, 8), end: day(1, 12), seq: 1 }] });
    expect(lines(computeTimeline(input, day(1), day(2)))).toEqual([
      '2027-06-01T00:00:00.000Z 2027-06-01T08:00:00.000Z a layer:l',
      '2027-06-01T08:00:00.000Z 2027-06-01T12:00:00.000Z z override:o1',
      '2027-06-01T12:00:00.000Z 2027-06-02T00:00:00.000Z a layer:l',
    ]);
  });

  it('an override swallows several shifts; the newest wins where overrides overlap', () => {
    const input = timelineInput(doc, {
      overrides: [
        { id: 'old', personId: 'z', start: day(1, 12), end: day(4, 12), seq: 1 },
        { id: 'new', personId: 'y', start: day(2, 6), end: day(2, 18), seq: 2 },
      ],
    });
    expect(lines(computeTimeline(input, day(1), day(5)))).toEqual([
      '2027-06-01T00:00:00.000Z 2027-06-01T12:00:00.000Z a layer:l',
      '2027-06-01T12:00:00.000Z 2027-06-02T06:00:00.000Z z override:old',
      '2027-06-02T06:00:00.000Z 2027-06-02T18:00:00.000Z y override:new',
      '2027-06-02T18:00:00.000Z 2027-06-04T12:00:00.000Z z override:old',
      // June 4 is k=3 → b.
      '2027-06-04T12:00:00.000Z 2027-06-05T00:00:00.000Z b layer:l',
    ]);
  });

  it('an override for the person already on call still shows as an override', () => {
    const input = timelineInput(doc, { overrides: [{ id: 'same', personId: 'a', start: day(1, 2), end: day(1, 4), seq: 1 }] });
    expect(computeTimeline(input, day(1), day(2)).map((s) => s.source)).toEqual(['layer', 'override', 'layer']);
  });

  it('fallback covers before the start; without fallback it is a gap', () => {
    expect(lines(computeTimeline(timelineInput(doc), at('2027-05-31T22:00:00Z'), day(1, 1)))).toEqual([
      '2027-05-31T22:00:00.000Z 2027-06-01T00:00:00.000Z fb fallback',
      '2027-06-01T00:00:00.000Z 2027-06-01T01:00:00.000Z a layer:l',
    ]);
    const noFallback = timelineInput({ ...doc, fallback: null });
    expect(computeTimeline(noFallback, at('2027-05-31T22:00:00Z'), day(1)).map((s) => s.source)).toEqual(['gap']);
  });

  it('the later layer wins where both are active; a layer without participants never wins', () => {
    const input = timelineInput(
      schedule('UTC', [
        { id: 'base', participants: ['a'], rotation: { every: 'P1W', start: '2027-06-01T00:00' } },
        {
          id: 'day',
          participants: ['d'],
          rotation: { every: 'P1W', start: '2027-06-01T00:00' },
          activeWhen: { weekly: [{ days: ['TU'], from: '09:00', to: '17:00' }] },
        },
        { id: 'empty', participants: [], rotation: { every: 'P1W', start: '2027-06-01T00:00' } },
      ]),
    );
    // 2027-06-01 is a Tuesday.
    expect(lines(computeTimeline(input, day(1), day(2)))).toEqual([
      '2027-06-01T00:00:00.000Z 2027-06-01T09:00:00.000Z a layer:base',
      '2027-06-01T09:00:00.000Z 2027-06-01T17:00:00.000Z d layer:day',
      '2027-06-01T17:00:00.000Z 2027-06-02T00:00:00.000Z a layer:base',
    ]);
  });

  it('date ranges activate a layer (local, DST-aware)', () => {
    // Berlin 2027-12-24T00:00 CET = 12-23T23:00Z → 12-27T09:00 CET = 08:00Z.
    const input = timelineInput(
      schedule('Europe/Berlin', [
        {
          id: 'xmas',
          participants: ['s'],
          rotation: { every: 'P1Y', start: '2027-01-01T00:00' },
          activeWhen: { dates: [{ start: '2027-12-24T00:00', end: '2027-12-27T09:00' }] },
        },
      ]),
    );
    expect(lines(computeTimeline(input, at('2027-12-23T00:00:00Z'), at('2027-12-28T00:00:00Z')))).toEqual([
      '2027-12-23T00:00:00.000Z 2027-12-23T23:00:00.000Z - gap',
      '2027-12-23T23:00:00.000Z 2027-12-27T08:00:00.000Z s layer:xmas',
      '2027-12-27T08:00:00.000Z 2027-12-28T00:00:00.000Z - gap',
    ]);
  });

  it('empty and inverted windows give no shifts', () => {
    expect(computeTimeline(timelineInput(doc), day(2), day(2))).toEqual([]);
    expect(computeTimeline(timelineInput(doc), day(3), day(2))).toEqual([]);
  });
});

describe('RRULE rotation in New York across the fall-back', () => {
  const rr = (start: string) =>
    timelineInput(
      schedule('America/New_York', [
        { id: 'r', participants: ['a', 'b', 'c'], rotation: { rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0', start } },
      ]),
    );

  it('handoffs stay at 09:00 local: Mon 11-01 13:00Z, Thu 11-04 13:00Z, Mon 11-08 14:00Z, Thu 11-11 14:00Z', () => {
    // DTSTART Mon 2027-11-01 09:00 matches the rule: occurrences k=0 (a), 11-04 (b), 11-08 (c), 11-11 (a).
    // The Thu→Mon shift spans the fall-back: 97 real hours.
    expect(lines(computeTimeline(rr('2027-11-01T09:00'), at('2027-11-01T00:00:00Z'), at('2027-11-12T00:00:00Z')))).toEqual([
      '2027-11-01T00:00:00.000Z 2027-11-01T13:00:00.000Z - gap',
      '2027-11-01T13:00:00.000Z 2027-11-04T13:00:00.000Z a layer:r',
      '2027-11-04T13:00:00.000Z 2027-11-08T14:00:00.000Z b layer:r',
      '2027-11-08T14:00:00.000Z 2027-11-11T14:00:00.000Z c layer:r',
      '2027-11-11T14:00:00.000Z 2027-11-12T00:00:00.000Z a layer:r',
    ]);
  });

  it('a DTSTART that does not match the rule still counts as occurrence 0 (RFC 5545)', () => {
    // Tue 2027-11-02 12:00 EDT = 16:00Z (a), then Thu 11-04 09:00 EDT = 13:00Z (b).
    expect(lines(computeTimeline(rr('2027-11-02T12:00'), at('2027-11-02T16:00:00Z'), at('2027-11-05T00:00:00Z')))).toEqual([
      '2027-11-02T16:00:00.000Z 2027-11-04T13:00:00.000Z a layer:r',
      '2027-11-04T13:00:00.000Z 2027-11-05T00:00:00.000Z b layer:r',
    ]);
  });

  it('a query years later numbers occurrences as a walk from the start would', () => {
    const input = rr('2027-11-01T09:00');
    const t = at('2030-02-14T12:00:00Z');
    const walked = computeTimeline(input, at('2027-11-01T00:00:00Z'), t + DAY).find((s) => s.start <= t && t < s.end)!;
    const jumped = shiftAt(input, t);
    expect([jumped.start, jumped.end, jumped.personId]).toEqual([walked.start, walked.end, walked.personId]);
  });
});

describe('per-window rotation numbering far from the start', () => {
  it('agrees with a walk from the start (weekend + holidays, Berlin)', () => {
    const input = timelineInput(
      schedule('Europe/Berlin', [
        {
          id: 'w',
          participants: ['a', 'b', 'c'],
          rotation: { per: 'window', start: '2027-01-01T00:00' },
          activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }], holidays: [{ calendar: 'de-be' }] },
        },
      ]),
      { holidays: deBe },
    );
    const long = computeTimeline(input, at('2026-12-01T00:00:00Z'), at('2029-06-01T00:00:00Z'));
    for (const t of [at('2028-05-01T12:00:00Z'), at('2029-05-26T12:00:00Z'), at('2027-12-25T12:00:00Z')]) {
      const walked = long.find((s) => s.start <= t && t < s.end)!;
      const s = shiftAt(input, t);
      expect([s.start, s.end, s.personId]).toEqual([walked.start, walked.end, walked.personId]);
    }
  });
});

describe('versions', () => {
  const v = (participants: string[]) =>
    schedule('UTC', [{ id: 'l', participants, rotation: { every: 'P1D', start: '2027-06-01T00:00' } }]);

  it('the first version answers before its effectiveFrom; the next from its instant', () => {
    const input = timelineInput([
      { doc: v(['a', 'b']), effectiveFrom: at('2027-06-10T00:00:00Z') },
      { doc: v(['x', 'y']), effectiveFrom: at('2027-06-12T12:00:00Z') },
    ]);
    // Day k from June 1: June 11 is k=10 → a (v1), June 12 k=11 → b until 12:00, then v2's y.
    expect(lines(computeTimeline(input, at('2027-06-11T00:00:00Z'), at('2027-06-13T06:00:00Z')))).toEqual([
      '2027-06-11T00:00:00.000Z 2027-06-12T00:00:00.000Z a layer:l',
      '2027-06-12T00:00:00.000Z 2027-06-12T12:00:00.000Z b layer:l',
      '2027-06-12T12:00:00.000Z 2027-06-13T00:00:00.000Z y layer:l',
      '2027-06-13T00:00:00.000Z 2027-06-13T06:00:00.000Z x layer:l',
    ]);
    // Before the first version was saved, its shifts still apply (June 2: k=1 → b).
    expect(shiftAt(input, at('2027-06-02T12:00:00Z')).personId).toBe('b');
  });

  it('equal shifts merge across a version boundary', () => {
    const input = timelineInput([
      { doc: v(['a']), effectiveFrom: at('2027-06-01T00:00:00Z') },
      { doc: v(['a', 'b']), effectiveFrom: at('2027-06-03T12:00:00Z') },
    ]);
    // v2 June 3: k=2 → a, so 06-03T00:00 → 06-04T00:00 is one shift across the boundary.
    const s = shiftAt(input, at('2027-06-03T12:00:00Z'));
    expect([iso(s.start), iso(s.end)]).toEqual(['2027-06-01T00:00:00.000Z', '2027-06-04T00:00:00.000Z']);
  });
});

describe('shiftAt horizon', () => {
  it('reports null bounds beyond 3 years (1096 days)', () => {
    const input = timelineInput(schedule('UTC', [{ id: 'l', participants: ['only'], rotation: { every: 'P1D', start: '2027-01-01T00:00' } }]));
    const s = shiftAt(input, at('2031-01-01T00:00:00Z'));
    // One participant: a single merged shift from the start (4 years back) onward forever.
    expect([s.start, s.end, s.personId]).toEqual([null, null, 'only']);
    const near = shiftAt(input, at('2027-06-01T00:00:00Z'));
    expect([iso(near.start), near.end]).toEqual(['2027-01-01T00:00:00.000Z', null]);
  });
});
