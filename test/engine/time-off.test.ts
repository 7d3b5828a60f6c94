/**
 * Time off, whenAway and layer `end` (spec §4, §13), on cases whose instants are worked out by
 * hand. Berlin is UTC+1 (CET) until 2027-03-28 02:00 local (01:00Z), UTC+2 (CEST) after, and back
 * to CET on 2027-10-31 at 03:00 CEST (01:00Z).
 */
import { describe, expect, it } from 'vitest';
import {
  type LayerDoc,
  type OverrideInput,
  type ScheduleDoc,
  type TimeOffInput,
  computeCoverage,
  computeLayerTimelines,
  computeTimeline,
  shiftAt,
} from '../../src/engine/index.js';
import { at, iso, lines, timelineInput } from './helpers.js';

const off = (id: string, personId: string, start: string, end: string): TimeOffInput => ({ id, personId, start: at(start), end: at(end) });

/** Weekly rotation of a, b, c handing off Mondays 09:00 Berlin from 2027-03-15: b holds the DST week. */
const weekly = (patch: Partial<LayerDoc> = {}, fallback?: string): ScheduleDoc => ({
  name: 'weekly',
  timeZone: 'Europe/Berlin',
  ...(fallback ? { fallback } : {}),
  layers: [{ id: 'w', participants: ['a', 'b', 'c'], rotation: { every: 'P1W', start: '2027-03-15T09:00' }, ...patch }],
});

/** b away Tue 03-23 00:00 CET → Fri 03-26 00:00 CET, and again Sat 22:00 CET → Sun 06:00 CEST over the DST night. */
const bAway = [
  off('off-1', 'b', '2027-03-22T23:00:00Z', '2027-03-25T23:00:00Z'),
  off('off-2', 'b', '2027-03-27T21:00:00Z', '2027-03-28T04:00:00Z'),
];

const conflictLines = (c: { person: string; start: number; end: number; timeOff: string }[]) =>
  c.map((x) => `${iso(x.start)} ${iso(x.end)} ${x.person} ${x.timeOff}`);

const coverage = (doc: ScheduleDoc, timeOff: TimeOffInput[], from: number, to: number, overrides: OverrideInput[] = []) => {
  const shifts = computeTimeline(timelineInput(doc, { timeOff, overrides }), from, to);
  return computeCoverage(shifts, { timeZone: doc.timeZone, holidayDates: new Set(), timeOff }, from, to);
};

