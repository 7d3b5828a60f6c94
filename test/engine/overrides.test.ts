/**
 * Overrides (spec §5): the newest override covering t wins. Many overlapping overrides, equal
 * seqs and one override spanning everything, against the naive oracle; and the cost of a window
 * following the overrides in it (it used to be a linear search per change point: quadratic).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type OverrideInput, type ScheduleDoc, computeTimeline, shiftAt } from '../../src/engine/index.js';
import { DAY, at, timelineInput } from './helpers.js';
import { Oracle } from './oracle.js';

const Q = 15 * 60_000;
const BASE = at('2027-03-01T00:00:00Z');

/** A daily rotation active on weekdays only, so overrides meet layer shifts and gaps alike. */
const doc: ScheduleDoc = {
  name: 'overrides',
  timeZone: 'Europe/Berlin',
  layers: [
    {
      id: 'days',
      participants: ['a', 'b', 'c'],
      rotation: { every: 'P1D', start: '2027-02-01T09:00' },
      activeWhen: { weekly: [{ days: ['MO', 'TU', 'WE', 'TH', 'FR'], from: '08:00', to: '20:00' }] },
    },
  ],
};

const scenario = fc.record({
  // [start quarter, length in quarters, person, seq]: seqs from a small range, so some are equal.
  overrides: fc.array(
    fc.tuple(fc.integer({ min: 0, max: 20 * 96 }), fc.integer({ min: 1, max: 3 * 96 }), fc.constantFrom('x', 'y', 'z', 'a'), fc.integer({ min: 0, max: 40 })),
    { minLength: 1, maxLength: 150 },
  ),
  /** Sometimes one override from before the window to after it, under or over the others. */
  long: fc.option(fc.integer({ min: 0, max: 40 })),
  windows: fc.array(fc.tuple(fc.integer({ min: -2 * 96, max: 24 * 96 }), fc.integer({ min: 1, max: 8 * 96 })), { minLength: 3, maxLength: 6 }),
  probes: fc.array(fc.integer({ min: -2 * 96 * 15, max: 24 * 96 * 15 }), { minLength: 20, maxLength: 20 }),
});

describe('many overlapping overrides', () => {
  it('name the oracle’s holder everywhere, in every window of the same input', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const overrides: OverrideInput[] = sc.overrides.map(([q, len, personId, seq], i) => ({
          id: `o${i}`,
          personId,
          start: BASE + q * Q,
          end: BASE + (q + len) * Q,
          seq,
        }));
        if (sc.long !== null) overrides.push({ id: 'long', personId: 'l', start: BASE - 30 * DAY, end: BASE + 60 * DAY, seq: sc.long });
        const input = timelineInput(doc, { overrides });
        const oracle = new Oracle([{ doc, effectiveFrom: 0 }], overrides, input.holidays);
        const holder = (s: { personId: string | null; source: string; overrideId: string | null }) => [s.personId, s.source, s.overrideId];
        const probes = [...overrides.flatMap((o) => [o.start - 1, o.start, o.end - 1, o.end]), ...sc.probes.map((m) => BASE + m * 60_000)];
        // Several windows of the one input: the override index is built once and searched each time.
        for (const [q, len] of sc.windows) {
          const from = BASE + q * Q;
          const to = from + len * Q;
          const timeline = computeTimeline(input, from, to);
          for (const t of probes) {
            if (t < from || t >= to) continue;
            const s = timeline.find((x) => x.start <= t && t < x.end)!;
            expect(holder(s), new Date(t).toISOString()).toEqual(holder(oracle.at(t)));
          }
          // Every boundary is a real change of holder.
          for (const s of timeline.slice(1)) expect(holder(oracle.at(s.start - 1))).not.toEqual(holder(oracle.at(s.start)));
        }
        for (const t of probes.slice(0, 8)) expect(holder(shiftAt(input, t))).toEqual(holder(oracle.at(t)));
      }),
      { numRuns: 60, seed: 511 },
    );
  });
});

describe('a window’s cost follows its overrides (it was quadratic: 4,000 overrides took 100 ms, 60,000 seconds)', () => {
  // 40,000 overrides through a year, newer ones later (as they are made), each overlapping the next.
  const overrides: OverrideInput[] = Array.from({ length: 40_000 }, (_, i) => {
    const start = BASE + i * 13 * 60_000;
    return { id: `o${i}`, personId: ['x', 'y', 'z'][i % 3]!, start, end: start + (10 + (i % 4) * 10) * 60_000, seq: i };
  });
  const input = timelineInput(doc, { overrides });

  it('computes 365 days with 40,000 overrides well within a second or two', { timeout: 10_000 }, () => {
    const started = performance.now();
    const timeline = computeTimeline(input, BASE, BASE + 365 * DAY);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(new Set(timeline.map((s) => s.overrideId)).size).toBeGreaterThan(1_000);
    // The newest covering override holds each sampled instant.
    for (const s of timeline.filter((_, i) => i % 997 === 0)) {
      const covering = overrides.filter((o) => o.start <= s.start && s.start < o.end);
      const newest = covering.reduce<OverrideInput | null>((best, o) => (!best || o.seq > best.seq ? o : best), null);
      expect(s.overrideId).toBe(newest?.id ?? null);
    }
  });

  it('answers one-day windows anywhere in the year quickly, again and again (the index is built once)', { timeout: 10_000 }, () => {
    const started = performance.now();
    for (let d = 0; d < 365; d += 5) computeTimeline(input, BASE + d * DAY, BASE + (d + 1) * DAY);
    for (let d = 0; d < 365; d += 30) shiftAt(input, BASE + d * DAY + 3_600_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
