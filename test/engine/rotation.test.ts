/**
 * Rotation forms in detail (spec §4 Rotation), versions, and layer rows. Instants derived by
 * hand in the comments; offsets as in timeline.test.ts, plus Lord Howe (+10:30 → +11 at
 * 2027-10-03 02:00 local).
 */
import { describe, expect, it } from 'vitest';
import {
  type LayerDoc,
  type ScheduleDoc,
  computeCoverage,
  computeLayerTimelines,
  computeTimeline,
  shiftAt,
} from '../../src/engine/index.js';
import { holidayLookup, regionHolidays } from '../../src/holidays/index.js';
import { HOUR, at, fixedHolidays, iso, lines, timelineInput } from './helpers.js';

const schedule = (timeZone: string, layers: LayerDoc[]): ScheduleDoc => ({ name: 'test', timeZone, layers });

describe('every: wall-clock durations', () => {
  it('PT8H counts wall hours: the shift over the Berlin spring-forward lasts 7 real hours', () => {
    // Handoffs 01:00, 09:00, 17:00 local from Sat 2027-03-27 01:00 CET (00:00Z): 08:00Z (b),
    // 16:00Z (c); Sun 01:00 CET = 00:00Z (a, k=3); Sun 09:00 CEST = 07:00Z (b, k=4) — 7 h.
    const input = timelineInput(
      schedule('Europe/Berlin', [{ id: 'l', participants: ['a', 'b', 'c'], rotation: { every: 'PT8H', start: '2027-03-27T01:00' } }]),
    );
    expect(lines(computeTimeline(input, at('2027-03-27T00:00:00Z'), at('2027-03-28T15:00:00Z')))).toEqual([
      '2027-03-27T00:00:00.000Z 2027-03-27T08:00:00.000Z a layer:l',
      '2027-03-27T08:00:00.000Z 2027-03-27T16:00:00.000Z b layer:l',
      '2027-03-27T16:00:00.000Z 2027-03-28T00:00:00.000Z c layer:l',
      '2027-03-28T00:00:00.000Z 2027-03-28T07:00:00.000Z a layer:l',
      '2027-03-28T07:00:00.000Z 2027-03-28T15:00:00.000Z b layer:l',
    ]);
  });

  it('repeated participants merge into one longer shift', () => {
    // P1D from 2027-06-01 00:00 UTC with [a, a, b]: a holds June 1–2, b June 3, a June 4–5 …
    const input = timelineInput(schedule('UTC', [{ id: 'l', participants: ['a', 'a', 'b'], rotation: { every: 'P1D', start: '2027-06-01T00:00' } }]));
    expect(lines(computeTimeline(input, at('2027-06-01T00:00:00Z'), at('2027-06-06T00:00:00Z')))).toEqual([
      '2027-06-01T00:00:00.000Z 2027-06-03T00:00:00.000Z a layer:l',
      '2027-06-03T00:00:00.000Z 2027-06-04T00:00:00.000Z b layer:l',
      '2027-06-04T00:00:00.000Z 2027-06-06T00:00:00.000Z a layer:l',
    ]);
  });
});

