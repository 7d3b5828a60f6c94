/**
 * Property tests over random schedules: zones with unusual DST (Lord Howe's 30-minute shift,
 * Chatham's +12:45/+13:45, São Paulo's abolished DST), random rotations, spans, overrides and
 * versions. Invariants of spec §4/§7: the timeline tiles [from, to) exactly, merged; shiftAt
 * agrees with it; windows split and rejoin; coverage accounts for every hour.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LayerDoc,
  type OverrideInput,
  type ScheduleDoc,
  type Shift,
  type TimelineInput,
  computeCoverage,
  computeLayerTimelines,
  computeTimeline,
  shiftAt,
} from '../../src/engine/index.js';
import { DAY, HOUR, at, dropEmptyActiveWhen, fixedHolidays, timelineInput } from './helpers.js';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Sao_Paulo', 'UTC'];
const PEOPLE = ['a', 'b', 'c', 'd'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const BASE = at('2027-01-01T00:00:00Z');
const HOLIDAYS = fixedHolidays({
  cal: ['2026-12-25', '2027-01-01', '2027-03-26', '2027-03-29', '2027-10-31', '2027-11-07', '2027-12-31', '2028-01-01', '2028-02-29'],
});

const pad = (n: number) => String(n).padStart(2, '0');
// Minutes favour DST-sensitive hours (00–03) and half hours.
const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${pad(h)}:${pad(m)}`);
const toClock = fc.oneof(clock, fc.constant('24:00'));
const localDateTime = fc
  .tuple(fc.integer({ min: -120, max: 500 }), clock)
  .map(([d, c]) => `${new Date(BASE + d * DAY).toISOString().slice(0, 10)}T${c}`);

const rotation = fc.oneof(
  fc.record({ every: fc.constantFrom('PT8H', 'PT12H', 'P1D', 'P3D', 'P1W', 'P2W', 'P1M', 'P1M2D'), start: localDateTime }),
  fc.record({
    rrule: fc.constantFrom(
      'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0',
      'FREQ=DAILY;BYHOUR=2;BYMINUTE=30',
      'FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=0;BYMINUTE=0',
      'FREQ=HOURLY;INTERVAL=7',
    ),
    start: localDateTime,
  }),
  fc.record({ per: fc.constant('window' as const), start: localDateTime }),
);

const weeklySpan = fc.oneof(
  fc.record({
    from: fc.tuple(fc.constantFrom(...DAYS), clock).map(([d, c]) => `${d} ${c}`),
    to: fc.tuple(fc.constantFrom(...DAYS), toClock).map(([d, c]) => `${d} ${c}`),
  }),
  fc.record({ days: fc.uniqueArray(fc.constantFrom(...DAYS), { minLength: 1 }), from: clock, to: toClock }),
);

const activeWhen = fc.record(
  {
    weekly: fc.array(weeklySpan, { maxLength: 2 }),
    holidays: fc.array(fc.record({ calendar: fc.constant('cal'), from: clock, to: toClock }, { requiredKeys: ['calendar'] }), {
      maxLength: 1,
    }),
    dates: fc.array(
      fc.tuple(localDateTime, fc.integer({ min: 1, max: 96 })).map(([start, hours]) => {
        const end = new Date(Date.parse(`${start}:00Z`) + hours * HOUR).toISOString().slice(0, 16);
        return { start, end };
      }),
      { maxLength: 1 },
    ),
  },
  { requiredKeys: [] },
);

const layer = (i: number) =>
  fc
    .record(
      { participants: fc.array(fc.constantFrom(...PEOPLE), { maxLength: 3 }), rotation, activeWhen },
      { requiredKeys: ['participants', 'rotation'] },
    )
    .map((l) => dropEmptyActiveWhen({ id: `l${i}`, ...l }) as LayerDoc);

const scheduleDoc: fc.Arbitrary<ScheduleDoc> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    fallback: fc.option(fc.constant('fb'), { nil: undefined }),
    layers: fc.integer({ min: 0, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => layer(i)))),
  })
  .map((s) => ({ name: 'random', ...s, layers: [...s.layers] }) as ScheduleDoc);

const override = fc
  .tuple(fc.integer({ min: -60, max: 400 }), fc.integer({ min: 1, max: 24 * 10 }), fc.constantFrom(...PEOPLE), fc.nat(100))
  .map(([d, hours, personId, seq]) => ({ start: BASE + d * DAY + (seq % 24) * HOUR, hours, personId, seq }));

const inputParts = fc
  .record({
    docs: fc.array(scheduleDoc, { minLength: 1, maxLength: 2 }),
    effectiveFrom: fc.integer({ min: 0, max: 300 }),
    overrides: fc.array(override, { maxLength: 3 }),
  });
type InputParts = typeof inputParts extends fc.Arbitrary<infer T> ? T : never;

/** Compiles fresh each call, so memo caches start empty. */
function build({ docs, effectiveFrom, overrides }: InputParts): TimelineInput {
  return timelineInput(
    docs.map((doc, i) => ({ doc, effectiveFrom: BASE + (effectiveFrom + i * 37) * DAY + i * 7 * HOUR })),
    {
      overrides: overrides.map(
        (o, i): OverrideInput => ({ id: `o${i}`, personId: o.personId, start: o.start, end: o.start + o.hours * HOUR, seq: o.seq }),
      ),
      holidays: HOLIDAYS,
    },
  );
}

const input: fc.Arbitrary<TimelineInput> = inputParts.map(build);

/** from within [-90 d, +420 d] of BASE, at quarter hours, lasting up to 40 days. */
const window = fc
  .tuple(fc.integer({ min: -90 * 96, max: 420 * 96 }), fc.integer({ min: 1, max: 40 * 96 }))
  .map(([q, len]) => ({ from: BASE + q * 15 * 60_000, to: BASE + (q + len) * 15 * 60_000 }));

