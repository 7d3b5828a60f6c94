/** computeCoverage (spec §6): gaps, fallback, covered fraction and per-person load, DST-exact. */
import { describe, expect, it } from 'vitest';
import { type Shift, computeCoverage, computeTimeline } from '../../src/engine/index.js';
import { HOUR, at, iso, timelineInput } from './helpers.js';

const shift = (start: string, end: string, personId: string | null, source: Shift['source'] = 'layer'): Shift => ({
  start: at(start),
  end: at(end),
  personId,
  source,
  layerId: source === 'layer' ? 'l' : null,
  overrideId: null,
});

describe('computeCoverage', () => {
  it('UTC weekend: 48 weekend hours, nights 00–06 + 22–06 + 22–24 = 16 h', () => {
    // Sat 2027-06-05 00:00Z → Mon 2027-06-07 00:00Z.
    const c = computeCoverage(
      [shift('2027-06-05T00:00:00Z', '2027-06-07T00:00:00Z', 'a')],
      { timeZone: 'UTC', holidayDates: new Set(['2027-06-06']) },
      at('2027-06-05T00:00:00Z'),
      at('2027-06-07T00:00:00Z'),
    );
    expect(c).toEqual({
      gaps: [],
      fallback: [],
      coveredFraction: 1,
      load: [{ person: 'a', hours: 48, shifts: 1, nightHours: 16, weekendHours: 48, holidays: 1 }],
      conflicts: [],
    });
  });

  it('counts the Berlin fall-back night as 9 real hours (22:00 CEST → 06:00 CET)', () => {
    // Sat 2027-10-30 22:00 CEST = 20:00Z; Sun 10-31 06:00 CET = 05:00Z: 9 h, all weekend.
    const c = computeCoverage(
      [shift('2027-10-30T20:00:00Z', '2027-10-31T05:00:00Z', 'n')],
      { timeZone: 'Europe/Berlin', holidayDates: new Set() },
      at('2027-10-30T00:00:00Z'),
      at('2027-11-01T00:00:00Z'),
    );
    expect(c.load).toEqual([{ person: 'n', hours: 9, shifts: 1, nightHours: 9, weekendHours: 9, holidays: 0 }]);
  });

  it('clips to the window, lists gaps and fallback, sorts load by person', () => {
    const shifts = [
      shift('2027-06-01T00:00:00Z', '2027-06-01T06:00:00Z', null, 'gap'),
      shift('2027-06-01T06:00:00Z', '2027-06-01T12:00:00Z', 'zed'),
      shift('2027-06-01T12:00:00Z', '2027-06-01T18:00:00Z', 'boss', 'fallback'),
      shift('2027-06-01T18:00:00Z', '2027-06-02T06:00:00Z', 'amy'),
    ];
    // Window 03:00Z → 2027-06-02T03:00Z (24 h): gap 3 h → covered 21/24.
    const c = computeCoverage(shifts, { timeZone: 'UTC', holidayDates: new Set(['2027-06-02']) }, at('2027-06-01T03:00:00Z'), at('2027-06-02T03:00:00Z'));
    expect(c.gaps.map((g) => [iso(g.start), iso(g.end)])).toEqual([['2027-06-01T03:00:00.000Z', '2027-06-01T06:00:00.000Z']]);
    expect(c.fallback.map((g) => [iso(g.start), iso(g.end)])).toEqual([['2027-06-01T12:00:00.000Z', '2027-06-01T18:00:00.000Z']]);
    expect(c.coveredFraction).toBe(21 / 24);
    // amy 18:00Z → 03:00Z: 9 h, nights 22:00–03:00 = 5 h, on the 2027-06-02 holiday.
    expect(c.load).toEqual([
      { person: 'amy', hours: 9, shifts: 1, nightHours: 5, weekendHours: 0, holidays: 1 },
      { person: 'boss', hours: 6, shifts: 1, nightHours: 0, weekendHours: 0, holidays: 0 },
      { person: 'zed', hours: 6, shifts: 1, nightHours: 0, weekendHours: 0, holidays: 0 },
    ]);
  });

  it('an empty window is fully covered', () => {
    expect(computeCoverage([], { timeZone: 'UTC', holidayDates: new Set() }, 5, 5)).toEqual({
      gaps: [],
      fallback: [],
      coveredFraction: 1,
      load: [],
      conflicts: [],
    });
  });

  it('conflicts: shifts meet their holder’s time off, clipped to the window, touching pieces of one entry merged', () => {
    const shifts = [
      shift('2027-06-01T00:00:00Z', '2027-06-01T08:00:00Z', 'amy'),
      { ...shift('2027-06-01T08:00:00Z', '2027-06-01T10:00:00Z', 'amy', 'override'), overrideId: 'o1' },
      shift('2027-06-01T10:00:00Z', '2027-06-01T20:00:00Z', 'boss', 'fallback'),
      shift('2027-06-01T20:00:00Z', '2027-06-02T00:00:00Z', null, 'gap'),
    ];
    const timeOff = [
      // amy away 06:00–09:00: her layer shift then her override, one conflict 06:00–09:00.
      { id: 'off-a', personId: 'amy', start: at('2027-06-01T06:00:00Z'), end: at('2027-06-01T09:00:00Z') },
      // A second, overlapping entry of amy's: a conflict of its own.
      { id: 'off-b', personId: 'amy', start: at('2027-06-01T07:00:00Z'), end: at('2027-06-03T00:00:00Z') },
      // The fallback away since May: from his shift's start to the window's end.
      { id: 'off-c', personId: 'boss', start: at('2027-05-01T00:00:00Z'), end: at('2027-06-01T12:00:00Z') },
      // Nobody on call during the gap: no conflict; someone not on the timeline: none.
      { id: 'off-d', personId: 'zed', start: at('2027-06-01T00:00:00Z'), end: at('2027-06-02T00:00:00Z') },
    ];
    const c = computeCoverage(shifts, { timeZone: 'UTC', holidayDates: new Set(), timeOff }, at('2027-06-01T00:00:00Z'), at('2027-06-01T11:00:00Z'));
    expect(c.conflicts.map((x) => [x.person, iso(x.start), iso(x.end), x.timeOff])).toEqual([
      ['amy', '2027-06-01T06:00:00.000Z', '2027-06-01T09:00:00.000Z', 'off-a'],
      ['amy', '2027-06-01T07:00:00.000Z', '2027-06-01T10:00:00.000Z', 'off-b'],
      ['boss', '2027-06-01T10:00:00.000Z', '2027-06-01T11:00:00.000Z', 'off-c'],
    ]);
    expect(computeCoverage(shifts, { timeZone: 'UTC', holidayDates: new Set() }, at('2027-06-01T00:00:00Z'), at('2027-06-02T00:00:00Z')).conflicts).toEqual([]);
  });

  it('works on an engine timeline: New York week with a 25 h day', () => {
    // P1D 09:00 from 2027-11-01 in New York, one person: 7 days containing the fall-back = 169 h.
    const input = timelineInput({
      name: 'x',
      timeZone: 'America/New_York',
      layers: [{ id: 'l', participants: ['p'], rotation: { every: 'P1D', start: '2027-11-01T09:00' } }],
    });
    const from = at('2027-11-01T13:00:00Z');
    const to = at('2027-11-08T14:00:00Z');
    const c = computeCoverage(computeTimeline(input, from, to), { timeZone: 'America/New_York', holidayDates: new Set() }, from, to);
    expect(c.load[0]!.hours).toBe(169);
    // 7 nights of 8 wall hours, the fall-back night one hour longer: 57 h.
    expect(c.load[0]!.nightHours).toBe(57);
    // Sat 11-06 00:00 EDT (04:00Z) → Mon 11-08 00:00 EST (05:00Z) = 49 h.
    expect(c.load[0]!.weekendHours).toBe(49);
    expect(c.load[0]!.hours * HOUR).toBe(to - from);
  });
});