describe('rrule', () => {
  it('a finite rule (COUNT=3) leaves the last participant on call for good', () => {
    // DTSTART 2027-06-01 09:00 matches FREQ=DAILY, so it is counted once: June 1 (a), 2 (b), 3 (c).
    const input = timelineInput(
      schedule('UTC', [{ id: 'r', participants: ['a', 'b', 'c', 'd'], rotation: { rrule: 'FREQ=DAILY;COUNT=3', start: '2027-06-01T09:00' } }]),
    );
    expect(lines(computeTimeline(input, at('2027-06-01T09:00:00Z'), at('2027-06-10T00:00:00Z')))).toEqual([
      '2027-06-01T09:00:00.000Z 2027-06-02T09:00:00.000Z a layer:r',
      '2027-06-02T09:00:00.000Z 2027-06-03T09:00:00.000Z b layer:r',
      '2027-06-03T09:00:00.000Z 2027-06-10T00:00:00.000Z c layer:r',
    ]);
    const s = shiftAt(input, at('2028-01-01T00:00:00Z'));
    expect([iso(s.start), s.end, s.personId]).toEqual(['2027-06-03T09:00:00.000Z', null, 'c']);
  });

  it('an occurrence in the DST gap moves forward (02:30 on 2027-03-14 NY → 03:30 EDT)', () => {
    // Daily 02:30 from Fri 03-12: 03-12 07:30Z (a), 03-13 07:30Z (b), 03-14 02:30 → 07:30Z (a),
    // 03-15 02:30 EDT = 06:30Z (b): shifts of 24 h and 23 h.
    const input = timelineInput(
      schedule('America/New_York', [
        { id: 'r', participants: ['a', 'b'], rotation: { rrule: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30', start: '2027-03-12T02:30' } },
      ]),
    );
    expect(lines(computeTimeline(input, at('2027-03-13T07:30:00Z'), at('2027-03-15T12:00:00Z')))).toEqual([
      '2027-03-13T07:30:00.000Z 2027-03-14T07:30:00.000Z b layer:r',
      '2027-03-14T07:30:00.000Z 2027-03-15T06:30:00.000Z a layer:r',
      '2027-03-15T06:30:00.000Z 2027-03-15T12:00:00.000Z b layer:r',
    ]);
  });

  it('years without occurrences are skipped when looking back', () => {
    // FREQ=YEARLY on Feb 29 from 2028-02-29 00:00 UTC: 2028 (a), 2032 (b), 2036 (a). From
    // 2034-01-01 both bounds lie within the 1096-day horizon (672 and 789 days away).
    const input = timelineInput(
      schedule('UTC', [{ id: 'r', participants: ['a', 'b'], rotation: { rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', start: '2028-02-29T00:00' } }]),
    );
    const s = shiftAt(input, at('2034-01-01T00:00:00Z'));
    expect([iso(s.start), iso(s.end), s.personId]).toEqual(['2032-02-29T00:00:00.000Z', '2036-02-29T00:00:00.000Z', 'b']);
  });
});

describe('per window', () => {
  it('without ActiveWhen the layer is one endless window from its start', () => {
    const input = timelineInput(schedule('UTC', [{ id: 'w', participants: ['a', 'b'], rotation: { per: 'window', start: '2027-01-01T00:00' } }]));
    expect(lines(computeTimeline(input, at('2026-12-31T00:00:00Z'), at('2027-03-01T00:00:00Z')))).toEqual([
      '2026-12-31T00:00:00.000Z 2027-01-01T00:00:00.000Z - gap',
      '2027-01-01T00:00:00.000Z 2027-03-01T00:00:00.000Z a layer:w',
    ]);
  });

  it('a start inside a window clips it; that clipped window is window 0', () => {
    // Weekends SA 00:00 → MO 00:00 UTC; 2027-01-02 is a Saturday. Start Sat 12:00:
    // window 0 = [01-02 12:00, 01-04) a; 1 = [01-09, 01-11) b; 2 = [01-16, 01-18) a.
    const input = timelineInput(
      schedule('UTC', [
        {
          id: 'w',
          participants: ['a', 'b'],
          rotation: { per: 'window', start: '2027-01-02T12:00' },
          activeWhen: { weekly: [{ from: 'SA 00:00', to: 'MO 00:00' }] },
        },
      ]),
    );
    const shifts = computeTimeline(input, at('2027-01-01T00:00:00Z'), at('2027-01-19T00:00:00Z')).filter((s) => s.source === 'layer');
    expect(lines(shifts)).toEqual([
      '2027-01-02T12:00:00.000Z 2027-01-04T00:00:00.000Z a layer:w',
      '2027-01-09T00:00:00.000Z 2027-01-11T00:00:00.000Z b layer:w',
      '2027-01-16T00:00:00.000Z 2027-01-18T00:00:00.000Z a layer:w',
    ]);
  });

  it('each version numbers windows with its own clock', () => {
    // v1 [a, b] from Sat 2027-01-02; v2 [x, y] from Sun 01-10 00:00Z. The window containing
    // 01-10 is window 1 (edges Jan 2, Jan 9) → v2 gives it to y; Jan 16 is window 2 → x.
    const layer = (participants: string[]): LayerDoc => ({
      id: 'w',
      participants,
      rotation: { per: 'window', start: '2027-01-02T00:00' },
      activeWhen: { weekly: [{ from: 'SA 00:00', to: 'MO 00:00' }] },
    });
    const input = timelineInput([
      { doc: schedule('UTC', [layer(['a', 'b'])]), effectiveFrom: at('2027-01-01T00:00:00Z') },
      { doc: schedule('UTC', [layer(['x', 'y'])]), effectiveFrom: at('2027-01-10T00:00:00Z') },
    ]);
    const shifts = computeTimeline(input, at('2027-01-08T00:00:00Z'), at('2027-01-19T00:00:00Z')).filter((s) => s.source === 'layer');
    expect(lines(shifts)).toEqual([
      '2027-01-09T00:00:00.000Z 2027-01-10T00:00:00.000Z b layer:w',
      '2027-01-10T00:00:00.000Z 2027-01-11T00:00:00.000Z y layer:w',
      '2027-01-16T00:00:00.000Z 2027-01-18T00:00:00.000Z x layer:w',
    ]);
  });
});

describe('weekly spans in a 30-minute DST zone', () => {
  it('SU 01:30 → 03:00 on the Lord Howe spring-forward lasts one real hour', () => {
    // 01:30 at +10:30 = 2027-10-02T15:00Z; 03:00 at +11 = 16:00Z (02:00–02:30 never happens).
    const input = timelineInput(
      schedule('Australia/Lord_Howe', [
        {
          id: 'l',
          participants: ['a'],
          rotation: { every: 'P1W', start: '2027-01-03T00:00' },
          activeWhen: { weekly: [{ days: ['SU'], from: '01:30', to: '03:00' }] },
        },
      ]),
    );
    const s = shiftAt(input, at('2027-10-02T15:30:00Z'));
    expect([iso(s.start), iso(s.end), s.personId]).toEqual(['2027-10-02T15:00:00.000Z', '2027-10-02T16:00:00.000Z', 'a']);
  });
});

describe('without versions', () => {
  it('is a gap except for overrides', () => {
    const input = {
      versions: [],
      overrides: [{ id: 'o', personId: 'z', start: at('2027-01-01T06:00:00Z'), end: at('2027-01-01T08:00:00Z'), seq: 1 }],
      holidays: fixedHolidays({}),
    };
    expect(lines(computeTimeline(input, at('2027-01-01T00:00:00Z'), at('2027-01-02T00:00:00Z')))).toEqual([
      '2027-01-01T00:00:00.000Z 2027-01-01T06:00:00.000Z - gap',
      '2027-01-01T06:00:00.000Z 2027-01-01T08:00:00.000Z z override:o',
      '2027-01-01T08:00:00.000Z 2027-01-02T00:00:00.000Z - gap',
    ]);
    const s = shiftAt(input, at('2027-01-01T07:00:00Z'));
    expect([iso(s.start), iso(s.end), s.overrideId]).toEqual(['2027-01-01T06:00:00.000Z', '2027-01-01T08:00:00.000Z', 'o']);
  });
});

describe('computeLayerTimelines across versions', () => {
  it('orders rows by the newest version, keeps layers only older versions had, stitches shifts', () => {
    const base: LayerDoc = { id: 'base', name: 'Base', participants: ['a'], rotation: { every: 'P1W', start: '2027-01-04T00:00' } };
    const old: LayerDoc = { id: 'old', participants: ['o'], rotation: { every: 'P1D', start: '2027-01-04T00:00' } };
    const fresh: LayerDoc = { id: 'new', name: 'New', participants: ['n'], rotation: { every: 'P1D', start: '2027-01-04T00:00' } };
    const input = timelineInput([
      { doc: schedule('UTC', [base, old]), effectiveFrom: at('2027-01-04T00:00:00Z') },
      { doc: schedule('UTC', [fresh, { ...base, name: 'Base v2' }]), effectiveFrom: at('2027-01-06T00:00:00Z') },
    ]);
    const rows = computeLayerTimelines(input, at('2027-01-05T00:00:00Z'), at('2027-01-07T00:00:00Z'));
    expect(rows.map((r) => [r.layerId, r.name ?? null, lines(r.shifts)])).toEqual([
      ['new', 'New', ['2027-01-06T00:00:00.000Z 2027-01-07T00:00:00.000Z n layer:new']],
      // Same holder on both sides of the version boundary: one row shift.
      ['base', 'Base v2', ['2027-01-05T00:00:00.000Z 2027-01-07T00:00:00.000Z a layer:base']],
      ['old', null, ['2027-01-05T00:00:00.000Z 2027-01-06T00:00:00.000Z o layer:old']],
    ]);
  });
});

describe('coverage of the Berlin Easter weekend', () => {
  it('counts real hours across the switch to CEST and both holidays', () => {
    const doc = schedule('Europe/Berlin', [
      {
        id: 'we',
        participants: ['dave'],
        rotation: { per: 'window', start: '2027-01-01T00:00' },
        activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }], holidays: [{ calendar: 'de-be' }] },
      },
    ]);
    const input = timelineInput(doc, { holidays: holidayLookup(new Map([['de-be', { region: 'DE-BE' }]])) });
    const from = at('2027-03-25T00:00:00Z');
    const to = at('2027-03-31T00:00:00Z');
    const holidayDates = new Set(regionHolidays('DE-BE', ['public'], 2027).map((h) => h.date));
    const c = computeCoverage(computeTimeline(input, from, to), { timeZone: 'Europe/Berlin', holidayDates }, from, to);
    // dave: Fri 03-26 00:00 CET (03-25T23:00Z) → Tue 03-30 00:00 CEST (03-29T22:00Z) = 95 h.
    // Weekend Sat 00:00 CET (03-26T23:00Z) → Mon 00:00 CEST (03-28T22:00Z) = 47 h.
    // Nights: Fri 00–06 (6) + Fri 22–Sat 06 (8) + Sat 22 CET–Sun 06 CEST (7) + Sun 22–Mon 06 (8)
    // + Mon 22–24 (2) = 31 h. Holidays: Good Friday and Easter Monday.
    expect(c.load).toEqual([{ person: 'dave', hours: 95, shifts: 1, nightHours: 31, weekendHours: 47, holidays: 2 }]);
    // Everything else is a gap: 144 h window − 95 h.
    expect(c.coveredFraction).toBeCloseTo(95 / 144, 12);
    expect(c.gaps.reduce((s, g) => s + (g.end - g.start), 0) / HOUR).toBe(49);
  });
});
