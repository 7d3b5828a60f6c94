/**
 * Hand-derived calendar cases (spec §4): far jumps, month ends, leap days, movable feasts,
 * holidays meeting weekends, year boundaries. Every instant is computed in the comment above its
 * assertion. Offsets used: Berlin CET = UTC+1 / CEST = UTC+2 (switches 2027-03-28 01:00Z,
 * 2027-10-31 01:00Z, 2028-03-26 01:00Z, 2030-03-31 01:00Z).
 */
import { describe, expect, it } from 'vitest';
import { type LayerDoc, type ScheduleDoc, computeCoverage, computeTimeline, shiftAt } from '../../src/engine/index.js';
import { holidayLookup } from '../../src/holidays/index.js';
import { at, fixedHolidays, iso, lines, timelineInput } from './helpers.js';

const schedule = (timeZone: string, layers: LayerDoc[], fallback?: string): ScheduleDoc => ({
  name: 'calendar',
  timeZone,
  ...(fallback ? { fallback } : {}),
  layers,
});

const deBe = holidayLookup(
  new Map([
    ['de-be', { region: 'DE-BE' }],
    [
      'de-be-eves',
      {
        region: 'DE-BE',
        include: [
          { date: '2027-12-24', name: 'Christmas Eve' },
          { date: '2027-12-31', name: "New Year's Eve" },
        ],
      },
    ],
  ]),
);

const WEEKEND = { from: 'SA 00:00', to: 'MO 00:00' };

describe('P1W in Berlin from Mon 2027-01-04 09:00, asked about 2030-06-17 (a far jump)', () => {
  // Days from 2027-01-04 to 2030-01-04: 365 + 366 (2028 is leap) + 365 = 1096; to 2030-06-17:
  // 27 (Jan) + 28 + 31 + 30 + 31 + 17 = 164; total 1260 days = exactly 180 weeks, so Mon
  // 2030-06-17 09:00 is handoff k = 180, in CEST (UTC+2): 07:00Z. With seven participants
  // p0…p6: k = 180 → 180 mod 7 = 5 → p5; k = 179 (from 2030-06-10 07:00Z) → 4 → p4.
  const doc = schedule('Europe/Berlin', [
    {
      id: 'weekly',
      participants: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'],
      rotation: { every: 'P1W', start: '2027-01-04T09:00' },
    },
  ]);
  const input = timelineInput(doc);

  it('the millisecond before the handoff is shift 179 (p4), 2030-06-10T07:00Z → 2030-06-17T07:00Z', () => {
    const s = shiftAt(input, at('2030-06-17T06:59:59.999Z'));
    expect([s.personId, iso(s.start), iso(s.end)]).toEqual(['p4', '2030-06-10T07:00:00.000Z', '2030-06-17T07:00:00.000Z']);
  });

  it('at the handoff it is shift 180 (p5), one week long', () => {
    const s = shiftAt(input, at('2030-06-17T07:00:00Z'));
    expect([s.personId, iso(s.start), iso(s.end)]).toEqual(['p5', '2030-06-17T07:00:00.000Z', '2030-06-24T07:00:00.000Z']);
  });

  it('a window far away agrees with shiftAt', () => {
    expect(lines(computeTimeline(input, at('2030-06-16T00:00:00Z'), at('2030-06-18T00:00:00Z')))).toEqual([
      '2030-06-16T00:00:00.000Z 2030-06-17T07:00:00.000Z p4 layer:weekly',
      '2030-06-17T07:00:00.000Z 2030-06-18T00:00:00.000Z p5 layer:weekly',
    ]);
  });

  it('the winter handoff before is at 08:00Z (CET): 2030-01-07 is k = 157 → 157 mod 7 = 3', () => {
    // 2030-01-07 is 1096 + 3 = 1099 days = 157 weeks after the start; January is CET.
    const s = shiftAt(input, at('2030-01-07T08:00:00Z'));
    expect([s.personId, iso(s.start)]).toEqual(['p3', '2030-01-07T08:00:00.000Z']);
    expect(shiftAt(input, at('2030-01-07T07:59:59.999Z')).personId).toBe('p2');
  });
});

