/**
 * Bugs found while testing the engine against the oracle and by hand, one test each, written to
 * fail on the code before its fix.
 */
import { describe, expect, it } from 'vitest';
import { type ScheduleDoc, MAX_LAYER_ASSIGNMENTS, TimelineTooLargeError, computeLayerTimelines, computeTimeline, shiftAt, validateSchedule } from '../../src/engine/index.js';
import { parseLocalDate, parseLocalDateTime } from '../../src/engine/localtime.js';
import { at, iso, lines, timelineInput } from './helpers.js';

const one = (rotation: ScheduleDoc['layers'][number]['rotation'], participants = ['a', 'b', 'c']): ScheduleDoc => ({
  name: 'r',
  timeZone: 'UTC',
  layers: [{ id: 'l', participants, rotation }],
});

describe('an `every` step beyond the date range (P300000Y) used to loop forever', () => {
  it('validates, and its first shift simply never ends', () => {
    // Handoff 1 would be in year 302027, past luxon's and ECMAScript's range: luxon answered NaN,
    // and `NaN > localTo` is false, so the handoff walk never stopped.
    const doc = one({ every: 'P300000Y', start: '2027-01-01T00:00' });
    expect(validateSchedule(doc)).toEqual([]);
    const input = timelineInput(doc);
    expect(lines(computeTimeline(input, at('2027-06-01T00:00:00Z'), at('2027-07-01T00:00:00Z')))).toEqual([
      '2027-06-01T00:00:00.000Z 2027-07-01T00:00:00.000Z a layer:l',
    ]);
    const s = shiftAt(input, at('2027-06-01T00:00:00Z'));
    expect([s.personId, iso(s.start), s.end]).toEqual(['a', '2027-01-01T00:00:00.000Z', null]);
  });
});

describe('RRULE occurrences far from DTSTART used to be expanded quadratically', () => {
  it('FREQ=DAILY;BYHOUR=9 from 1900: the 2027 handoff number is right and found quickly', () => {
    // Each year was expanded with rrule.js `between`, which walks from DTSTART every call:
    // 127 years took ~11 s. Now one pass. Days from 1900-01-01 to 2027-01-01: 127 × 365 + 31 leap
    // days (1904, 1908 … 2024, with 2000; 1900 is not leap) = 46 386 → occurrence 46 386 at
    // 2027-01-01 09:00 UTC; 46 386 mod 7 = 46 386 − 7 × 6626 = 4 → p4.
    const input = timelineInput(
      one({ rrule: 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', start: '1900-01-01T09:00' }, ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']),
    );
    const t0 = performance.now();
    const s = shiftAt(input, at('2027-01-01T12:00:00Z'));
    expect(performance.now() - t0).toBeLessThan(4_000);
    expect([s.personId, iso(s.start), iso(s.end)]).toEqual(['p4', '2027-01-01T09:00:00.000Z', '2027-01-02T09:00:00.000Z']);
  });
});

describe('RRULE lists as dense as MINUTELY/SECONDLY used to pass validation', () => {
  const problems = (rrule: string) => validateSchedule(one({ rrule, start: '2027-01-01T00:00' })).map((p) => p.path);

  it('rejects BYMINUTE values closer than 15 minutes, also across the hour', () => {
    // FREQ=HOURLY;BYMINUTE=0,1,…,9 handed off every minute: 7 440 shifts in one month.
    expect(problems('FREQ=HOURLY;BYMINUTE=0,1,2,3,4,5,6,7,8,9')).toEqual(['/layers/0/rotation/rrule']);
    expect(problems('FREQ=HOURLY;BYMINUTE=0,50')).toEqual(['/layers/0/rotation/rrule']); // 50 → 60: 10 min
    expect(problems('FREQ=HOURLY;BYMINUTE=0,15,30,45')).toEqual([]);
    expect(problems('FREQ=HOURLY;BYMINUTE=5,50')).toEqual([]); // 45 and 15 minutes apart
    expect(problems('FREQ=DAILY;BYHOUR=9;BYMINUTE=30')).toEqual([]);
  });

  it('rejects more than one BYSECOND value', () => {
    expect(problems('FREQ=HOURLY;BYMINUTE=0;BYSECOND=0,10,20,30,40,50')).toEqual(['/layers/0/rotation/rrule']);
    expect(problems('FREQ=DAILY;BYSECOND=0')).toEqual([]);
  });
});