const sameHolder = (a: Shift, b: Shift) =>
  a.personId === b.personId && a.source === b.source && a.layerId === b.layerId && a.overrideId === b.overrideId;

function expectTiling(shifts: Shift[], from: number, to: number): void {
  expect(shifts.length).toBeGreaterThan(0);
  expect(shifts[0]!.start).toBe(from);
  expect(shifts[shifts.length - 1]!.end).toBe(to);
  shifts.forEach((s, i) => {
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.personId === null).toBe(s.source === 'gap');
    expect(s.overrideId !== null).toBe(s.source === 'override');
    expect(s.layerId !== null).toBe(s.source === 'layer');
    const next = shifts[i + 1];
    if (next) {
      expect(next.start).toBe(s.end);
      expect(sameHolder(s, next)).toBe(false);
    }
  });
}

/** Concatenates and merges equal neighbours, as the engine does. */
function joined(a: Shift[], b: Shift[]): Shift[] {
  const out = a.map((s) => ({ ...s }));
  for (const s of b) {
    const last = out[out.length - 1];
    if (last && last.end === s.start && sameHolder(last, s)) last.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

const RUNS = { numRuns: 150, seed: 20270328 } as const;

describe('timeline properties', () => {
  it('tiles [from, to) exactly: contiguous, non-empty shifts, neighbours differ', () => {
    fc.assert(
      fc.property(input, window, (inp, w) => {
        expectTiling(computeTimeline(inp, w.from, w.to), w.from, w.to);
      }),
      RUNS,
    );
  });

  it('splitting the window and rejoining gives the same timeline', () => {
    fc.assert(
      fc.property(input, window, fc.double({ min: 0, max: 1, noNaN: true }), (inp, w, f) => {
        const mid = w.from + Math.floor(((w.to - w.from) * f) / 60_000) * 60_000;
        fc.pre(mid > w.from && mid < w.to);
        const whole = computeTimeline(inp, w.from, w.to);
        expect(joined(computeTimeline(inp, w.from, mid), computeTimeline(inp, mid, w.to))).toEqual(whole);
      }),
      RUNS,
    );
  });

  it('shiftAt(t) is the timeline shift at t, with the same bounds where the window shows them', () => {
    fc.assert(
      fc.property(input, window, fc.double({ min: 0, max: 1, noNaN: true }), (inp, w, f) => {
        const t = Math.min(w.to - 1, w.from + Math.floor((w.to - w.from) * f));
        const s = computeTimeline(inp, w.from, w.to).find((x) => x.start <= t && t < x.end)!;
        const a = shiftAt(inp, t);
        expect([a.personId, a.source, a.layerId, a.overrideId]).toEqual([s.personId, s.source, s.layerId, s.overrideId]);
        if (s.start > w.from) expect(a.start).toBe(s.start);
        else expect(a.start === null || a.start <= s.start).toBe(true);
        if (s.end < w.to) expect(a.end).toBe(s.end);
        else expect(a.end === null || a.end >= s.end).toBe(true);
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('layer rows stay inside the window, sorted and disjoint, and the final layer shifts come from them', () => {
    fc.assert(
      fc.property(input, window, (inp, w) => {
        const rows = computeLayerTimelines(inp, w.from, w.to);
        for (const row of rows) {
          row.shifts.forEach((s, i) => {
            expect(s.start).toBeGreaterThanOrEqual(w.from);
            expect(s.end).toBeLessThanOrEqual(w.to);
            expect(s.end).toBeGreaterThan(s.start);
            if (i > 0) expect(s.start).toBeGreaterThanOrEqual(row.shifts[i - 1]!.end);
          });
        }
        for (const s of computeTimeline(inp, w.from, w.to).filter((x) => x.source === 'layer')) {
          const row = rows.find((r) => r.layerId === s.layerId)!;
          expect(row.shifts.some((r) => r.start <= s.start && s.end <= r.end && r.personId === s.personId)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('memo caches do not change answers: a warmed schedule equals a fresh one', () => {
    fc.assert(
      fc.property(inputParts, window, window, (parts, w1, w2) => {
        const warmed = build(parts);
        computeTimeline(warmed, w1.from, w1.to);
        computeTimeline(warmed, w2.from - 400 * DAY, w2.from - 300 * DAY);
        expect(computeTimeline(warmed, w2.from, w2.to)).toEqual(computeTimeline(build(parts), w2.from, w2.to));
      }),
      RUNS,
    );
  });

  it('coverage: load hours plus gap hours equal the window hours', () => {
    fc.assert(
      fc.property(input, window, (inp, w) => {
        const zone = inp.versions[0]!.schedule.timeZone;
        const c = computeCoverage(computeTimeline(inp, w.from, w.to), { timeZone: zone, holidayDates: new Set(['2027-03-29']) }, w.from, w.to);
        const gapHours = c.gaps.reduce((sum, g) => sum + (g.end - g.start) / HOUR, 0);
        const loadHours = c.load.reduce((sum, l) => sum + l.hours, 0);
        expect(loadHours + gapHours).toBeCloseTo((w.to - w.from) / HOUR, 6);
        expect(c.coveredFraction).toBeCloseTo(1 - gapHours / ((w.to - w.from) / HOUR), 9);
        for (const l of c.load) {
          expect(l.nightHours).toBeLessThanOrEqual(l.hours + 1e-9);
          expect(l.weekendHours).toBeLessThanOrEqual(l.hours + 1e-9);
        }
      }),
      RUNS,
    );
  });
});