describe('P1M from 2027-01-31 09:00 Berlin, over a year', () => {
  // Shift k starts on start + k months, the day clamped to the month's end (never drifting: Feb
  // 28 is followed by Mar 31, not Mar 28). 09:00 is 08:00Z in CET (until 03-28 and from 10-31),
  // 07:00Z in CEST. Participants a, b, c: k mod 3.
  const doc = schedule('Europe/Berlin', [{ id: 'monthly', participants: ['a', 'b', 'c'], rotation: { every: 'P1M', start: '2027-01-31T09:00' } }]);

  it('hands off on each month’s last day (31st where it exists) through leap Feb 2028', () => {
    const s = computeTimeline(timelineInput(doc), at('2027-01-31T08:00:00Z'), at('2028-03-01T00:00:00Z'));
    expect(lines(s)).toEqual([
      '2027-01-31T08:00:00.000Z 2027-02-28T08:00:00.000Z a layer:monthly', // k0
      '2027-02-28T08:00:00.000Z 2027-03-31T07:00:00.000Z b layer:monthly', // k1 Feb 28 (CET)
      '2027-03-31T07:00:00.000Z 2027-04-30T07:00:00.000Z c layer:monthly', // k2 Mar 31 (CEST)
      '2027-04-30T07:00:00.000Z 2027-05-31T07:00:00.000Z a layer:monthly', // k3 Apr 30
      '2027-05-31T07:00:00.000Z 2027-06-30T07:00:00.000Z b layer:monthly', // k4
      '2027-06-30T07:00:00.000Z 2027-07-31T07:00:00.000Z c layer:monthly', // k5 Jun 30
      '2027-07-31T07:00:00.000Z 2027-08-31T07:00:00.000Z a layer:monthly', // k6
      '2027-08-31T07:00:00.000Z 2027-09-30T07:00:00.000Z b layer:monthly', // k7
      '2027-09-30T07:00:00.000Z 2027-10-31T08:00:00.000Z c layer:monthly', // k8 Sep 30
      '2027-10-31T08:00:00.000Z 2027-11-30T08:00:00.000Z a layer:monthly', // k9 Oct 31, CET again (switch 01:00Z)
      '2027-11-30T08:00:00.000Z 2027-12-31T08:00:00.000Z b layer:monthly', // k10 Nov 30
      '2027-12-31T08:00:00.000Z 2028-01-31T08:00:00.000Z c layer:monthly', // k11
      '2028-01-31T08:00:00.000Z 2028-02-29T08:00:00.000Z a layer:monthly', // k12
      '2028-02-29T08:00:00.000Z 2028-03-01T00:00:00.000Z b layer:monthly', // k13 Feb 29 (leap)
    ]);
  });

  it('the shift containing Oct 31 00:30Z (still CEST, before the 09:00 handoff) is k8 with its 31-day bounds', () => {
    // Sep 30 07:00Z → Oct 31 08:00Z = 31 days + 1 h (the extra hour of the fall-back night).
    const s = shiftAt(timelineInput(doc), at('2027-10-31T00:30:00Z'));
    expect([s.personId, iso(s.start), iso(s.end)]).toEqual(['c', '2027-09-30T07:00:00.000Z', '2027-10-31T08:00:00.000Z']);
    expect(s.end! - s.start!).toBe((31 * 24 + 1) * 3_600_000);
  });
});

describe('RRULE FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=18 (last day of the month) in Berlin', () => {
  // DTSTART 2027-12-31 18:00 is occurrence 0; BYMINUTE defaults to DTSTART's :00. Then Jan 31,
  // Feb 29 (2028 is leap), Mar 31 (CEST since 03-26: 16:00Z), Apr 30. Participants a, b, c.
  const doc = schedule('Europe/Berlin', [
    {
      id: 'month-end',
      participants: ['a', 'b', 'c'],
      rotation: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=18', start: '2027-12-31T18:00' },
    },
  ]);

  it('hands off on Dec 31, Jan 31, Feb 29, Mar 31, Apr 30 at 18:00 local', () => {
    expect(lines(computeTimeline(timelineInput(doc), at('2027-12-31T00:00:00Z'), at('2028-05-01T00:00:00Z')))).toEqual([
      '2027-12-31T00:00:00.000Z 2027-12-31T17:00:00.000Z - gap', // before the start
      '2027-12-31T17:00:00.000Z 2028-01-31T17:00:00.000Z a layer:month-end', // k0 18:00 CET
      '2028-01-31T17:00:00.000Z 2028-02-29T17:00:00.000Z b layer:month-end', // k1
      '2028-02-29T17:00:00.000Z 2028-03-31T16:00:00.000Z c layer:month-end', // k2 leap day
      '2028-03-31T16:00:00.000Z 2028-04-30T16:00:00.000Z a layer:month-end', // k3 18:00 CEST
      '2028-04-30T16:00:00.000Z 2028-05-01T00:00:00.000Z b layer:month-end', // k4
    ]);
  });

  it('in a common year the handoff is Feb 28: 2029-02-28 18:00 CET is occurrence 14 → 14 mod 3 = 2 → c', () => {
    // Occurrences after 2028-04-30 (k4): May 31 (5) … Dec 31 (12), 2029-01-31 (13), 2029-02-28 (14).
    const s = shiftAt(timelineInput(doc), at('2029-03-01T12:00:00Z'));
    expect([s.personId, iso(s.start), iso(s.end)]).toEqual(['c', '2029-02-28T17:00:00.000Z', '2029-03-31T16:00:00.000Z']);
  });
});

