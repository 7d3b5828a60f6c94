/**
 * Property tests over random schedules: zones with unusual DST (Lord Howe's 30-minute shift,
 * Chatham's +12:45/+13:45, São Paulo's abolished DST), random rotations, spans, overrides and
 * versions, layer ends, whenAway and time off. Invariants of spec §4/§7/§13: the timeline tiles
 * [from, to) exactly, merged; shiftAt agrees with it; windows split and rejoin; coverage accounts
 * for every hour; time off moves only "next" layers' holders, only to people not away, and
 * conflicts are exactly where a holder is away.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LayerDoc,
  type OverrideInput,
  type ScheduleDoc,
  type Shift,
  type TimeOffInput,
  type TimelineInput,
  computeCoverage,
  computeLayerTimelines,
  computeTimeline,
  shiftAt,
  versionAt,
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

/**
 * A layer, sometimes ending 3 h to 400 days after its start (more than any DST shift, so the
 * end's instant is always after the start's) and sometimes with whenAway.
 */
const layer = (i: number) =>
  fc
    .record(
      {
        participants: fc.array(fc.constantFrom(...PEOPLE), { maxLength: 3 }),
        rotation,
        activeWhen,
        // Unbiased: small values (ends 3 h after the start) would leave most layers dead.
        endAfter: fc.noBias(fc.integer({ min: 12, max: 400 * 96 })),
        whenAway: fc.constantFrom('next' as const, 'keep' as const),
      },
      { requiredKeys: ['participants', 'rotation'] },
    )
    .map(({ endAfter, ...l }) => {
      const end = endAfter === undefined ? {} : { end: new Date(Date.parse(`${l.rotation.start}:00Z`) + endAfter * 15 * 60_000).toISOString().slice(0, 16) };
      return dropEmptyActiveWhen({ id: `l${i}`, ...l, ...end }) as LayerDoc;
    });

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

/** Time off of participants, the fallback and someone on no schedule ("zz"). */
const timeOffEntry = fc
  .tuple(fc.integer({ min: -60 * 96, max: 400 * 96 }), fc.integer({ min: 1, max: 10 * 96 }), fc.constantFrom(...PEOPLE, 'fb', 'zz'))
  .map(([q, len, personId]) => ({ start: BASE + q * 15 * 60_000, end: BASE + (q + len) * 15 * 60_000, personId }));

const inputParts = fc
  .record({
    docs: fc.array(scheduleDoc, { minLength: 1, maxLength: 2 }),
    effectiveFrom: fc.integer({ min: 0, max: 300 }),
    overrides: fc.array(override, { maxLength: 3 }),
    timeOff: fc.array(timeOffEntry, { maxLength: 6 }),
  });
type InputParts = typeof inputParts extends fc.Arbitrary<infer T> ? T : never;