describe('whenAway "next" on a weekly rotation across the EU DST change', () => {
  const from = at('2027-03-15T08:00:00Z');
  const to = at('2027-04-05T07:00:00Z');

  it('the next participant covers exactly the away instants; the rotation does not move', () => {
    const input = timelineInput(weekly({ whenAway: 'next' }), { timeOff: bAway });
    expect(lines(computeTimeline(input, from, to))).toEqual([
      '2027-03-15T08:00:00.000Z 2027-03-22T08:00:00.000Z a layer:w',
      '2027-03-22T08:00:00.000Z 2027-03-22T23:00:00.000Z b layer:w',
      '2027-03-22T23:00:00.000Z 2027-03-25T23:00:00.000Z c layer:w',
      '2027-03-25T23:00:00.000Z 2027-03-27T21:00:00.000Z b layer:w',
      // Sat 22:00 CET → Sun 06:00 CEST: 7 real hours.
      '2027-03-27T21:00:00.000Z 2027-03-28T04:00:00.000Z c layer:w',
      // b's week ends Mon 09:00 CEST; c's own week follows as if nothing happened.
      '2027-03-28T04:00:00.000Z 2027-03-29T07:00:00.000Z b layer:w',
      '2027-03-29T07:00:00.000Z 2027-04-05T07:00:00.000Z c layer:w',
    ]);
    // shiftAt sees the substitute with the substitute's bounds.
    const s = shiftAt(input, at('2027-03-24T12:00:00Z'));
    expect([s.personId, iso(s.start), iso(s.end)]).toEqual(['c', '2027-03-22T23:00:00.000Z', '2027-03-25T23:00:00.000Z']);
    // The layer row shows the substitutes too.
    expect(lines(computeLayerTimelines(input, from, to)[0]!.shifts)).toEqual(lines(computeTimeline(input, from, to)));
    expect(coverage(weekly({ whenAway: 'next' }), bAway, from, to).conflicts).toEqual([]);
  });

  it('"keep" (and the default) leave b on call, and coverage reports the conflicts', () => {
    for (const doc of [weekly({ whenAway: 'keep' }), weekly()]) {
      expect(lines(computeTimeline(timelineInput(doc, { timeOff: bAway }), from, to))).toEqual([
        '2027-03-15T08:00:00.000Z 2027-03-22T08:00:00.000Z a layer:w',
        '2027-03-22T08:00:00.000Z 2027-03-29T07:00:00.000Z b layer:w',
        '2027-03-29T07:00:00.000Z 2027-04-05T07:00:00.000Z c layer:w',
      ]);
      expect(conflictLines(coverage(doc, bAway, from, to).conflicts)).toEqual([
        '2027-03-22T23:00:00.000Z 2027-03-25T23:00:00.000Z b off-1',
        '2027-03-27T21:00:00.000Z 2027-03-28T04:00:00.000Z b off-2',
      ]);
    }
  });

  it('the one after next covers when the next is away too; everyone away → the fallback, even away', () => {
    const timeOff = [
      bAway[0]!,
      // c away Wed 00:00 → Thu 00:00 CET, a Wed 06:00 → 09:00 CET, the fallback Wed 05:00 → 07:00 CET.
      off('off-c', 'c', '2027-03-23T23:00:00Z', '2027-03-24T23:00:00Z'),
      off('off-a', 'a', '2027-03-24T05:00:00Z', '2027-03-24T08:00:00Z'),
      off('off-boss', 'boss', '2027-03-24T04:00:00Z', '2027-03-24T06:00:00Z'),
    ];
    const doc = weekly({ whenAway: 'next' }, 'boss');
    const window = [at('2027-03-22T08:00:00Z'), at('2027-03-29T07:00:00Z')] as const;
    expect(lines(computeTimeline(timelineInput(doc, { timeOff }), ...window))).toEqual([
      '2027-03-22T08:00:00.000Z 2027-03-22T23:00:00.000Z b layer:w',
      '2027-03-22T23:00:00.000Z 2027-03-23T23:00:00.000Z c layer:w',
      '2027-03-23T23:00:00.000Z 2027-03-24T05:00:00.000Z a layer:w',
      '2027-03-24T05:00:00.000Z 2027-03-24T08:00:00.000Z boss fallback',
      '2027-03-24T08:00:00.000Z 2027-03-24T23:00:00.000Z a layer:w',
      '2027-03-24T23:00:00.000Z 2027-03-25T23:00:00.000Z c layer:w',
      '2027-03-25T23:00:00.000Z 2027-03-29T07:00:00.000Z b layer:w',
    ]);
    // The layer is not active while everyone is away: its row has a hole there.
    const row = computeLayerTimelines(timelineInput(doc, { timeOff }), ...window)[0]!.shifts;
    expect(row.some((s) => s.start < at('2027-03-24T08:00:00Z') && s.end > at('2027-03-24T05:00:00Z'))).toBe(false);
    // The fallback is never replaced: an away fallback is a conflict (only while on call).
    expect(conflictLines(coverage(doc, timeOff, ...window).conflicts)).toEqual(['2027-03-24T05:00:00.000Z 2027-03-24T06:00:00.000Z boss off-boss']);
  });

  it('an override of the away person wins over the time off, and is a conflict', () => {
    const overrides: OverrideInput[] = [{ id: 'o1', personId: 'b', start: at('2027-03-24T09:00:00Z'), end: at('2027-03-24T13:00:00Z'), seq: 1 }];
    const doc = weekly({ whenAway: 'next' });
    const window = [at('2027-03-22T08:00:00Z'), at('2027-03-29T07:00:00Z')] as const;
    expect(lines(computeTimeline(timelineInput(doc, { timeOff: bAway, overrides }), ...window))).toEqual([
      '2027-03-22T08:00:00.000Z 2027-03-22T23:00:00.000Z b layer:w',
      '2027-03-22T23:00:00.000Z 2027-03-24T09:00:00.000Z c layer:w',
      '2027-03-24T09:00:00.000Z 2027-03-24T13:00:00.000Z b override:o1',
      '2027-03-24T13:00:00.000Z 2027-03-25T23:00:00.000Z c layer:w',
      '2027-03-25T23:00:00.000Z 2027-03-27T21:00:00.000Z b layer:w',
      '2027-03-27T21:00:00.000Z 2027-03-28T04:00:00.000Z c layer:w',
      '2027-03-28T04:00:00.000Z 2027-03-29T07:00:00.000Z b layer:w',
    ]);
    expect(conflictLines(coverage(doc, bAway, ...window, overrides).conflicts)).toEqual(['2027-03-24T09:00:00.000Z 2027-03-24T13:00:00.000Z b off-1']);
  });
});