describe('per window: Good Friday – Easter Monday 2027 with the weekend, Berlin (DE-BE)', () => {
  // Windows from 2027-01-01 00:00: Fri Jan 1 (New Year) + Sat/Sun → window 0; then one per
  // weekend Jan 9 (1), 16 (2), 23 (3), 30 (4), Feb 6 (5), 13 (6), 20 (7), 27 (8), Mar 6–7 merged
  // with Mon Mar 8 (Women's Day in Berlin) (9), Mar 13 (10), Mar 20 (11), Good Friday Mar 26 →
  // Easter Monday Mar 29 (12), Apr 3 (13). Five participants: 12 mod 5 = 2 → c, 13 → d.
  // Easter window: Fri 03-26 00:00 CET = 03-25T23:00Z → Tue 03-30 00:00 CEST = 03-29T22:00Z,
  // 95 real hours (the switch to CEST on Easter Sunday takes one).
  const doc = schedule(
    'Europe/Berlin',
    [
      {
        id: 'off-hours',
        participants: ['a', 'b', 'c', 'd', 'e'],
        rotation: { per: 'window', start: '2027-01-01T00:00' },
        activeWhen: { weekly: [WEEKEND], holidays: [{ calendar: 'de-be' }] },
      },
    ],
    'fb',
  );
  const input = timelineInput(doc, { holidays: deBe });

  it('is one 95 h window, participant index 12', () => {
    expect(lines(computeTimeline(input, at('2027-03-19T12:00:00Z'), at('2027-04-05T00:00:00Z')))).toEqual([
      '2027-03-19T12:00:00.000Z 2027-03-19T23:00:00.000Z fb fallback',
      '2027-03-19T23:00:00.000Z 2027-03-21T23:00:00.000Z b layer:off-hours', // 11 → b
      '2027-03-21T23:00:00.000Z 2027-03-25T23:00:00.000Z fb fallback',
      '2027-03-25T23:00:00.000Z 2027-03-29T22:00:00.000Z c layer:off-hours', // 12 → c
      '2027-03-29T22:00:00.000Z 2027-04-02T22:00:00.000Z fb fallback',
      '2027-04-02T22:00:00.000Z 2027-04-04T22:00:00.000Z d layer:off-hours', // 13 → d, CEST now
      '2027-04-04T22:00:00.000Z 2027-04-05T00:00:00.000Z fb fallback',
    ]);
    const s = shiftAt(input, at('2027-03-28T10:00:00Z'));
    expect(s.end! - s.start!).toBe(95 * 3_600_000);
  });

  it('the window counted from a query starting inside it keeps its number', () => {
    expect(lines(computeTimeline(input, at('2027-03-28T01:00:00Z'), at('2027-03-28T02:00:00Z')))).toEqual([
      '2027-03-28T01:00:00.000Z 2027-03-28T02:00:00.000Z c layer:off-hours',
    ]);
  });
});