/** Compiles fresh each call, so memo caches start empty. */
function build({ docs, effectiveFrom, overrides, timeOff }: InputParts): TimelineInput {
  return timelineInput(
    docs.map((doc, i) => ({ doc, effectiveFrom: BASE + (effectiveFrom + i * 37) * DAY + i * 7 * HOUR })),
    {
      overrides: overrides.map(
        (o, i): OverrideInput => ({ id: `o${i}`, personId: o.personId, start: o.start, end: o.start + o.hours * HOUR, seq: o.seq }),
      ),
      holidays: HOLIDAYS,
      timeOff: timeOff.map((t, i): TimeOffInput => ({ id: `off${i}`, ...t })),
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

/**
 * Time off placed where it matters: half of it on the holder of one of the window's layer shifts,
 * inside that shift; the rest anywhere in the window, of anyone. [fraction ‰, quarter hours, pick].
 */
const timeOffInWindow = fc.array(fc.tuple(fc.noBias(fc.nat({ max: 999 })), fc.integer({ min: 1, max: 5 * 96 }), fc.nat()), {
  minLength: 1,
  maxLength: 6,
});

/** A schedule, a window and time off (random, plus some inside the window); `layered` when a layer is active there. */
const withTimeOffIn = fc.tuple(inputParts, window, timeOffInWindow).map(([parts, w, rel]) => {
  const Q = 15 * 60_000;
  const held = computeLayerTimelines(build(parts), w.from, w.to).flatMap((r) => r.shifts);
  const people = [...PEOPLE, 'fb', 'zz'];
  const inside = rel.map(([permille, quarters, pick]) => {
    const shift = held.length > 0 && pick % 2 === 0 ? held[(pick >> 1) % held.length]! : null;
    const [a, b] = shift ? [shift.start, shift.end] : [w.from, w.to];
    const start = a + Math.floor(((b - a) * permille) / 1000 / Q) * Q;
    return { start, end: start + quarters * Q, personId: shift?.personId ?? people[pick % people.length]! };
  });
  return { parts: { ...parts, timeOff: [...parts.timeOff, ...inside] }, w, layered: held.length > 0 };
});

/** Whether `person` has a time-off entry holding t. */
const isAway = (timeOff: readonly TimeOffInput[], person: string, t: number) => timeOff.some((o) => o.personId === person && o.start <= t && t < o.end);

/** The same compiled input with other time off (absent when `timeOff` is undefined). */
function withTimeOff(inp: TimelineInput, timeOff: TimeOffInput[] | undefined): TimelineInput {
  const { timeOff: _dropped, ...rest } = inp;
  return timeOff === undefined ? rest : { ...rest, timeOff };
}

/** The shift of a sorted list holding t, if any. */
const holding = (list: readonly Shift[], t: number) => list.find((s) => s.start <= t && t < s.end);

describe('time off (spec §13)', () => {
  it('"next": nobody away holds a layer; it is inactive only where all its participants are away; the rotation does not move', () => {
    fc.assert(
      fc.property(withTimeOffIn, ({ parts, w, layered }) => {
        fc.pre(layered);
        const inp = build(parts);
        const timeOff = inp.timeOff ?? [];
        const rows = computeLayerTimelines(inp, w.from, w.to);
        const bare = computeLayerTimelines(withTimeOff(inp, undefined), w.from, w.to);
        const final = computeTimeline(inp, w.from, w.to);
        rows.forEach((row, r) => {
          // Every place either row or any time off can change.
          const points = new Set([w.from, ...row.shifts.flatMap((s) => [s.start, s.end]), ...bare[r]!.shifts.flatMap((s) => [s.start, s.end])]);
          for (const o of timeOff) points.add(o.start).add(o.end);
          for (const t of [...points].filter((x) => x >= w.from && x < w.to)) {
            const layer = versionAt(inp.versions, t)?.schedule.layers.find((l) => l.id === row.layerId);
            const was = holding(bare[r]!.shifts, t);
            const now = holding(row.shifts, t);
            const where = `${row.layerId} at ${new Date(t).toISOString()}`;
            if (!layer || !was || layer.whenAway === 'keep') {
              expect(now?.personId, where).toBe(was?.personId);
              continue;
            }
            if (layer.participants.every((p) => isAway(timeOff, p, t))) expect(now, where).toBeUndefined();
            else {
              expect(now, where).toBeDefined();
              expect(isAway(timeOff, now!.personId!, t), where).toBe(false);
              if (!isAway(timeOff, was.personId!, t)) expect(now!.personId, where).toBe(was.personId);
            }
            // The final timeline never shows an away person from a "next" layer.
            const f = holding(final, t)!;
            if (f.source === 'layer' && f.layerId === row.layerId) expect(isAway(timeOff, f.personId!, t), where).toBe(false);
          }
        });
      }),
      RUNS,
    );
  });

  it('no time off, an empty list and time off of people on no schedule give the same timeline and rows', () => {
    fc.assert(
      fc.property(withTimeOffIn, ({ parts, w, layered }) => {
        fc.pre(layered);
        const none = build({ ...parts, timeOff: [] });
        const want = computeTimeline(withTimeOff(none, undefined), w.from, w.to);
        const strangers = parts.timeOff.map((t) => ({ ...t, personId: 'zz' }));
        for (const inp of [none, build({ ...parts, timeOff: strangers })]) {
          expect(computeTimeline(inp, w.from, w.to)).toEqual(want);
          expect(computeLayerTimelines(inp, w.from, w.to)).toEqual(computeLayerTimelines(withTimeOff(none, undefined), w.from, w.to));
        }
      }),
      RUNS,
    );
  });

  it('"keep" (or no whenAway): time off never changes the timeline', () => {
    fc.assert(
      fc.property(withTimeOffIn, fc.boolean(), ({ parts, w, layered }, spell) => {
        fc.pre(layered);
        const keep = {
          ...parts,
          docs: parts.docs.map((d) => ({
            ...d,
            layers: d.layers.map(({ whenAway: _w, ...l }) => (spell ? { ...l, whenAway: 'keep' as const } : l)),
          })),
        };
        expect(computeTimeline(build(keep), w.from, w.to)).toEqual(computeTimeline(build({ ...keep, timeOff: [] }), w.from, w.to));
      }),
      RUNS,
    );
  });

  it('conflicts are exactly the final timeline ∩ its holders’ time off, entry by entry', () => {
    fc.assert(
      fc.property(withTimeOffIn, ({ parts, w, layered }) => {
        fc.pre(layered);
        const inp = build(parts);
        const timeOff = inp.timeOff ?? [];
        const shifts = computeTimeline(inp, w.from, w.to);
        const { conflicts } = computeCoverage(shifts, { timeZone: 'UTC', holidayDates: new Set(), timeOff }, w.from, w.to);
        let want = 0;
        for (const s of shifts) {
          for (const o of timeOff) if (o.personId === s.personId) want += Math.max(0, Math.min(s.end, o.end) - Math.max(s.start, o.start));
        }
        expect(conflicts.reduce((sum, c) => sum + c.end - c.start, 0)).toBe(want);
        for (const c of conflicts) {
          const entry = timeOff.find((o) => o.id === c.timeOff)!;
          expect(entry.personId).toBe(c.person);
          expect(entry.start <= c.start && c.end <= entry.end && c.end > c.start).toBe(true);
          // Within the final timeline, held by that person all along.
          const inside = shifts.filter((s) => s.start < c.end && c.start < s.end);
          expect(inside.every((s) => s.personId === c.person)).toBe(true);
          expect(inside[0]!.start <= c.start && c.end <= inside[inside.length - 1]!.end).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