describe('whenAway "next" on a per-window weekend layer (FR 17:00 → MO 09:00)', () => {
  // Windows from Tue 2027-03-02: 0 = 03-05, 1 = 03-12, 2 = 03-19, 3 = 03-26 (e), 4 = 04-02 (d).
  const doc: ScheduleDoc = {
    name: 'weekend',
    timeZone: 'Europe/Berlin',
    layers: [
      {
        id: 'we',
        participants: ['d', 'e'],
        rotation: { per: 'window', start: '2027-03-02T00:00' },
        activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] },
        whenAway: 'next',
      },
    ],
  };
  // e away Sat 03-27 10:00 CET → Sun 03-28 10:00 CEST (23 real hours).
  const timeOff = [off('off-e', 'e', '2027-03-27T09:00:00Z', '2027-03-28T08:00:00Z')];
  const from = at('2027-03-26T00:00:00Z');
  const to = at('2027-04-03T00:00:00Z');

  it('d covers e’s away part of window 3; window 4 is still d’s', () => {
    const input = timelineInput(doc, { timeOff });
    const want = [
      '2027-03-26T00:00:00.000Z 2027-03-26T16:00:00.000Z - gap',
      '2027-03-26T16:00:00.000Z 2027-03-27T09:00:00.000Z e layer:we',
      '2027-03-27T09:00:00.000Z 2027-03-28T08:00:00.000Z d layer:we',
      '2027-03-28T08:00:00.000Z 2027-03-29T07:00:00.000Z e layer:we',
      '2027-03-29T07:00:00.000Z 2027-04-02T15:00:00.000Z - gap',
      '2027-04-02T15:00:00.000Z 2027-04-03T00:00:00.000Z d layer:we',
    ];
    expect(lines(computeTimeline(input, from, to))).toEqual(want);
    expect(lines(computeLayerTimelines(input, from, to)[0]!.shifts)).toEqual(want.filter((l) => !l.endsWith('gap')));
    // A window starting inside the time off numbers the windows the same way.
    expect(lines(computeTimeline(input, at('2027-03-27T12:00:00Z'), at('2027-03-28T12:00:00Z')))).toEqual([
      '2027-03-27T12:00:00.000Z 2027-03-28T08:00:00.000Z d layer:we',
      '2027-03-28T08:00:00.000Z 2027-03-28T12:00:00.000Z e layer:we',
    ]);
  });
});