describe('years 0000–0099 used to be read as 1900–1999 (Date.UTC’s two-digit-year rule)', () => {
  it('parses them as written', () => {
    expect(new Date(parseLocalDateTime('0050-01-01T00:00')!).toISOString()).toBe('0050-01-01T00:00:00.000Z');
    expect(new Date(parseLocalDateTime('0048-02-29T12:30')!).toISOString()).toBe('0048-02-29T12:30:00.000Z');
    expect(parseLocalDateTime('0050-02-29T00:00')).toBeNull(); // 50 is not a leap year
    expect(new Date(parseLocalDate('0099-12-31')).toISOString()).toBe('0099-12-31T00:00:00.000Z');
  });
});

describe('a window too detailed to compute used to take a minute and 2 GB (100 layers × PT15M × 3 years)', () => {
  const busy = (layers: number): ScheduleDoc => ({
    name: 'busy',
    timeZone: 'Europe/Berlin',
    layers: Array.from({ length: layers }, (_, i) => ({ id: `l${i}`, participants: ['a', 'b'], rotation: { every: 'PT15M', start: '2027-01-01T00:00' } })),
  });
  const from = at('2027-01-01T00:00:00Z');
  const to = at('2030-01-01T00:00:00Z');

  it('one PT15M layer over 3 years (105,216 handoffs) is within the budget', () => {
    expect(1096 * 96).toBeLessThan(MAX_LAYER_ASSIGNMENTS);
    expect(computeTimeline(timelineInput(busy(1)), from, to).length).toBeGreaterThan(100_000);
  });

  it('three such layers throw TimelineTooLargeError, for the final timeline and the layer rows', () => {
    const input = timelineInput(busy(3));
    expect(() => computeTimeline(input, from, to)).toThrow(TimelineTooLargeError);
    expect(() => computeLayerTimelines(input, from, to)).toThrow(TimelineTooLargeError);
    // A short window of the same schedule is fine.
    expect(computeTimeline(input, from, from + 86_400_000)).toHaveLength(96);
  });
});

describe('active intervals used to be outside the budget (190,000 weekly days: 54 s and 4 GB)', () => {
  // A layer at the document's bounds: 100 weekly entries of all 7 days, so 700 spans a week.
  const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
  const weekly = Array.from({ length: 100 }, (_, i) => ({ days: [...days], from: `${String(Math.floor(i / 5)).padStart(2, '0')}:${(i % 5) * 10 || '00'}`, to: '23:59' }));
  const dense = (layers: number): ScheduleDoc => ({
    name: 'dense',
    timeZone: 'Europe/Berlin',
    layers: Array.from({ length: layers }, (_, i) => ({ id: `l${i}`, participants: ['a'], rotation: { every: 'P1W', start: '2027-01-04T09:00' }, activeWhen: { weekly } })),
  });
  const from = at('2027-01-04T00:00:00Z');
  const to = at('2030-01-01T00:00:00Z');

  it('one such layer over 3 years (110,000 active pieces) is within the budget', () => {
    expect(validateSchedule(dense(1))).toEqual([]);
    expect(computeTimeline(timelineInput(dense(1)), from, to).length).toBeGreaterThan(1_000);
  });

  it('three such layers throw TimelineTooLargeError before building their pieces, with few handoffs', () => {
    const input = timelineInput(dense(3));
    const started = performance.now();
    expect(() => computeTimeline(input, from, to)).toThrow(TimelineTooLargeError);
    expect(() => computeLayerTimelines(input, from, to)).toThrow(/active intervals/);
    expect(performance.now() - started).toBeLessThan(5_000);
    // A short window of the same schedule is fine.
    expect(computeTimeline(input, from, from + 7 * 86_400_000).length).toBeGreaterThan(0);
  });

  it('a per-window rotation pays for the windows it counts since its start', () => {
    const windows: ScheduleDoc = { ...dense(1), layers: [{ ...dense(1).layers[0]!, rotation: { per: 'window', start: '2017-01-02T00:00' } }] };
    // Counting ten years of 700 spans a week is over the budget, even for a one-day window.
    expect(() => computeTimeline(timelineInput(windows), from, from + 86_400_000)).toThrow(TimelineTooLargeError);
  });
});
