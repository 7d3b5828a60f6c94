/**
 * What the notifier reads off a timeline (src/engine/notices.ts): table cases derived by hand, and
 * properties checked against a naive reference that walks the timeline minute by minute.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedShifts, handoffsIn, newGaps, nextDue, remindersIn, stretchesOf, type Shift, type Stretch } from '../../src/engine/index.js';

const H = 3_600_000;
const shift = (start: number, end: number, personId: string | null, source: Shift['source'] = personId ? 'layer' : 'gap'): Shift => ({
  start,
  end,
  personId,
  source,
  layerId: null,
  overrideId: null,
});

describe('stretchesOf', () => {
  it('merges one person’s adjacent shifts whatever their source, and fills holes with gaps', () => {
    const shifts = [shift(0, 2 * H, 'a'), shift(2 * H, 3 * H, 'a', 'override'), shift(4 * H, 6 * H, 'b'), shift(6 * H, 7 * H, null)];
    expect(stretchesOf(shifts, -H, 8 * H)).toEqual([
      { start: -H, end: 0, personId: null },
      { start: 0, end: 3 * H, personId: 'a' },
      { start: 3 * H, end: 4 * H, personId: null },
      { start: 4 * H, end: 6 * H, personId: 'b' },
      { start: 6 * H, end: 8 * H, personId: null },
    ]);
  });
});

describe('handoffs and reminders', () => {
  const stretches: Stretch[] = [
    { start: 0, end: 10 * H, personId: 'a' },
    { start: 10 * H, end: 20 * H, personId: 'b' },
    { start: 20 * H, end: 22 * H, personId: null },
    { start: 22 * H, end: 30 * H, personId: 'a' },
  ];

  it('finds the handoffs in (after, upTo], never the window’s first stretch, never a gap', () => {
    expect(handoffsIn(stretches, 0, -H, 40 * H).map((h) => [h.start, h.personId, h.previousPersonId, h.nextPersonId])).toEqual([
      [10 * H, 'b', 'a', null],
      [22 * H, 'a', null, null],
    ]);
    expect(handoffsIn(stretches, 0, 10 * H, 22 * H).map((h) => h.start)).toEqual([22 * H]);
    expect(handoffsIn(stretches, 0, 9 * H, 10 * H).map((h) => h.start)).toEqual([10 * H]);
  });

  it('reminds remindMs before each handoff, due within (after, upTo]', () => {
    expect(remindersIn(stretches, 0, 2 * H, 7 * H, 8 * H).map((h) => h.start)).toEqual([10 * H]);
    expect(remindersIn(stretches, 0, 2 * H, 8 * H, 19 * H).map((h) => h.start)).toEqual([]);
    expect(remindersIn(stretches, 0, 2 * H, 19 * H, 20 * H).map((h) => h.start)).toEqual([22 * H]);
  });

  it('wakes at the next handoff, reminder or gap coming within the lookahead', () => {
    expect(nextDue(stretches, 0, [], 5 * H, 0)).toBe(10 * H);
    expect(nextDue(stretches, 0, [], 5 * H, 10 * H)).toBe(15 * H); // the gap at 20 h comes within 5 h
    expect(nextDue(stretches, 0, [H], 5 * H, 15 * H)).toBe(21 * H);
    expect(nextDue(stretches, 0, [], 5 * H, 22 * H)).toBeNull();
  });
});

describe('changedShifts', () => {
  it('reports exactly the people whose time within the window differs, with before and after', () => {
    const before: Stretch[] = [
      { start: 0, end: 10 * H, personId: 'a' },
      { start: 10 * H, end: 20 * H, personId: 'b' },
      { start: 20 * H, end: 30 * H, personId: 'c' },
    ];
    const after: Stretch[] = [
      { start: 0, end: 12 * H, personId: 'a' },
      { start: 12 * H, end: 20 * H, personId: 'b' },
      { start: 20 * H, end: 30 * H, personId: 'c' },
    ];
    expect(changedShifts(before, after, 5 * H, 25 * H)).toEqual([
      { personId: 'a', before: [{ start: 5 * H, end: 10 * H }], after: [{ start: 5 * H, end: 12 * H }] },
      { personId: 'b', before: [{ start: 10 * H, end: 20 * H }], after: [{ start: 12 * H, end: 20 * H }] },
    ]);
    // Outside the window nothing counts.
    expect(changedShifts(before, after, 20 * H, 30 * H)).toEqual([]);
  });
});

describe('newGaps', () => {
  const stretches: Stretch[] = [
    { start: 0, end: 10 * H, personId: null },
    { start: 10 * H, end: 20 * H, personId: 'a' },
    { start: 20 * H, end: 22 * H, personId: null },
    { start: 22 * H, end: 30 * H, personId: 'a' },
  ];
  it('lists gaps starting by `to` and ending after `from`, except those overlapping an announced one', () => {
    expect(newGaps(stretches, [], 5 * H, 20 * H)).toEqual([
      { start: 0, end: 10 * H },
      { start: 20 * H, end: 22 * H },
    ]);
    expect(newGaps(stretches, [{ start: 9 * H, end: 11 * H }], 5 * H, 19 * H)).toEqual([]);
    expect(newGaps(stretches, [], 10 * H, 19 * H)).toEqual([]);
  });
});

// Properties: random timelines on a minute grid, compared with a walk minute by minute.
const M = 60_000;
const timeline = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.constantFrom('a', 'b', 'c', null)), { minLength: 1, maxLength: 20 })
  .map((parts) => {
    let at = 0;
    return stretchesOf(
      parts.map(([len, who]) => {
        const s = shift(at * M, (at + len) * M, who);
        at += len;
        return s;
      }),
      0,
      at * M,
    );
  });

/** Who holds the timeline at each minute (undefined past its end). */
const holderAt = (stretches: readonly Stretch[], minute: number) => stretches.find((s) => s.start <= minute * M && minute * M < s.end)?.personId;