describe('Christmas 2027 in Berlin: Sat 25 / Sun 26 Dec fall on the weekend', () => {
  // Per window from Wed 2027-12-01: weekends Dec 4 (0), 11 (1), 18 (2), Christmas (3), New Year
  // (4), Jan 8 2028 (5). Participants a, b, c.
  const layer = (calendar: string): LayerDoc => ({
    id: 'off',
    participants: ['a', 'b', 'c'],
    rotation: { per: 'window', start: '2027-12-01T00:00' },
    activeWhen: { weekly: [WEEKEND], holidays: [{ calendar }] },
  });

  it('with public holidays only, Christmas adds nothing: the window is the weekend, Sat 00:00 → Mon 00:00', () => {
    // Sat 12-25 00:00 CET = 12-24T23:00Z → Mon 12-27 00:00 = 12-26T23:00Z. Jan 1 2028 is a Saturday:
    // the New Year window is again just the weekend, Dec 31 23:00Z → Jan 2 23:00Z.
    const input = timelineInput(schedule('Europe/Berlin', [layer('de-be')], 'fb'), { holidays: deBe });
    expect(lines(computeTimeline(input, at('2027-12-24T00:00:00Z'), at('2028-01-03T00:00:00Z')))).toEqual([
      '2027-12-24T00:00:00.000Z 2027-12-24T23:00:00.000Z fb fallback',
      '2027-12-24T23:00:00.000Z 2027-12-26T23:00:00.000Z a layer:off',
      '2027-12-26T23:00:00.000Z 2027-12-31T23:00:00.000Z fb fallback',
      '2027-12-31T23:00:00.000Z 2028-01-02T23:00:00.000Z b layer:off',
      '2028-01-02T23:00:00.000Z 2028-01-03T00:00:00.000Z fb fallback',
    ]);
  });

  it('with the eves included, Fri 24 and Fri 31 Dec join their weekends, the second across the year', () => {
    // Fri 12-24 00:00 CET = 12-23T23:00Z → Mon 12-27 00:00 = 12-26T23:00Z (window 3 → a).
    // Fri 12-31 00:00 = 12-30T23:00Z → Mon 2028-01-03 00:00 = 2028-01-02T23:00Z (window 4 → b),
    // found through two yearly lookups (Dec 31 in 2027's list, Jan 1 in 2028's).
    const input = timelineInput(schedule('Europe/Berlin', [layer('de-be-eves')], 'fb'), { holidays: deBe });
    const shifts = computeTimeline(input, at('2027-12-23T00:00:00Z'), at('2028-01-10T00:00:00Z'));
    expect(lines(shifts)).toEqual([
      '2027-12-23T00:00:00.000Z 2027-12-23T23:00:00.000Z fb fallback',
      '2027-12-23T23:00:00.000Z 2027-12-26T23:00:00.000Z a layer:off',
      '2027-12-26T23:00:00.000Z 2027-12-30T23:00:00.000Z fb fallback',
      '2027-12-30T23:00:00.000Z 2028-01-02T23:00:00.000Z b layer:off',
      '2028-01-02T23:00:00.000Z 2028-01-07T23:00:00.000Z fb fallback',
      '2028-01-07T23:00:00.000Z 2028-01-09T23:00:00.000Z c layer:off', // window 5
      '2028-01-09T23:00:00.000Z 2028-01-10T00:00:00.000Z fb fallback',
    ]);
    // Coverage counts holiday dates per person: a on Dec 24, 25, 26 (3); b on Dec 31 and Jan 1 (2);
    // fb holds the rest of the 18 days (432 h − 192 h) on no holiday date.
    const holidays = new Set(['2027-12-24', '2027-12-25', '2027-12-26', '2027-12-31', '2028-01-01']);
    const c = computeCoverage(shifts, { timeZone: 'Europe/Berlin', holidayDates: holidays }, at('2027-12-23T00:00:00Z'), at('2028-01-10T00:00:00Z'));
    const load = Object.fromEntries(c.load.map((l) => [l.person, [l.hours, l.holidays]]));
    expect(load).toEqual({ a: [72, 3], b: [72, 2], c: [48, 0], fb: [18 * 24 - 192, 0] });
  });
});