describe('layer end', () => {
  it('cuts a shift exactly at its end; the fallback follows', () => {
    const input = timelineInput(weekly({ end: '2027-03-24T12:00' }, 'boss'));
    expect(lines(computeTimeline(input, at('2027-03-15T08:00:00Z'), at('2027-04-05T07:00:00Z')))).toEqual([
      '2027-03-15T08:00:00.000Z 2027-03-22T08:00:00.000Z a layer:w',
      '2027-03-22T08:00:00.000Z 2027-03-24T11:00:00.000Z b layer:w',
      '2027-03-24T11:00:00.000Z 2027-04-05T07:00:00.000Z boss fallback',
    ]);
    const before = shiftAt(input, at('2027-03-24T10:59:59.999Z'));
    expect([before.personId, iso(before.end)]).toEqual(['b', '2027-03-24T11:00:00.000Z']);
    const after = shiftAt(input, at('2027-03-24T11:00:00Z'));
    expect([after.source, iso(after.start), after.end]).toEqual(['fallback', '2027-03-24T11:00:00.000Z', null]);
    // The layer's row stops there too, and a window wholly after the end has none of it.
    expect(lines(computeLayerTimelines(input, at('2027-03-20T00:00:00Z'), at('2027-04-01T00:00:00Z'))[0]!.shifts)).toEqual([
      '2027-03-20T00:00:00.000Z 2027-03-22T08:00:00.000Z a layer:w',
      '2027-03-22T08:00:00.000Z 2027-03-24T11:00:00.000Z b layer:w',
    ]);
    expect(computeLayerTimelines(input, at('2027-03-25T00:00:00Z'), at('2027-04-01T00:00:00Z'))[0]!.shifts).toEqual([]);
  });

  it('cuts a per-window rotation’s window; the earlier windows keep their numbers', () => {
    const doc: ScheduleDoc = {
      name: 'weekend',
      timeZone: 'Europe/Berlin',
      layers: [
        {
          id: 'we',
          participants: ['d', 'e', 'f'],
          rotation: { per: 'window', start: '2027-03-02T00:00' },
          activeWhen: { weekly: [{ from: 'FR 17:00', to: 'MO 09:00' }] },
          end: '2027-03-27T12:00',
        },
      ],
    };
    expect(lines(computeTimeline(timelineInput(doc), at('2027-03-19T00:00:00Z'), at('2027-04-06T00:00:00Z')))).toEqual([
      '2027-03-19T00:00:00.000Z 2027-03-19T16:00:00.000Z - gap',
      '2027-03-19T16:00:00.000Z 2027-03-22T08:00:00.000Z f layer:we',
      '2027-03-22T08:00:00.000Z 2027-03-26T16:00:00.000Z - gap',
      '2027-03-26T16:00:00.000Z 2027-03-27T11:00:00.000Z d layer:we',
      '2027-03-27T11:00:00.000Z 2027-04-06T00:00:00.000Z - gap',
    ]);
  });

  it('an end in the spring-forward gap moves forward by the gap (02:30 → 03:30 CEST)', () => {
    const doc: ScheduleDoc = {
      name: 'daily',
      timeZone: 'Europe/Berlin',
      fallback: 'boss',
      layers: [{ id: 'd', participants: ['a', 'b'], rotation: { every: 'P1D', start: '2027-03-27T00:00' }, end: '2027-03-28T02:30' }],
    };
    expect(lines(computeTimeline(timelineInput(doc), at('2027-03-26T23:00:00Z'), at('2027-03-28T12:00:00Z')))).toEqual([
      '2027-03-26T23:00:00.000Z 2027-03-27T23:00:00.000Z a layer:d',
      '2027-03-27T23:00:00.000Z 2027-03-28T01:30:00.000Z b layer:d',
      '2027-03-28T01:30:00.000Z 2027-03-28T12:00:00.000Z boss fallback',
    ]);
  });

  it('an end in the fall-back overlap is its earlier instant (02:30 CEST)', () => {
    const doc: ScheduleDoc = {
      name: 'daily',
      timeZone: 'Europe/Berlin',
      fallback: 'boss',
      layers: [{ id: 'd', participants: ['a', 'b'], rotation: { every: 'P1D', start: '2027-10-30T00:00' }, end: '2027-10-31T02:30' }],
    };
    expect(lines(computeTimeline(timelineInput(doc), at('2027-10-29T22:00:00Z'), at('2027-10-31T12:00:00Z')))).toEqual([
      '2027-10-29T22:00:00.000Z 2027-10-30T22:00:00.000Z a layer:d',
      '2027-10-30T22:00:00.000Z 2027-10-31T00:30:00.000Z b layer:d',
      '2027-10-31T00:30:00.000Z 2027-10-31T12:00:00.000Z boss fallback',
    ]);
  });
});

describe('repeated participants', () => {
  // Daily in UTC from Mon 2027-06-07: a, b, a, a, b, a …; a away until Thu 06-10 12:00.
  const doc = (whenAway: 'next' | 'keep'): ScheduleDoc => ({
    name: 'repeats',
    timeZone: 'UTC',
    layers: [{ id: 'r', participants: ['a', 'b', 'a'], rotation: { every: 'P1D', start: '2027-06-07T00:00' }, whenAway }],
  });
  const timeOff = [off('off-a', 'a', '2027-06-07T00:00:00Z', '2027-06-10T12:00:00Z')];
  const from = at('2027-06-07T00:00:00Z');
  const to = at('2027-06-13T00:00:00Z');

  it('"next" skips every slot of the away person: b covers until a is back', () => {
    expect(lines(computeTimeline(timelineInput(doc('next'), { timeOff }), from, to))).toEqual([
      // Day 0 (a → b), day 1 (b), day 2 (a → a again → b), day 3 (a → b until 12:00, then a).
      '2027-06-07T00:00:00.000Z 2027-06-10T12:00:00.000Z b layer:r',
      '2027-06-10T12:00:00.000Z 2027-06-11T00:00:00.000Z a layer:r',
      '2027-06-11T00:00:00.000Z 2027-06-12T00:00:00.000Z b layer:r',
      '2027-06-12T00:00:00.000Z 2027-06-13T00:00:00.000Z a layer:r',
    ]);
  });

  it('"keep": a stays on in each of her slots, each a conflict', () => {
    const c = coverage(doc('keep'), timeOff, from, to);
    expect(conflictLines(c.conflicts)).toEqual([
      '2027-06-07T00:00:00.000Z 2027-06-08T00:00:00.000Z a off-a',
      '2027-06-09T00:00:00.000Z 2027-06-10T12:00:00.000Z a off-a',
    ]);
  });
});