describe('properties', () => {
  it('handoffs are exactly the minutes where a person takes over from someone else', () => {
    fc.assert(
      fc.property(timeline, (stretches) => {
        const end = stretches[stretches.length - 1]!.end / M;
        const expected: number[] = [];
        for (let m = 1; m < end; m++) {
          const who = holderAt(stretches, m);
          if (who !== null && who !== undefined && who !== holderAt(stretches, m - 1)) expected.push(m * M);
        }
        expect(handoffsIn(stretches, 0, 0, end * M).map((h) => h.start)).toEqual(expected);
      }),
    );
  });

  it('a timeline compared with itself changes nobody; with another, each reported person really differs', () => {
    fc.assert(
      fc.property(timeline, timeline, (x, y) => {
        expect(changedShifts(x, x, 0, 600 * M)).toEqual([]);
        const end = Math.min(x[x.length - 1]!.end, y[y.length - 1]!.end) / M;
        const differs = new Set<string>();
        for (let m = 0; m < end; m++) {
          const [p, q] = [holderAt(x, m), holderAt(y, m)];
          if (p !== q) for (const who of [p, q]) if (who) differs.add(who);
        }
        expect(changedShifts(x, y, 0, end * M).map((c) => c.personId)).toEqual([...differs].sort());
      }),
    );
  });

  it('walking time wake by wake meets every handoff once, in order', () => {
    fc.assert(
      fc.property(timeline, (stretches) => {
        const end = stretches[stretches.length - 1]!.end;
        const seen: number[] = [];
        for (let at: number | null = 0; at !== null && at < end; ) {
          const next = nextDue(stretches, 0, [], 0, at);
          if (next === null) break;
          seen.push(...handoffsIn(stretches, 0, at, next).map((h) => h.start));
          at = next;
        }
        expect(seen).toEqual(handoffsIn(stretches, 0, 0, end).map((h) => h.start));
      }),
    );
  });
});