describe('New Year’s Eve: an overnight holiday span across the year boundary', () => {
  // Holidays Dec 31 2027 and Jan 1 2028, each active 18:00 → 06:00 next day (to ≤ from wraps).
  // Dec 31 18:00 CET = 17:00Z → Jan 1 06:00 = 05:00Z; Jan 1 17:00Z → Jan 2 05:00Z: two windows
  // (12 h apart, so no merge). Rotation P1D at 00:00 from 2027-12-30: k0 Dec 30 a, k1 Dec 31 b,
  // k2 Jan 1 a (00:00 CET = 12-31T23:00Z), k3 Jan 2 b (01-01T23:00Z).
  const doc = schedule(
    'Europe/Berlin',
    [
      {
        id: 'nye',
        participants: ['a', 'b'],
        rotation: { every: 'P1D', start: '2027-12-30T00:00' },
        activeWhen: { holidays: [{ calendar: 'nye', from: '18:00', to: '06:00' }] },
      },
    ],
    'fb',
  );
  const input = timelineInput(doc, { holidays: fixedHolidays({ nye: ['2027-12-31', '2028-01-01'] }) });

  it('cuts the daily rotation at midnight and at the span ends', () => {
    expect(lines(computeTimeline(input, at('2027-12-31T12:00:00Z'), at('2028-01-02T12:00:00Z')))).toEqual([
      '2027-12-31T12:00:00.000Z 2027-12-31T17:00:00.000Z fb fallback',
      '2027-12-31T17:00:00.000Z 2027-12-31T23:00:00.000Z b layer:nye',
      '2027-12-31T23:00:00.000Z 2028-01-01T05:00:00.000Z a layer:nye',
      '2028-01-01T05:00:00.000Z 2028-01-01T17:00:00.000Z fb fallback',
      '2028-01-01T17:00:00.000Z 2028-01-01T23:00:00.000Z a layer:nye',
      '2028-01-01T23:00:00.000Z 2028-01-02T05:00:00.000Z b layer:nye',
      '2028-01-02T05:00:00.000Z 2028-01-02T12:00:00.000Z fb fallback',
    ]);
  });

  it('a window starting in 2028 still sees the span that began on Dec 31 (looks up 2027)', () => {
    expect(lines(computeTimeline(input, at('2028-01-01T00:00:00Z'), at('2028-01-01T06:00:00Z')))).toEqual([
      '2028-01-01T00:00:00.000Z 2028-01-01T05:00:00.000Z a layer:nye',
      '2028-01-01T05:00:00.000Z 2028-01-01T06:00:00.000Z fb fallback',
    ]);
  });
});

describe('UTC schedule with a layer in force only on 2028-02-29', () => {
  const leap = (activeWhen: LayerDoc['activeWhen'], rotation: LayerDoc['rotation']): ScheduleDoc =>
    schedule('UTC', [{ id: 'leap', participants: ['lea', 'leo'], rotation, activeWhen }], 'fb');

  it('a dates range: exactly 2028-02-29T00:00Z → 2028-03-01T00:00Z', () => {
    // UTC has no offsets: local = instant. P1D from 2028-01-01: Feb 29 is day 59 → k = 59 → leo.
    const input = timelineInput(leap({ dates: [{ start: '2028-02-29T00:00', end: '2028-03-01T00:00' }] }, { every: 'P1D', start: '2028-01-01T00:00' }));
    expect(lines(computeTimeline(input, at('2028-02-28T00:00:00Z'), at('2028-03-02T00:00:00Z')))).toEqual([
      '2028-02-28T00:00:00.000Z 2028-02-29T00:00:00.000Z fb fallback',
      '2028-02-29T00:00:00.000Z 2028-03-01T00:00:00.000Z leo layer:leap',
      '2028-03-01T00:00:00.000Z 2028-03-02T00:00:00.000Z fb fallback',
    ]);
    // Nothing again for years: 2028-03-01 → 2031-03-01 is one fallback shift.
    expect(lines(computeTimeline(input, at('2028-03-01T00:00:00Z'), at('2031-03-01T00:00:00Z')))).toEqual([
      '2028-03-01T00:00:00.000Z 2031-03-01T00:00:00.000Z fb fallback',
    ]);
  });

  it('a holiday calendar holding only Feb 29: per window it is window 0 → lea, shiftAt bounds exact', () => {
    const input = timelineInput(leap({ holidays: [{ calendar: 'leap' }] }, { per: 'window', start: '2027-01-01T00:00' }), {
      holidays: fixedHolidays({ leap: ['2028-02-29'] }),
    });
    const s = shiftAt(input, at('2028-02-29T12:00:00Z'));
    expect([s.personId, s.source, iso(s.start), iso(s.end)]).toEqual(['lea', 'layer', '2028-02-29T00:00:00.000Z', '2028-03-01T00:00:00.000Z']);
    // Feb 28 and Mar 1 of 2029 (no leap day) are both fallback, as is the whole of 2029-02.
    const f = shiftAt(input, at('2029-02-28T23:59:59.999Z'));
    expect([f.personId, f.source, iso(f.start)]).toEqual(['fb', 'fallback', '2028-03-01T00:00:00.000Z']);
  });
});
